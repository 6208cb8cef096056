// `npm pack` (prepack): ships the lockfile as npm-shrinkwrap.json, so an install of the tarball
// gets exactly the tested versions and can run from the npm cache alone (`npm install -g
// --offline`). This machine's npm omits `resolved` from lockfiles; without it npm must ask the
// registry for each package's metadata, so the registry URL of every tarball is written back in.
import { readFileSync, writeFileSync } from "node:fs";

const registry = (process.env.npm_config_registry || "https://registry.npmjs.org/").replace(/\/?$/, "/");
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
for (const [where, entry] of Object.entries(lock.packages)) {
  if (!where || entry.link || entry.resolved || !entry.version || !entry.integrity) continue;
  const name = entry.name ?? where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length);
  entry.resolved = `${registry}${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
}
writeFileSync("npm-shrinkwrap.json", JSON.stringify(lock, null, 2) + "\n");

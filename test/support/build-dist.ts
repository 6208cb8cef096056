import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * vitest globalSetup: tests that run `npm start` or the `briefing` binary run the compiled dist/.
 * `npm ci` builds it (prepare); after an edit to src/ it is rebuilt here, so no test runs stale code.
 */
export default function setup(): void {
  const built = path.join(ROOT, "dist/faces/cli/main.js");
  if (existsSync(built) && statSync(built).mtimeMs >= newest(path.join(ROOT, "src"))) return;
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
}

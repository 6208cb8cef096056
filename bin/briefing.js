#!/usr/bin/env node
// Installed entry point: the compiled CLI (`npm run build`, run by `npm install`/`npm ci` via prepare).
try {
  await import("../dist/faces/cli/main.js");
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist/faces/cli/main.js")) throw e;
  console.error("briefing: the compiled CLI is missing (dist/)\n  hint: run `npm run build` in the briefing folder");
  process.exit(1);
}

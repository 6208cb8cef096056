import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { processAlive } from "./process-alive.js";

/**
 * Asking a background embedding to give up the ingest lock. An explicit `briefing ingest` that
 * finds the lock held leaves `ingest.wanted.<pid>` in the index folder while it waits; a holder
 * that only fills in the semantic layer in the background (the chat) looks for it between
 * embedding calls, commits what it has, and lets go. A request whose process has ended counts for
 * nothing and is removed.
 */
const PREFIX = "ingest.wanted.";

/** Leaves this process's request; returns its withdrawal (also done at exit). */
export function askToYield(indexDir: string): () => void {
  const file = path.join(indexDir, `${PREFIX}${process.pid}`);
  try {
    writeFileSync(file, "");
  } catch {
    return () => {}; // a folder we cannot write to: we wait as before
  }
  const withdraw = () => {
    process.off("exit", withdraw);
    rmSync(file, { force: true });
  };
  process.on("exit", withdraw);
  return withdraw;
}

/** Whether another live process is waiting for the lock of the index at `indexDir`. */
export function yieldAsked(indexDir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(indexDir);
  } catch {
    return false;
  }
  let asked = false;
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    if (processAlive(pid)) asked = true;
    else rmSync(path.join(indexDir, name), { force: true });
  }
  return asked;
}

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An exclusive ingest lock on an index folder: a `ingest.lock` file holding the owner's pid,
 * created with O_EXCL. A lock left by a dead process is taken over, so a crash never
 * blocks the next ingest.
 */
export function acquireIngestLock(indexDir: string): () => void {
  mkdirSync(indexDir, { recursive: true });
  const file = path.join(indexDir, "ingest.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid) {
        throw new UserError(
          `another ingest (pid ${pid}) is updating the index at ${indexDir}`,
          "wait for it to finish, or stop it; the current index stays usable meanwhile",
        );
      }
      rmSync(file, { force: true }); // stale: its owner died
    }
  }
  throw new UserError(`could not lock the index at ${indexDir}`, `remove ${file} if no ingest is running`);
}

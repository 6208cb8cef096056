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
  const file = path.join(indexDir, "ingest.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(indexDir, { recursive: true });
      writeFileSync(file, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        rmSync(file, { force: true });
      };
      // Ctrl+C or SIGTERM ends the process through process.exit: the lock goes with it.
      process.on("exit", release);
      return release;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new UserError(
          `cannot write to the index folder ${indexDir} (${code === "EACCES" || code === "EPERM" || code === "EROFS" ? "it is read-only for you" : (code ?? (e as Error).message)})`,
          "make it writable, or pass --index <folder> to keep the index elsewhere",
        );
      }
      const pid = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid) throw new IndexLocked(pid, indexDir);
      rmSync(file, { force: true }); // stale: its owner died
    }
  }
  throw new UserError(`could not lock the index at ${indexDir}`, `remove ${file} if no ingest is running`);
}

/** The lock is held by another live process. */
export class IndexLocked extends UserError {
  constructor(
    readonly pid: number,
    indexDir: string,
  ) {
    super(`another ingest (pid ${pid}) is updating the index at ${indexDir}`, "wait for it to finish, or stop it; the current index stays usable meanwhile");
  }
}

/** Takes the lock, waiting while another process holds it; `onWait` is told once whom it waits for. */
export async function waitForIngestLock(indexDir: string, onWait?: (pid: number) => void): Promise<() => void> {
  let told = false;
  for (;;) {
    try {
      return acquireIngestLock(indexDir);
    } catch (e) {
      if (!(e instanceof IndexLocked)) throw e;
      if (!told) onWait?.(e.pid);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

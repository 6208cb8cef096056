import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A failed update (disk full, read-only folder) remembered for the corpus it was for, so each
 * question does not redo the same doomed work before answering from the index as it is. Best
 * effort: on a disk too full for this small file, the next question simply tries again.
 */
const FILE = "update-failed.json";

export function recordFailedUpdate(indexDir: string, fingerprint: string, reason: string): void {
  try {
    writeFileSync(path.join(indexDir, FILE), JSON.stringify({ fingerprint, reason, at: new Date().toISOString() }));
  } catch {
    // nothing more to do: see above
  }
}

/** The reason the last update for this corpus failed, if it did. */
export function failedUpdate(indexDir: string, fingerprint: string): string | null {
  try {
    const r = JSON.parse(readFileSync(path.join(indexDir, FILE), "utf8"));
    return r.fingerprint === fingerprint && typeof r.reason === "string" ? r.reason : null;
  } catch {
    return null;
  }
}

export function clearFailedUpdate(indexDir: string): void {
  rmSync(path.join(indexDir, FILE), { force: true });
}

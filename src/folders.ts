import { mkdirSync } from "node:fs";
import path from "node:path";

/**
 * `mkdir -p`, one level at a time. Node's `mkdirSync(dir, { recursive: true })` spins forever at
 * full CPU where a parent exists but refuses children with ENOENT (`/proc/x`, seen with
 * `BRIEFING_INDEX=/proc/x`); here every level is made once, and its error is thrown as is.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      mkdirSync(d);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") break;
      if (code !== "ENOENT" || path.dirname(d) === d || missing.includes(d)) throw e;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e; // made meanwhile by another process
    }
  }
}

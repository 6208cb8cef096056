import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * Bytes a folder takes on disk: blocks allocated, so an unembedded sentence table (a sparse file)
 * counts only what it holds, and a file hard-linked between generations counts once. What a user
 * with a large archive wants to know after an ingest; 0 for a folder that is not there.
 */
export function diskUsage(dir: string): number {
  const seen = new Set<string>();
  let bytes = 0;
  const walk = (at: string) => {
    let entries;
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return; // gone meanwhile (a pruned generation), or unreadable: not counted
    }
    for (const e of entries) {
      const p = path.join(at, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          const s = lstatSync(p, { bigint: true });
          const key = `${s.dev}:${s.ino}`;
          if (seen.has(key)) continue;
          seen.add(key);
          // st_blocks is in 512-byte units on Linux and macOS (0 for a table not written yet); Windows has none: the apparent size.
          bytes += process.platform === "win32" ? Number(s.size) : Number(s.blocks) * 512;
        } catch {
          // removed between listing and stat
        }
      }
    }
  };
  walk(dir);
  return bytes;
}

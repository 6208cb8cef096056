import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The generation an index folder's `CURRENT` names (empty when there is none yet). Reading it is
 * the cheap way to learn that another process has written a newer index: a few bytes, no parsing.
 */
export function currentGeneration(indexDir: string): string {
  try {
    return readFileSync(path.join(indexDir, "CURRENT"), "utf8").trim();
  } catch {
    return "";
  }
}

import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * About how many bytes a new generation needs, for a full disk's message: the live generation's
 * size (a new one is written beside it and is about as big), and at least the sentence vectors
 * about to be written. Undefined when neither is known.
 */
export function generationBytes(dir: string, generation: string | null, vectorBytes: number): number | undefined {
  let live = 0;
  if (generation) {
    try {
      for (const name of readdirSync(path.join(dir, generation))) live += statSync(path.join(dir, generation, name)).size;
    } catch {
      live = 0;
    }
  }
  const bytes = Math.max(live, vectorBytes);
  return bytes > 0 ? bytes : undefined;
}

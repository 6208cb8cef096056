import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, tempDir } from "./fixtures.js";

export const REUTERS = path.join(ROOT, "../shared/corpora/reuters/reuters-21578.jsonl");
export const hasReuters = existsSync(REUTERS);

/** The bid, the suit, the rejection, the raised bid, the end of the GenCorp takeover battle (March 18 – April 13, 1987). */
export const GENCORP_STORIES = ["reut_06410", "reut_08361", "reut_11144", "reut_12858", "reut_16395"];

/**
 * A temp corpus of the five GenCorp stories from the shared Reuters file; with `conflict`, the suit's story
 * again a day later with the board's deadline changed ("by March 31" → "by April 2"): a constructed "reports differ".
 * Returns the corpus and an index folder beside it.
 */
export function gencorpCorpus(opts: { conflict?: boolean } = {}): { corpus: string; index: string } {
  const dir = tempDir("briefing-gencorp-");
  const corpus = path.join(dir, "corpus");
  mkdirSync(corpus, { recursive: true });
  const wanted = new Set(GENCORP_STORIES);
  const stories = readFileSync(REUTERS, "utf8").split("\n").filter((l) => wanted.has(/"id": ?"([^"]+)"/.exec(l)?.[1] ?? "")).map((l) => JSON.parse(l));
  if (stories.length !== GENCORP_STORIES.length) throw new Error(`expected ${GENCORP_STORIES.length} GenCorp stories in ${REUTERS}, found ${stories.length}`);
  if (opts.conflict) {
    const suit = stories.find((s) => s.id === "reut_08361");
    stories.push({ ...suit, id: "reut_08361_copy", date: "1987-03-24T09:00:00", text: suit.text.replace("by March 31", "by April 2") });
  }
  writeFileSync(path.join(corpus, "gencorp.jsonl"), stories.map((s) => JSON.stringify(s)).join("\n") + "\n");
  return { corpus, index: path.join(dir, "index") };
}

/** The answerability check on the chosen sentences of an index: each with its neighbours, weighed by the index's IDF. */
import type { BriefingIndex } from "../../index/store.js";
import type { Candidate as Chosen } from "../select.js";
import { describe, judge, type Mismatch } from "./judge.js";

/** How many of the chosen sentences are aligned: the answer is led by them. */
const ALIGNED = 3;

/** Why the chosen sentences do not answer the question (for the verdict's reason), or null. */
export function unanswered(index: BriefingIndex, question: string, chosen: Chosen[]): { mismatch: Mismatch; reason: string } | null {
  const candidates = chosen.slice(0, ALIGNED).map((c) => ({ sentence: c.text, window: windowOf(index, c) }));
  const mismatch = judge(question, candidates, (t) => index.lexical.idf(t));
  return mismatch ? { mismatch, reason: `the best sentence does not answer: ${describe(mismatch)}` } : null;
}

/** The sentence with the one before and after it in its article. */
function windowOf(index: BriefingIndex, c: Chosen): string {
  let from = c.start;
  let to = c.end;
  let before = -1;
  let after = Infinity;
  for (const p of index.passagesOf(c.passage.articleId)) {
    for (const s of p.sentences) {
      if (s.end <= c.start && s.start > before) before = s.start;
      if (s.start >= c.end && s.end < after) after = s.end;
    }
  }
  if (before >= 0) from = before;
  if (Number.isFinite(after)) to = after;
  return index.articleText(c.passage.articleId, from, to);
}

import { Bm25Index } from "../index/bm25.js";
import type { SquadParagraph, SquadQuestion } from "./squad.js";
import { paragraphKey } from "./squad.js";

/**
 * The benchmark's own yardstick, measured on the same sample: plain BM25 over title + paragraph,
 * one document per paragraph, no chunks, no dense list. The hybrid retriever is judged against
 * this figure rather than a number quoted from elsewhere (a different sample scores differently).
 */
export function referenceBm25(paragraphs: SquadParagraph[], questions: SquadQuestion[]): { goldAt1: number; goldAt5: number } {
  const index = new Bm25Index();
  paragraphs.forEach((p, i) => index.add(i, `${p.title}\n${p.text}`));
  const answerable = questions.filter((q) => q.answerable);
  let at1 = 0;
  let at5 = 0;
  for (const q of answerable) {
    const rank = index.search(q.question, 5).findIndex((h) => q.expected_articles.includes(paragraphKey(paragraphs[h.label].id)));
    if (rank === 0) at1++;
    if (rank >= 0) at5++;
  }
  const n = answerable.length || 1;
  return { goldAt1: at1 / n, goldAt5: at5 / n };
}

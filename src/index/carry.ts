/**
 * Vectors carried across a change of article ids. An article's id is its path inside the corpus
 * folder (however the folder is named: see article-ids.ts), so a file moved or renamed drops and
 * re-adds articles whose sentences the index has already embedded. Their vectors are kept by
 * sentence text and given back, instead of hours of embedding again. The same goes for an edited
 * article's unchanged sentences, and for a rebuild after chunking or sentence splitting changed.
 */
import { sentenceText, type IndexedPassage } from "./passage.js";
import type { BriefingIndex } from "./store.js";

/** A carried vector, or how to read it from an index that stays open until the vectors are given back. */
export type Carried = Float32Array | (() => Float32Array);

/** The saved vectors of these articles' sentences, by text (copies: the rows go when the articles do). */
export function vectorsOf(index: BriefingIndex, articleIds: Iterable<string>): Map<string, Carried> {
  return addVectorsOf(new Map(), index, articleIds, true);
}

/**
 * Adds to `carried` the saved vectors of these articles' sentences that it has no vector for: copies, or
 * (`copy` false, for an index left as it is, as the one a rebuild replaces) reads from `index` when given back,
 * so a rebuild of a big archive does not hold every vector twice. Most sentence texts survive a rebuild for
 * other chunking or sentence splitting.
 */
export function addVectorsOf(carried: Map<string, Carried>, index: BriefingIndex, articleIds: Iterable<string>, copy = false): Map<string, Carried> {
  for (const id of articleIds) {
    for (const p of index.passagesOf(id)) {
      p.sentences.forEach((_, i) => {
        if (!index.isEmbedded(p, i)) return;
        const text = sentenceText(p, i);
        if (!carried.has(text)) carried.set(text, copy ? Float32Array.from(index.sentenceVector(p, i)) : () => Float32Array.from(index.sentenceVector(p, i)));
      });
    }
  }
  return carried;
}

/** Gives these articles' sentences the carried vectors their text has; passages completed join the graph. Returns the sentences filled. */
export function restoreVectors(index: BriefingIndex, articleIds: Iterable<string>, carried: Map<string, Carried>): number {
  if (carried.size === 0) return 0;
  let filled = 0;
  const touched: IndexedPassage[] = [];
  for (const id of articleIds) {
    for (const p of index.passagesOf(id)) {
      let any = false;
      p.sentences.forEach((_, i) => {
        if (index.isEmbedded(p, i)) return;
        const v = carried.get(sentenceText(p, i));
        if (!v) return;
        index.setVector(p, i, typeof v === "function" ? v() : v);
        filled++;
        any = true;
      });
      if (any) touched.push(p);
    }
  }
  index.joinGraph(touched.sort((a, b) => a.label - b.label));
  return filled;
}

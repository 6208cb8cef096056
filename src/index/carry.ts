/**
 * Vectors carried across a change of article ids. An article's id is its path inside the corpus
 * folder (however the folder is named: see article-ids.ts), so a file moved or renamed drops and
 * re-adds articles whose sentences the index has already embedded. Their vectors are kept by
 * sentence text and given back, instead of hours of embedding again. The same goes for an edited
 * article's unchanged sentences, and for a rebuild after chunking or sentence splitting changed.
 */
import { sentenceText, type IndexedPassage } from "./passage.js";
import type { BriefingIndex } from "./store.js";

/** The saved vectors of these articles' sentences, by text (copies: the rows go when the articles do). */
export function vectorsOf(index: BriefingIndex, articleIds: Iterable<string>): Map<string, Float32Array> {
  return addVectorsOf(new Map(), index, articleIds);
}

/**
 * Adds to `carried` the saved vectors of these articles' sentences that it has no vector for. Also used
 * when an index is rebuilt for other chunking or sentence splitting: most sentence texts are unchanged.
 */
export function addVectorsOf(carried: Map<string, Float32Array>, index: BriefingIndex, articleIds: Iterable<string>): Map<string, Float32Array> {
  for (const id of articleIds) {
    for (const p of index.passagesOf(id)) {
      p.sentences.forEach((_, i) => {
        if (!index.isEmbedded(p, i)) return;
        const text = sentenceText(p, i);
        if (!carried.has(text)) carried.set(text, Float32Array.from(index.sentenceVector(p, i)));
      });
    }
  }
  return carried;
}

/** Gives these articles' sentences the carried vectors their text has; passages completed join the graph. Returns the sentences filled. */
export function restoreVectors(index: BriefingIndex, articleIds: Iterable<string>, carried: Map<string, Float32Array>): number {
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
        index.setVector(p, i, v);
        filled++;
        any = true;
      });
      if (any) touched.push(p);
    }
  }
  index.joinGraph(touched.sort((a, b) => a.label - b.label));
  return filled;
}

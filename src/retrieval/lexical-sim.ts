import type { BriefingIndex } from "../index/store.js";
import { contentTerms } from "../text/terms.js";

/**
 * A stand-in for a sentence's embedding similarity while its vector is not computed yet (the
 * semantic layer fills in after the lexical one): the share of the question's IDF weight whose
 * terms the sentence holds. Like the embedding cosine it is 1 when the sentence holds every word
 * asked about and 0 for none, so sentence scoring and abstention read it on the same scale.
 * Nothing is fitted (chosen over the symmetric TF-IDF cosine, which a long answering sentence
 * dilutes: seed false abstention 0.44).
 */
export function lexicalSimilarity(index: BriefingIndex, question: string): (text: string) => number {
  const q = new Map([...new Set(contentTerms(question))].map((t) => [t, index.lexical.idf(t)]));
  const total = [...q.values()].reduce((a, b) => a + b, 0);
  return (text: string) => {
    if (!total) return 0;
    let held = 0;
    for (const t of new Set(contentTerms(text))) held += q.get(t) ?? 0;
    return held / total;
  };
}

import { describe, expect, it } from "vitest";
import { Bm25Index } from "../src/index/bm25.js";
import { contentTerms } from "../src/text/terms.js";

/** Okapi BM25 written out plainly (a map per query, every hit sorted): what the index's search must return. */
function reference(docs: Map<number, string>, query: string, k: number, allow?: (label: number) => boolean, k1 = 1.2, b = 0.75) {
  const terms = new Map([...docs].map(([l, t]) => [l, contentTerms(t)]));
  const avg = [...terms.values()].reduce((n, t) => n + t.length, 0) / terms.size;
  const scores = new Map<number, number>();
  for (const term of new Set(contentTerms(query))) {
    const df = [...terms.values()].filter((t) => t.includes(term)).length;
    if (!df) continue;
    const idf = Math.log(1 + (terms.size - df + 0.5) / (df + 0.5));
    for (const [label, t] of terms) {
      const tf = t.filter((x) => x === term).length;
      if (!tf || (allow && !allow(label))) continue;
      const s = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * t.length) / avg));
      scores.set(label, (scores.get(label) ?? 0) + s);
    }
  }
  return [...scores].map(([label, score]) => ({ label, score })).sort((x, y) => y.score - x.score || x.label - y.label).slice(0, k);
}

describe("BM25 search", () => {
  // Many passages sharing common words (so a query hits far more than k), some identical (ties broken by label).
  const words = ["oil", "prices", "rose", "fell", "bank", "rates", "coffee", "brazil", "exports", "said", "tonnes", "wheat"];
  const docs = new Map<number, string>();
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (let label = 0; label < 400; label += 1 + (next() % 3)) docs.set(label, Array.from({ length: 3 + (next() % 12) }, () => words[next() % words.length]).join(" "));
  docs.set(1000, docs.get(0)!);
  docs.set(1001, docs.get(0)!);

  it("returns exactly the plain formula's top k, in its order, for small and large k, with and without a filter, after changes", () => {
    const index = new Bm25Index();
    for (const [l, t] of docs) index.add(l, t);
    const queries = ["oil prices rose", "coffee", "bank rates fell in brazil", "wheat tonnes exports said", "nothing matches"];
    const allow = (l: number) => l % 3 !== 1;
    for (const q of queries) {
      for (const k of [0, 1, 5, 40, 10_000]) {
        expect(index.search(q, k)).toEqual(reference(docs, q, k));
        expect(index.search(q, k, allow)).toEqual(reference(docs, q, k, allow));
      }
    }
    // Removing and re-adding changes lengths and the average: the scores follow.
    index.remove(0);
    docs.delete(0);
    index.add(5000, "oil oil oil prices");
    docs.set(5000, "oil oil oil prices");
    for (const q of queries) expect(index.search(q, 40)).toEqual(reference(docs, q, 40));
    // And read back from its binary form.
    const copy = Bm25Index.fromBinary(index.toBinary());
    for (const q of queries) expect(copy.search(q, 40)).toEqual(reference(docs, q, 40));
  });
});

import { contentTerms } from "../text/terms.js";

/**
 * Okapi BM25 over passages, with an inverted index so a query touches only the postings
 * of its own terms (LangChain's BM25Retriever rescans every document per query, too slow
 * for an archive). Serialisable to JSON, and updatable in place for incremental ingest.
 */
export interface Bm25Data {
  k1: number;
  b: number;
  /** term -> [label, termFrequency][] */
  postings: Record<string, [number, number][]>;
  /** label -> passage length in terms */
  lengths: Record<number, number>;
}

export class Bm25Index {
  private postings = new Map<string, Map<number, number>>();
  private lengths = new Map<number, number>();
  private totalLength = 0;

  constructor(
    readonly k1 = 1.2,
    readonly b = 0.75,
  ) {}

  get size(): number {
    return this.lengths.size;
  }

  add(label: number, text: string): void {
    if (this.lengths.has(label)) this.remove(label);
    const terms = contentTerms(text);
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, tf] of counts) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = new Map()));
      list.set(label, tf);
    }
    this.lengths.set(label, terms.length);
    this.totalLength += terms.length;
  }

  remove(label: number): void {
    const len = this.lengths.get(label);
    if (len === undefined) return;
    for (const [t, list] of this.postings) {
      if (list.delete(label) && list.size === 0) this.postings.delete(t);
    }
    this.lengths.delete(label);
    this.totalLength -= len;
  }

  /** Number of passages containing the term (already normalised by `contentTerms`). */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  idf(term: string): number {
    const n = this.size;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Top `k` passages for the query, best first; `allow` restricts the labels considered. */
  search(query: string, k: number, allow?: (label: number) => boolean): { label: number; score: number }[] {
    const avg = this.size ? this.totalLength / this.size : 0;
    const scores = new Map<number, number>();
    for (const term of new Set(contentTerms(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const [label, tf] of list) {
        if (allow && !allow(label)) continue;
        const len = this.lengths.get(label) ?? 0;
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / (avg || 1)));
        scores.set(label, (scores.get(label) ?? 0) + s);
      }
    }
    return [...scores]
      .map(([label, score]) => ({ label, score }))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, k);
  }

  toJSON(): Bm25Data {
    const postings: Bm25Data["postings"] = {};
    for (const [t, list] of this.postings) postings[t] = [...list];
    return { k1: this.k1, b: this.b, postings, lengths: Object.fromEntries(this.lengths) };
  }

  static fromJSON(data: Bm25Data): Bm25Index {
    const index = new Bm25Index(data.k1, data.b);
    for (const [t, list] of Object.entries(data.postings)) index.postings.set(t, new Map(list));
    for (const [label, len] of Object.entries(data.lengths)) {
      index.lengths.set(Number(label), len);
      index.totalLength += len;
    }
    return index;
  }
}

import { contentTerms } from "../text/terms.js";
import { type Bm25Binary, type Bm25Data, packTable, pairsOf, type Postings, unpackTable } from "./bm25-layout.js";

/**
 * Okapi BM25 over passages, with an inverted index so a query touches only the postings
 * of its own terms (LangChain's BM25Retriever rescans every document per query, too slow
 * for an archive). Updatable in place for incremental ingest; stored as JSON (format 3) or as
 * typed arrays (format 4); both layouts are in bm25-layout.ts.
 *
 * A term's postings are one flat list `[label, tf, label, tf, …]` in the order passages were
 * added: a Map per term cost a first Reuters ingest about 5 s and most of its garbage collection.
 * Lists read from disk stay views on the file's bytes until a change copies them.
 */
export class Bm25Index {
  /** Each term's id: its postings are `lists[id]`. A term whose list empties keeps its id. */
  private ids = new Map<string, number>();
  private terms: string[] = [];
  private lists: (Postings | undefined)[] = [];
  /** Read from disk: the table the lists are views into (made on first use), and where each term's pairs start. */
  private table: Int32Array | null = null;
  private starts: Int32Array | null = null;
  private lengths = new Map<number, number>();
  private totalLength = 0;
  /** Labels removed whose postings are not purged yet: removals are applied in one pass over the lists. */
  private removed = new Set<number>();
  /**
   * Per label, the length part of BM25's denominator, `k1 · (1 − b + b · length / average)`, made
   * by the first search after a change: a Reuters question walks tens of thousands of postings, and
   * a map lookup of each one's length was most of a search. Same arithmetic, so the same scores.
   */
  private norms: Float64Array | null = null;
  /** Per term, whether its list is in label order (found on first ask, dropped on any change): then `holds` searches it by halves. */
  private ordered = new Map<string, boolean>();
  /** Terms by their first four letters, extended as terms are added (terms are only ever appended). */
  private byPrefix = new Map<string, string[]>();
  private prefixed = 0;

  constructor(
    readonly k1 = 1.2,
    readonly b = 0.75,
  ) {}

  get size(): number {
    return this.lengths.size;
  }

  private listOf(term: string): Postings | undefined {
    const id = this.ids.get(term);
    return id === undefined ? undefined : this.list(id);
  }

  private list(id: number): Postings {
    let list = this.lists[id];
    if (list === undefined) {
      const at = this.starts![id];
      this.lists[id] = list = this.table!.subarray(at + 1, at + 1 + 2 * this.table![at]);
    }
    return list;
  }

  add(label: number, text: string): void {
    this.addTerms(label, contentTerms(text));
  }

  /** `add` for a text whose `contentTerms` are already known (an ingest tokenises each article once). */
  addTerms(label: number, terms: readonly string[]): void {
    if (this.lengths.has(label)) this.remove(label);
    this.purge();
    // One map lookup per word: a term's first occurrence appends `label, 1` to its list, later
    // ones count up that last entry (no map of counts per passage).
    for (const t of terms) {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.terms.push(t) - 1;
        this.ids.set(t, id);
        this.lists.push([]);
      }
      let list = this.list(id);
      if (!Array.isArray(list)) this.lists[id] = list = Array.from(list);
      if (list.length && list[list.length - 2] === label) list[list.length - 1]++;
      else list.push(label, 1);
    }
    this.lengths.set(label, terms.length);
    this.totalLength += terms.length;
    this.norms = null;
    if (this.ordered.size) this.ordered.clear();
  }

  remove(label: number): void {
    const len = this.lengths.get(label);
    if (len === undefined) return;
    this.removed.add(label);
    this.lengths.delete(label);
    this.totalLength -= len;
    this.norms = null;
    if (this.ordered.size) this.ordered.clear();
  }

  /** Whether the passage `label` holds the term (already normalised by `contentTerms`), without a pass over its text. */
  holds(term: string, label: number): boolean {
    this.purge();
    const list = this.listOf(term);
    if (!list?.length) return false;
    let ordered = this.ordered.get(term);
    if (ordered === undefined) {
      ordered = true;
      for (let i = 2; i < list.length && ordered; i += 2) ordered = list[i - 2] < list[i];
      if (this.ordered.size > 50_000) this.ordered.clear(); // bounded: a long chat asks about many terms
      this.ordered.set(term, ordered);
    }
    if (!ordered) {
      for (let i = 0; i < list.length; i += 2) if (list[i] === label) return true;
      return false;
    }
    let lo = 0;
    let hi = list.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = list[2 * mid];
      if (at === label) return true;
      if (at < label) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** The terms (of any passage, ever) that start with `prefix`'s first four letters. */
  termsStartingWith(prefix: string): readonly string[] {
    for (; this.prefixed < this.terms.length; this.prefixed++) {
      const t = this.terms[this.prefixed];
      if (t.length < 4) continue;
      const key = t.slice(0, 4);
      const row = this.byPrefix.get(key);
      if (row) row.push(t);
      else this.byPrefix.set(key, [t]);
    }
    return this.byPrefix.get(prefix.slice(0, 4)) ?? [];
  }

  /** Drops removed labels from the postings: one pass over every list, however many were removed. */
  private purge(): void {
    if (this.removed.size === 0) return;
    this.terms.forEach((_, id) => {
      const list = this.list(id);
      let kept: number[] | null = null;
      for (let i = 0; i < list.length; i += 2) {
        if (this.removed.has(list[i])) kept ??= Array.from(list.slice(0, i));
        else kept?.push(list[i], list[i + 1]);
      }
      if (kept) this.lists[id] = kept;
    });
    this.removed.clear();
  }

  /** Number of passages containing the term (already normalised by `contentTerms`). */
  documentFrequency(term: string): number {
    this.purge();
    return (this.listOf(term)?.length ?? 0) / 2;
  }

  idf(term: string): number {
    const n = this.size;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Top `k` passages for the query, best first; `allow` restricts the labels considered. */
  search(query: string, k: number, allow?: (label: number) => boolean): { label: number; score: number }[] {
    this.purge();
    const avg = this.size ? this.totalLength / this.size : 0;
    const norms = (this.norms ??= this.lengthNorms(avg));
    // Scores by label in a flat array, summed term by term in the query's order (as a map of them was).
    const scores = new Float64Array(norms.length);
    const hit = new Uint8Array(norms.length);
    const hits: number[] = [];
    for (const term of new Set(contentTerms(query))) {
      const list = this.listOf(term);
      if (!list?.length) continue;
      const idf = this.idf(term);
      for (let i = 0; i < list.length; i += 2) {
        const label = list[i];
        const tf = list[i + 1];
        if (allow && !allow(label)) continue;
        const s = (idf * tf * (this.k1 + 1)) / (tf + norms[label]);
        if (hit[label]) scores[label] += s;
        else {
          hit[label] = 1;
          scores[label] = s;
          hits.push(label);
        }
      }
    }
    const best = Number.isInteger(k) && k >= 0 && k * 8 < hits.length ? topLabels(hits, scores, k) : hits.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
    return best.map((label) => ({ label, score: scores[label] }));
  }

  private lengthNorms(avg: number): Float64Array {
    let top = -1;
    for (const label of this.lengths.keys()) if (label > top) top = label;
    const norms = new Float64Array(top + 1);
    for (const [label, len] of this.lengths) norms[label] = this.k1 * (1 - this.b + (this.b * len) / (avg || 1));
    return norms;
  }

  /** Terms with their postings, in the order terms first appeared; emptied ones left out. */
  private *entries(): Generator<[string, Postings]> {
    for (let id = 0; id < this.terms.length; id++) if (this.list(id).length) yield [this.terms[id], this.list(id)];
  }

  private put(term: string, list: Postings): void {
    this.ids.set(term, this.terms.push(term) - 1);
    this.lists.push(list);
  }

  toJSON(): Bm25Data {
    this.purge();
    const postings: Bm25Data["postings"] = {};
    for (const [t, list] of this.entries()) postings[t] = pairsOf(list);
    return { k1: this.k1, b: this.b, postings, lengths: Object.fromEntries(this.lengths) };
  }

  static fromJSON(data: Bm25Data): Bm25Index {
    const index = new Bm25Index(data.k1, data.b);
    for (const [t, list] of Object.entries(data.postings)) index.put(t, list.flat());
    for (const [label, len] of Object.entries(data.lengths)) {
      index.lengths.set(Number(label), len);
      index.totalLength += len;
    }
    return index;
  }

  /** The index as typed arrays (format 4; the layout: `packTable`). */
  toBinary(): Bm25Binary {
    this.purge();
    return { k1: this.k1, b: this.b, ...packTable(this.lengths, [...this.entries()]) };
  }

  static fromBinary(data: Bm25Binary): Bm25Index {
    const index = new Bm25Index(data.k1, data.b);
    const { table, terms } = data;
    const { lengths, starts } = unpackTable(table, terms.length);
    for (const [label, len] of lengths) {
      index.lengths.set(label, len);
      index.totalLength += len;
    }
    index.table = table;
    index.starts = starts;
    index.terms = terms;
    index.ids = new Map(terms.map((t, id) => [t, id]));
    index.lists = new Array(terms.length);
    return index;
  }
}

/**
 * The `k` best labels, best first (higher score, then lower label), kept in a sorted list of at
 * most `k` as the hits go by: a common word can hit most of an archive, and sorting all of them
 * for the top 40 was the rest of a search.
 */
function topLabels(hits: number[], scores: Float64Array, k: number): number[] {
  const top: number[] = [];
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
  for (const label of hits) {
    if (top.length === k && !better(label, top[k - 1])) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(top[mid], label)) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, label);
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * BM25's two stored forms, apart from the index that reads and writes them (bm25.ts): format 3's
 * JSON and format 4's typed arrays. A term's postings are one flat list `[label, tf, label, tf, …]`.
 */
export interface Bm25Data {
  k1: number;
  b: number;
  /** term -> [label, termFrequency][] */
  postings: Record<string, [number, number][]>;
  /** label -> passage length in terms */
  lengths: Record<number, number>;
}

/** Format 4's BM25: terms in order, and one Int32 table of lengths and postings (see `packTable`). */
export interface Bm25Binary {
  k1: number;
  b: number;
  terms: string[];
  table: Int32Array;
}

/** A term's postings, flat: an array while it changes, a view on the table read from disk until then. */
export type Postings = number[] | Int32Array;

/** A flat list as the JSON form's `[label, tf]` pairs. */
export function pairsOf(list: Postings): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
  return pairs;
}

/**
 * The index as typed arrays: `table` holds the passage count, then `label, length` per passage,
 * then for each term (in `terms` order) its posting count and its `label, tf` pairs. Nothing to
 * parse on reading: lists are views into the table.
 */
export function packTable(lengths: ReadonlyMap<number, number>, entries: readonly [string, Postings][]): { terms: string[]; table: Int32Array } {
  let size = 1 + 2 * lengths.size;
  for (const [, list] of entries) size += 1 + list.length;
  const table = new Int32Array(size);
  let at = 0;
  table[at++] = lengths.size;
  for (const [label, len] of lengths) {
    table[at++] = label;
    table[at++] = len;
  }
  const terms: string[] = [];
  for (const [t, list] of entries) {
    terms.push(t);
    table[at++] = list.length / 2;
    table.set(list, at);
    at += list.length;
  }
  return { terms, table };
}

/**
 * Reads `packTable`'s layout back: the passage lengths, and where each term's pairs start (its
 * posting count; the pairs follow). Throws when the table does not match its terms.
 */
export function unpackTable(table: Int32Array, termCount: number): { lengths: [number, number][]; starts: Int32Array } {
  let at = 0;
  const n = table[at++];
  const lengths: [number, number][] = [];
  for (let i = 0; i < n; i++, at += 2) lengths.push([table[at], table[at + 1]]);
  // Lists stay in the table until a question or a change touches them: only their starts are found here.
  const starts = new Int32Array(termCount);
  for (let id = 0; id < termCount; id++) {
    const pairs = table[at];
    if (!(pairs > 0) || at + 1 + 2 * pairs > table.length) throw new Error("the BM25 table does not match its terms");
    starts[id] = at;
    at += 1 + 2 * pairs;
  }
  if (at !== table.length) throw new Error("the BM25 table does not match its terms");
  return { lengths, starts };
}

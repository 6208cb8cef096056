import { unitMean } from "../embedding/vectors.js";
import { writeVectorRows } from "./generation-files.js";
import type { IndexedPassage } from "./passage.js";
import { VectorFile } from "./vector-file.js";

/**
 * The semantic layer's storage, owned by BriefingIndex: one vector row per sentence (a passage's
 * sentences are rows `row … row + n - 1`), a flag per row saying whether it is embedded yet, and
 * the vectors a question embedded for itself in this process (never saved).
 *
 * The table itself is never held whole: the rows of the last generation saved stay in its file
 * (read as they are needed), and only rows embedded since then are in memory, until the next save
 * writes them out with the rest, streaming from that file (Reuters: 280 MB of vectors, which an
 * ingest held whole beside the graph and the embedding workers, over its 1 GB budget).
 */
export class SentenceRows {
  /** The last saved table, or null when none has a vector yet (every row then reads as zeros). */
  #base: VectorFile | null;
  /** For each row, its row in `#base` (-1: none) once rows were renumbered; null: the same row. */
  #baseRow: Int32Array | null = null;
  /** Rows embedded since the table was read or saved. */
  readonly #fresh = new Map<number, Float32Array>();
  /** One byte per sentence row: 1 once it has a saved or fresh vector. */
  #embedded: Uint8Array;
  /**
   * Vectors a question embedded for the sentences it retrieved before the semantic layer had
   * them: kept in memory for this process's later questions, never saved (only an ingest, under
   * the lock, writes vectors).
   */
  readonly #transient = new Map<number, Float32Array>();
  readonly #zeros: Float32Array;

  constructor(
    readonly dimension: number,
    vectors: VectorFile | null,
    embedded: Uint8Array,
  ) {
    this.#base = vectors;
    this.#embedded = embedded;
    this.#zeros = new Float32Array(dimension);
  }

  /** No row changed since the table was read from its file (so a save can link that file). */
  get unchanged(): boolean {
    return this.#base !== null && this.#fresh.size === 0 && this.#baseRow === null && this.#base.floats === this.count * this.dimension;
  }

  /** Sentence rows, embedded or not. */
  get count(): number {
    return this.#embedded.length;
  }

  get embedded(): Uint8Array {
    return this.#embedded;
  }

  /** Rows with a saved vector. */
  embeddedCount(): number {
    let n = 0;
    for (let i = 0; i < this.#embedded.length; i++) n += this.#embedded[i];
    return n;
  }

  /** Makes room for `rows` rows in all (new rows not embedded). */
  grow(rows: number): void {
    const flags = new Uint8Array(rows);
    flags.set(this.#embedded);
    this.#embedded = flags;
    if (this.#baseRow) {
      const map = new Int32Array(rows).fill(-1);
      map.set(this.#baseRow);
      this.#baseRow = map;
    }
  }

  /** Whether sentence `i` of a passage has a saved vector. */
  isEmbedded(p: IndexedPassage, i: number): boolean {
    return this.#embedded[p.row + i] === 1;
  }

  /** Whether sentence `i` of a passage has its vector yet (saved, or embedded by a question in this process). */
  has(p: IndexedPassage, i: number): boolean {
    return this.isEmbedded(p, i) || this.#transient.has(p.row + i);
  }

  /** The vector of sentence `i` of a passage (a view, no copy; zeros when it has none). */
  vector(p: IndexedPassage, i: number): Float32Array {
    const row = p.row + i;
    const transient = this.#transient.get(row);
    if (transient) return transient;
    if (this.#embedded[row] !== 1) return this.#zeros;
    const fresh = this.#fresh.get(row);
    if (fresh) return fresh;
    // A passage's rows are read together: a question scores them together.
    const at = this.#baseRow ? this.#baseRow[row] : row;
    const from = this.#baseRow ? this.#baseRow[p.row] : p.row;
    const contiguous = !this.#baseRow || this.#baseRow[p.row + p.sentences.length - 1] === from + p.sentences.length - 1;
    return this.#base!.row(at, this.dimension, contiguous ? from : at, contiguous ? p.sentences.length : 1);
  }

  /** Whether sentence `i` of a passage has a vector a question embedded in this process. */
  hasTransient(p: IndexedPassage, i: number): boolean {
    return this.#transient.has(p.row + i);
  }

  setTransient(p: IndexedPassage, i: number, v: ArrayLike<number>): void {
    this.#transient.set(p.row + i, Float32Array.from(v));
  }

  set(p: IndexedPassage, i: number, v: ArrayLike<number>): void {
    this.#fresh.set(p.row + i, Float32Array.from(v));
    this.#embedded[p.row + i] = 1;
  }

  /** Every sentence of the passage has a saved vector. */
  complete(p: IndexedPassage): boolean {
    for (let i = 0; i < p.sentences.length; i++) if (this.#embedded[p.row + i] !== 1) return false;
    return true;
  }

  /** A passage's vector: the normalised mean of its sentence vectors. */
  readonly passageVector = (p: IndexedPassage): number[] => {
    const rows = p.sentences.map((_, i) => this.vector(p, i));
    // hnswlib stores float32: the rounding unitMean does here is the rounding it would do.
    return Array.from(unitMean(rows, this.dimension));
  };

  /**
   * Drops the rows of passages no longer indexed, renumbering the passages' rows (their vectors
   * stay where they are until the next save writes them in the new order); returns false when
   * they were already packed.
   */
  pack(passages: Iterable<IndexedPassage>): boolean {
    const live = [...passages];
    let total = 0;
    let inPlace = true;
    for (const p of live) {
      if (p.row !== total) inPlace = false;
      total += p.sentences.length;
    }
    if (inPlace && total === this.count) return false;
    const flags = new Uint8Array(total);
    const baseRow = new Int32Array(total).fill(-1);
    const fresh = new Map<number, Float32Array>();
    const transient = new Map<number, Float32Array>();
    let row = 0;
    for (const p of live) {
      for (let i = 0; i < p.sentences.length; i++) {
        const old = p.row + i;
        flags[row + i] = this.#embedded[old];
        baseRow[row + i] = this.#baseRow ? this.#baseRow[old] : old;
        const v = this.#fresh.get(old);
        if (v) fresh.set(row + i, v);
        const t = this.#transient.get(old);
        if (t) transient.set(row + i, t);
      }
      (p as { row: number }).row = row; // the one place a passage's row changes
      row += p.sentences.length;
    }
    this.#embedded = flags;
    this.#baseRow = baseRow;
    this.#fresh.clear();
    for (const [r, v] of fresh) this.#fresh.set(r, v);
    this.#transient.clear();
    for (const [r, v] of transient) this.#transient.set(r, v);
    return true;
  }

  /** Writes the whole table to `file` (embedded rows; holes elsewhere), block by block. */
  write(file: string): void {
    const d = this.dimension;
    writeVectorRows(file, this.#embedded, d, (from, to, into) => {
      // Rows from the saved table are read a run at a time, fresh ones copied in.
      for (let r = from; r < to; ) {
        const fresh = this.#fresh.get(r);
        const at = this.#baseRow ? this.#baseRow[r] : r;
        if (fresh || this.#embedded[r] !== 1 || at < 0 || !this.#base) {
          if (fresh) into.set(fresh, (r - from) * d);
          else into.fill(0, (r - from) * d, (r - from + 1) * d);
          r++;
          continue;
        }
        let end = r + 1;
        while (end < to && this.#embedded[end] === 1 && !this.#fresh.has(end) && (this.#baseRow ? this.#baseRow[end] : end) === at + (end - r)) end++;
        this.#base.readRows(at, end - r, into.subarray((r - from) * d, (end - from) * d));
        r = end;
      }
    });
  }

  /** The table was written to `file` (see write): it is the saved table from now on. */
  saved(file: string): void {
    this.#base?.close();
    this.#base = this.#embedded.indexOf(1) >= 0 ? VectorFile.open(file, this.count * this.dimension) : null;
    this.#baseRow = null;
    this.#fresh.clear();
  }
}

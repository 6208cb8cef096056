import { passageVector } from "./dense.js";
import type { IndexedPassage } from "./passage.js";
import type { VectorFile } from "./vector-file.js";

/**
 * The semantic layer's storage, owned by BriefingIndex: one vector row per sentence (a passage's
 * sentences are rows `row … row + n - 1`), a flag per row saying whether it is embedded yet, and
 * the vectors a question embedded for itself in this process (never saved). Read from disk, the
 * vectors stay in their file (rows read as questions need them) until something changes them.
 */
export class SentenceRows {
  #loaded: Float32Array | null;
  #file: VectorFile | null;
  /** One byte per sentence row: 1 once its vector is in `#vectors`. */
  #embedded: Uint8Array;
  /**
   * Vectors a question embedded for the sentences it retrieved before the semantic layer had
   * them: kept in memory for this process's later questions, never saved (only an ingest, under
   * the lock, writes vectors).
   */
  readonly #transient = new Map<number, Float32Array>();

  constructor(
    readonly dimension: number,
    vectors: Float32Array | VectorFile,
    embedded: Uint8Array,
  ) {
    this.#loaded = vectors instanceof Float32Array ? vectors : null;
    this.#file = vectors instanceof Float32Array ? null : vectors;
    this.#embedded = embedded;
  }

  /** Every row in memory: read from the file the first time something needs the whole table. */
  get #vectors(): Float32Array {
    if (!this.#loaded) {
      this.#loaded = this.#file!.readAll();
      this.#file = null;
    }
    return this.#loaded;
  }

  set #vectors(v: Float32Array) {
    this.#file?.close();
    this.#file = null;
    this.#loaded = v;
  }

  /** Sentence rows, embedded or not. */
  get count(): number {
    return this.#embedded.length;
  }

  /** The saved arrays, for writing a generation. */
  get vectors(): Float32Array {
    return this.#vectors;
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
    const grown = new Float32Array(rows * this.dimension);
    grown.set(this.#vectors);
    this.#vectors = grown;
    const flags = new Uint8Array(rows);
    flags.set(this.#embedded);
    this.#embedded = flags;
  }

  /** Whether sentence `i` of a passage has a saved vector. */
  isEmbedded(p: IndexedPassage, i: number): boolean {
    return this.#embedded[p.row + i] === 1;
  }

  /** Whether sentence `i` of a passage has its vector yet (saved, or embedded by a question in this process). */
  has(p: IndexedPassage, i: number): boolean {
    return this.isEmbedded(p, i) || this.#transient.has(p.row + i);
  }

  /** The vector of sentence `i` of a passage (a view, no copy). */
  vector(p: IndexedPassage, i: number): Float32Array {
    const d = this.dimension;
    const row = p.row + i;
    const transient = this.#transient.get(row);
    if (transient) return transient;
    if (this.#file) return this.#file.row(row, d, p.row, p.sentences.length);
    return this.#vectors.subarray(row * d, (row + 1) * d);
  }

  /** Whether sentence `i` of a passage has a vector a question embedded in this process. */
  hasTransient(p: IndexedPassage, i: number): boolean {
    return this.#transient.has(p.row + i);
  }

  setTransient(p: IndexedPassage, i: number, v: ArrayLike<number>): void {
    this.#transient.set(p.row + i, Float32Array.from(v));
  }

  set(p: IndexedPassage, i: number, v: ArrayLike<number>): void {
    this.#vectors.set(v, (p.row + i) * this.dimension);
    this.#embedded[p.row + i] = 1;
  }

  /** Every sentence of the passage has a saved vector. */
  complete(p: IndexedPassage): boolean {
    for (let i = 0; i < p.sentences.length; i++) if (this.#embedded[p.row + i] !== 1) return false;
    return true;
  }

  readonly passageVector = (p: IndexedPassage): number[] => passageVector(this.#vectors, this.dimension, p);

  /**
   * Drops the rows of passages no longer indexed, renumbering the passages' rows; returns false
   * when they were already packed (no copy).
   */
  pack(passages: Iterable<IndexedPassage>): boolean {
    const d = this.dimension;
    const live = [...passages];
    let total = 0;
    let inPlace = true;
    for (const p of live) {
      if (p.row !== total) inPlace = false;
      total += p.sentences.length;
    }
    if (inPlace && total === this.count) return false;
    const packed = new Float32Array(total * d);
    const flags = new Uint8Array(total);
    let row = 0;
    for (const p of live) {
      const n = p.sentences.length;
      packed.set(this.#vectors.subarray(p.row * d, (p.row + n) * d), row * d);
      flags.set(this.#embedded.subarray(p.row, p.row + n), row);
      (p as { row: number }).row = row; // the one place a passage's row changes
      row += n;
    }
    this.#vectors = packed;
    this.#embedded = flags;
    return true;
  }
}

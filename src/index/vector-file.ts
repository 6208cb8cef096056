import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { IndexDamaged } from "./errors.js";

/**
 * A generation's sentence-vector table (`sentences.f32`) kept on disk while the index is only
 * read: a question needs the vectors of the few hundred sentences it retrieves, not the whole
 * table (Reuters: 280 MB read, and as much memory, on every cold `ask`). Rows are read on demand
 * through a descriptor opened with the generation, so a generation pruned later by an ingest
 * (its folder removed) still reads: the file lives until the descriptor closes. A generation's
 * files never change once written, so the rows read are the rows written.
 */
export class VectorFile {
  readonly #fd: number;
  readonly #floats: number;
  /** The index folder (the generation's parent), named when the file turns out cut short. */
  readonly #indexDir: string;
  readonly #rowCache = new Map<number, Float32Array>();
  #closed = false;

  private constructor(fd: number, floats: number, indexDir: string) {
    this.#fd = fd;
    this.#floats = floats;
    this.#indexDir = indexDir;
    closer.register(this, fd, this);
  }

  /** Opens the table, checking its size; throws when it is missing or of the wrong size. */
  static open(file: string, floats: number): VectorFile {
    const fd = openSync(file, "r");
    try {
      if (fstatSync(fd).size !== floats * 4) throw new Error("sentences.f32 has the wrong size");
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    return new VectorFile(fd, floats, path.dirname(path.dirname(file)));
  }

  get floats(): number {
    return this.#floats;
  }

  /**
   * Row `r` of width `d`. A miss reads rows `from … from + count - 1` around it in one call (a
   * passage's sentences, which a question scores together); rows read are kept: a conversation
   * keeps asking about the same passages.
   */
  row(r: number, d: number, from = r, count = 1): Float32Array {
    const cached = this.#rowCache.get(r);
    if (cached) return cached;
    if (r < from || r >= from + count) [from, count] = [r, 1];
    // Kept within bounds: an ingest joining passages to the graph (or compacting it) reads every row once.
    if (this.#rowCache.size > MAX_CACHED_ROWS) this.#rowCache.clear();
    const block = new Float32Array(count * d);
    this.#read(new Uint8Array(block.buffer), from * d * 4);
    for (let i = 0; i < count; i++) if (!this.#rowCache.has(from + i)) this.#rowCache.set(from + i, block.subarray(i * d, (i + 1) * d));
    return this.#rowCache.get(r)!;
  }

  /** Rows `from … from + count - 1` of width `into.length / count` into `into`, not kept (a save streaming the table). */
  readRows(from: number, count: number, into: Float32Array): void {
    this.#read(new Uint8Array(into.buffer, into.byteOffset, into.byteLength), (from * into.length * 4) / count);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closer.unregister(this);
    this.#rowCache.clear();
    closeSync(this.#fd);
  }

  #read(into: Uint8Array, position: number): void {
    if (this.#closed) throw new Error("sentences.f32 was closed");
    for (let at = 0; at < into.length; ) {
      const n = readSync(this.#fd, into, at, into.length - at, position + at);
      // Cut short after it was opened (its size was checked then): the user's way out is a rebuild.
      if (n === 0) throw new IndexDamaged(`the index at ${this.#indexDir} is damaged (sentences.f32 is shorter than its manifest says)`);
      at += n;
    }
  }
}

/** Rows kept read (about 40 MB at 512 dimensions): far more than a conversation's questions read. */
const MAX_CACHED_ROWS = 20_000;

/** A table nobody closed (a reader dropped for a newer generation) closes its descriptor when collected. */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Passage } from "../corpus/types.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import { UserError } from "../errors.js";
import { Bm25Index } from "./bm25.js";
import { FORMAT_VERSION, type ArticleEntry, type Manifest } from "./manifest.js";

/** `[start, end, kind]`: article offsets of a sentence and its kind (see SEGMENT_KIND). */
export type SentenceSpan = [number, number, number];

export const SEGMENT_KIND = { sentence: 0, heading: 1, bullet: 2, table: 3 } as const;

/** A passage as stored: its label in both indexes, its sentences and where their vectors are. */
export interface IndexedPassage extends Passage {
  label: number;
  /** Sentence spans as article offsets. */
  sentences: SentenceSpan[];
  /** Row of the first sentence vector in `sentenceVectors`. */
  row: number;
}

const REBUILD_HINT = "run `briefing ingest --rebuild` to rebuild it from the corpus";

/**
 * The on-disk index: generation folders (`gen-…`) holding HNSWLib's files, the BM25 index,
 * sentence vectors and the manifest, with a `CURRENT` file naming the live one. A new
 * generation is written beside the old and `CURRENT` is swapped by rename, so a reader
 * never sees a half-written index and a killed ingest leaves the previous one intact.
 */
export class BriefingIndex {
  constructor(
    readonly dir: string,
    public manifest: Manifest,
    readonly articles: Map<string, ArticleEntry>,
    readonly dense: HNSWLib,
    readonly bm25: Bm25Index,
    readonly passages: Map<number, IndexedPassage>,
    public sentenceVectors: Float32Array,
    public generation: string | null,
  ) {}

  static empty(dir: string, manifest: Manifest, embeddings: BriefingEmbeddings): BriefingIndex {
    const dense = new HNSWLib(embeddings, { space: "cosine", numDimensions: manifest.embedder.dimension });
    return new BriefingIndex(dir, manifest, new Map(), dense, new Bm25Index(), new Map(), new Float32Array(0), null);
  }

  get dimension(): number {
    return this.manifest.embedder.dimension;
  }

  /** The vector of sentence `i` of a passage (a view, no copy). */
  sentenceVector(p: IndexedPassage, i: number): Float32Array {
    const d = this.dimension;
    return this.sentenceVectors.subarray((p.row + i) * d, (p.row + i + 1) * d);
  }

  passagesOf(articleId: string): IndexedPassage[] {
    const a = this.articles.get(articleId);
    return a ? a.labels.map((l) => this.passages.get(l)!).filter(Boolean) : [];
  }

  /**
   * Article text between two offsets, rebuilt from its passages (the index keeps no full
   * texts). Whitespace the chunker dropped between passages comes back as one space.
   */
  articleText(articleId: string, start: number, end: number): string {
    let text = "";
    let at = start;
    for (const p of this.passagesOf(articleId)) {
      if (p.end <= at || p.start >= end) continue;
      if (p.start > at) text += " ";
      const from = Math.max(at, p.start);
      text += p.text.slice(from - p.start, Math.min(end, p.end) - p.start);
      at = Math.min(end, p.end);
    }
    return text;
  }

  /** Writes a new generation and makes it current; keeps the previous one as a fallback. */
  async save(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const gen = `gen-${Date.now().toString(36)}-${process.pid}`;
    const tmp = path.join(this.dir, `${gen}.partial`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    // Compact the sentence vectors so deleted passages stop taking space.
    const d = this.dimension;
    const total = [...this.passages.values()].reduce((n, p) => n + p.sentences.length, 0);
    const packed = new Float32Array(total * d);
    let row = 0;
    for (const p of this.passages.values()) {
      const len = p.sentences.length * d;
      packed.set(this.sentenceVectors.subarray(p.row * d, p.row * d + len), row * d);
      p.row = row;
      row += p.sentences.length;
      const doc = this.dense.docstore.search(String(p.label)) as Document;
      doc.metadata.row = p.row;
    }
    this.sentenceVectors = packed;
    this.manifest.sentenceCount = total;
    if (this.passages.size > 0) await this.dense.save(tmp);
    writeFileSync(path.join(tmp, "bm25.json"), JSON.stringify(this.bm25.toJSON()));
    writeFileSync(path.join(tmp, "articles.json"), JSON.stringify([...this.articles.values()]));
    writeFileSync(path.join(tmp, "sentences.f32"), Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength));
    // The manifest goes last: a generation without one is incomplete by definition.
    writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(this.manifest, null, 2));
    renameSync(tmp, path.join(this.dir, gen));
    const next = path.join(this.dir, "CURRENT.next");
    writeFileSync(next, gen);
    renameSync(next, path.join(this.dir, "CURRENT"));
    const previous = this.generation;
    this.generation = gen;
    writeFileSync(path.join(this.dir, "PREVIOUS"), previous ?? "");
    pruneGenerations(this.dir, [gen, previous ?? ""]);
  }

  /** Opens the current generation; throws a UserError naming what is wrong and the way out. */
  static async open(dir: string, embeddings: BriefingEmbeddings, which: "CURRENT" | "PREVIOUS" = "CURRENT"): Promise<BriefingIndex> {
    const pointer = path.join(dir, which);
    const gen = existsSync(pointer) ? readFileSync(pointer, "utf8").trim() : "";
    if (!gen) throw new UserError(`no index at ${dir}`, "run `briefing ingest` to build it");
    const genDir = path.join(dir, gen);
    const manifest = readManifest(genDir);
    if (manifest.embedder.id !== embeddings.id) {
      throw new IndexMismatch(
        `the index at ${dir} was built with the embedder "${manifest.embedder.id}", not "${embeddings.id}"`,
        manifest,
      );
    }
    try {
      const articles = JSON.parse(readFileSync(path.join(genDir, "articles.json"), "utf8")) as ArticleEntry[];
      const bm25 = Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25.json"), "utf8")));
      const buf = readFileSync(path.join(genDir, "sentences.f32"));
      const vectors = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      if (vectors.length !== manifest.sentenceCount * manifest.embedder.dimension) throw new Error("sentences.f32 has the wrong size");
      let dense: HNSWLib;
      const passages = new Map<number, IndexedPassage>();
      if (manifest.passageCount > 0) {
        const size = statSync(path.join(genDir, "hnswlib.index")).size;
        if (size < manifest.passageCount * manifest.embedder.dimension * 4) throw new Error("hnswlib.index is truncated");
        dense = await HNSWLib.load(genDir, embeddings);
        for (const [label, doc] of dense.docstore._docs) {
          passages.set(Number(label), { ...(doc.metadata as Omit<IndexedPassage, "text">), text: doc.pageContent });
        }
        if (passages.size !== manifest.passageCount) throw new Error("docstore.json does not match the manifest");
      } else {
        dense = new HNSWLib(embeddings, { space: "cosine", numDimensions: manifest.embedder.dimension });
      }
      return new BriefingIndex(dir, manifest, new Map(articles.map((a) => [a.id, a])), dense, bm25, passages, vectors, gen);
    } catch (e) {
      if (e instanceof UserError) throw e;
      const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? `${path.basename((e as any).path ?? "a file")} is missing` : (e as Error).message;
      throw new IndexDamaged(`the index at ${dir} is damaged (${reason})`, REBUILD_HINT);
    }
  }
}

/** The index was made by another embedder or settings: it must be rebuilt, never mixed. */
export class IndexMismatch extends UserError {
  constructor(
    message: string,
    readonly manifest: Manifest,
  ) {
    super(message, REBUILD_HINT);
  }
}

export class IndexDamaged extends UserError {}

export function readManifest(genDir: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(genDir, "manifest.json"), "utf8"));
  } catch (e) {
    throw new IndexDamaged(`the index manifest in ${genDir} is missing or unreadable`, REBUILD_HINT);
  }
  if (typeof manifest.formatVersion !== "number" || manifest.formatVersion > FORMAT_VERSION) {
    throw new UserError(
      `the index at ${path.dirname(genDir)} has format ${manifest.formatVersion}, newer than this briefing understands (${FORMAT_VERSION})`,
      "upgrade briefing, or run `briefing ingest --rebuild` to replace it",
    );
  }
  if (manifest.formatVersion < FORMAT_VERSION) {
    throw new IndexMismatch(`the index at ${path.dirname(genDir)} has an older format (${manifest.formatVersion})`, manifest);
  }
  return manifest;
}

/** Removes generations other than `keep`, and partial ones left by a killed ingest. */
function pruneGenerations(dir: string, keep: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith("gen-") && !keep.includes(name)) rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import hnswlib from "hnswlib-node";
import { createHash } from "node:crypto";
import { Document } from "@langchain/core/documents";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Passage } from "../corpus/types.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import { UserError, writeProblem } from "../errors.js";
import { Bm25Index } from "./bm25.js";
import { FORMAT_VERSION, type ArticleEntry, type Manifest } from "./manifest.js";
import { generationBytes } from "./space.js";

const { HierarchicalNSW } = hnswlib;

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

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
    /** BM25 over whole articles (title + text), keyed by each article's first passage label. */
    readonly articleBm25: Bm25Index,
    readonly passages: Map<number, IndexedPassage>,
    public sentenceVectors: Float32Array,
    public generation: string | null,
    /** Opened from PREVIOUS because the current generation is damaged: the next save repairs CURRENT. */
    public restored = false,
  ) {}

  static empty(dir: string, manifest: Manifest, embeddings: BriefingEmbeddings): BriefingIndex {
    const dense = new HNSWLib(embeddings, { space: "cosine", numDimensions: manifest.embedder.dimension });
    return new BriefingIndex(dir, manifest, new Map(), dense, new Bm25Index(), new Bm25Index(), new Map(), new Float32Array(0), null);
  }

  get dimension(): number {
    return this.manifest.embedder.dimension;
  }

  /** The vector of sentence `i` of a passage (a view, no copy). */
  sentenceVector(p: IndexedPassage, i: number): Float32Array {
    const d = this.dimension;
    return this.sentenceVectors.subarray((p.row + i) * d, (p.row + i + 1) * d);
  }

  /** The article an `articleBm25` key stands for. */
  articleByKey(key: number): string | undefined {
    return this.passages.get(key)?.articleId;
  }

  passagesOf(articleId: string): IndexedPassage[] {
    const a = this.articles.get(articleId);
    return a ? a.labels.map((l) => this.passages.get(l)!).filter(Boolean) : [];
  }

  /**
   * Article text between two offsets, rebuilt from its passages (the index keeps no full
   * texts). Whitespace the chunker dropped between passages comes back as spaces of the same length.
   */
  articleText(articleId: string, start: number, end: number): string {
    let text = "";
    let at = start;
    for (const p of this.passagesOf(articleId)) {
      if (p.end <= at || p.start >= end) continue;
      if (p.start > at) text += " ".repeat(p.start - at); // same length, so offsets stay aligned
      const from = Math.max(at, p.start);
      text += p.text.slice(from - p.start, Math.min(end, p.end) - p.start);
      at = Math.min(end, p.end);
    }
    return text;
  }

  /**
   * Writes a new generation and makes it current; keeps the previous one as a fallback. A write
   * that fails (disk full, read-only folder) removes the partial generation and throws a
   * UserError; CURRENT is untouched, so the last good index still answers.
   */
  async save(): Promise<void> {
    const gen = `gen-${Date.now().toString(36)}-${process.pid}`;
    const tmp = path.join(this.dir, `${gen}.partial`);
    const cleanup = () => rmSync(tmp, { recursive: true, force: true });
    process.on("exit", cleanup); // Ctrl+C mid-save leaves no partial generation taking space
    try {
      mkdirSync(this.dir, { recursive: true });
      cleanup();
      mkdirSync(tmp, { recursive: true });
      await this.writeGeneration(tmp);
      renameSync(tmp, path.join(this.dir, gen));
    } catch (e) {
      cleanup();
      const { problem, hint } = writeProblem(e, this.dir, generationBytes(this.dir, this.generation, this.sentenceVectors.byteLength));
      throw new UserError(`could not write the index at ${this.dir} (${problem}); the previous index is unchanged`, hint);
    } finally {
      process.off("exit", cleanup);
    }
    try {
      const next = path.join(this.dir, "CURRENT.next");
      writeFileSync(next, gen);
      renameSync(next, path.join(this.dir, "CURRENT"));
    } catch (e) {
      rmSync(path.join(this.dir, gen), { recursive: true, force: true });
      const { problem, hint } = writeProblem(e, this.dir);
      throw new UserError(`could not switch the index at ${this.dir} to its new version (${problem}); the previous index is unchanged`, hint);
    }
    const previous = this.generation;
    this.generation = gen;
    this.restored = false;
    try {
      writeFileSync(path.join(this.dir, "PREVIOUS"), previous ?? "");
    } catch {
      // Only the fallback pointer: the new generation is already current and complete.
    }
    pruneGenerations(this.dir, [gen, previous ?? ""]);
  }

  private async writeGeneration(tmp: string): Promise<void> {
    // Compact the sentence vectors so deleted passages stop taking space.
    const d = this.dimension;
    const total = [...this.passages.values()].reduce((n, p) => n + p.sentences.length, 0);
    // Already packed (a fresh build, or only additions): no copy needed.
    let expected = 0;
    const inPlace = total * d === this.sentenceVectors.length && [...this.passages.values()].every((p) => ((expected += p.sentences.length), p.row === expected - p.sentences.length));
    const packed = inPlace ? this.sentenceVectors : new Float32Array(total * d);
    let row = 0;
    for (const p of inPlace ? [] : this.passages.values()) {
      const len = p.sentences.length * d;
      packed.set(this.sentenceVectors.subarray(p.row * d, p.row * d + len), row * d);
      p.row = row;
      row += p.sentences.length;
      const doc = this.dense.docstore.search(String(p.label)) as Document;
      doc.metadata.row = p.row;
    }
    this.sentenceVectors = packed;
    this.manifest.sentenceCount = total;
    if (this.passages.size > 0) {
      // HNSWLib.save's files, written synchronously: its async writes (and mkdir) could land after
      // a Ctrl+C's exit cleanup and leave a partial generation behind. HNSWLib.load reads them.
      this.dense.index.writeIndexSync(path.join(tmp, "hnswlib.index"));
      writeFileSync(path.join(tmp, "args.json"), JSON.stringify(this.dense.args));
      writeFileSync(path.join(tmp, "docstore.json"), JSON.stringify([...this.dense.docstore._docs.entries()]));
      // hnswlib writes with a C++ stream that ignores write errors: a full disk would leave a
      // truncated hnswlib.index behind a successful save. Reading it back is hnswlib's own check.
      const check = new HierarchicalNSW("cosine", d);
      await check.readIndex(path.join(tmp, "hnswlib.index")).catch((e: Error) => {
        throw new Error(`hnswlib.index was cut short while writing, is the disk full? (${e.message})`);
      });
      this.manifest.hnswSha256 = sha256(readFileSync(path.join(tmp, "hnswlib.index")));
    } else delete this.manifest.hnswSha256;
    writeFileSync(path.join(tmp, "bm25.json"), JSON.stringify(this.bm25.toJSON()));
    writeFileSync(path.join(tmp, "bm25-articles.json"), JSON.stringify(this.articleBm25.toJSON()));
    writeFileSync(path.join(tmp, "articles.json"), JSON.stringify([...this.articles.values()]));
    writeFileSync(path.join(tmp, "sentences.f32"), Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength));
    // The manifest goes last: a generation without one is incomplete by definition.
    writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(this.manifest, null, 2));
  }

  /**
   * Opens the current generation or, when it is damaged, the previous one with a notice: a
   * damaged generation never costs the last good index. Throws the current one's error when
   * neither opens.
   */
  static async openLatestGood(dir: string, embeddings: BriefingEmbeddings, onNotice?: (line: string) => void): Promise<BriefingIndex> {
    try {
      return await BriefingIndex.open(dir, embeddings);
    } catch (e) {
      if (!(e instanceof IndexDamaged)) throw e;
      const previous = await BriefingIndex.open(dir, embeddings, "PREVIOUS").catch(() => null);
      if (!previous) throw e;
      previous.restored = true;
      onNotice?.(`${e.message}; using the previous version of the index (updated ${previous.manifest.updatedAt})`);
      return previous;
    }
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
      const articleBm25 = Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25-articles.json"), "utf8")));
      const buf = readFileSync(path.join(genDir, "sentences.f32"));
      const vectors = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      if (vectors.length !== manifest.sentenceCount * manifest.embedder.dimension) throw new Error("sentences.f32 has the wrong size");
      let dense: HNSWLib;
      const passages = new Map<number, IndexedPassage>();
      if (manifest.passageCount > 0) {
        const size = statSync(path.join(genDir, "hnswlib.index")).size;
        if (size < manifest.passageCount * manifest.embedder.dimension * 4) throw new Error("hnswlib.index is truncated");
        // Checked before hnswlib reads it: a corrupted file can crash the native code outright.
        if (manifest.hnswSha256 && sha256(readFileSync(path.join(genDir, "hnswlib.index"))) !== manifest.hnswSha256) {
          throw new Error("hnswlib.index does not match its checksum");
        }
        dense = await HNSWLib.load(genDir, embeddings);
        for (const [label, doc] of dense.docstore._docs) {
          passages.set(Number(label), { ...(doc.metadata as Omit<IndexedPassage, "text">), text: doc.pageContent });
        }
        if (passages.size !== manifest.passageCount) throw new Error("docstore.json does not match the manifest");
      } else {
        dense = new HNSWLib(embeddings, { space: "cosine", numDimensions: manifest.embedder.dimension });
      }
      return new BriefingIndex(dir, manifest, new Map(articles.map((a) => [a.id, a])), dense, bm25, articleBm25, passages, vectors, gen);
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

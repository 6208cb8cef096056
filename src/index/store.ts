import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import hnswlib from "hnswlib-node";
import { Document } from "@langchain/core/documents";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Passage } from "../corpus/types.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import { UserError, writeProblem } from "../errors.js";
import { Bm25Index } from "./bm25.js";
import { addPassages, COMPACT_AT, newHnsw, type Hnsw } from "./dense.js";
import { leaseGeneration } from "./leases.js";
import type { ArticleEntry, Manifest } from "./manifest.js";
import { generationBytes } from "./space.js";
import { IndexDamaged, IndexMismatch, LEXICAL_FILES, pruneGenerations, readManifest, REBUILD_HINT, setGraph, sha256, tryLink, writeVectors } from "./generation-files.js";

// Re-exported: callers meet these errors when opening an index.
export { IndexDamaged, IndexMismatch, readManifest };

const { HierarchicalNSW } = hnswlib;

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

/**
 * The on-disk index: generation folders (`gen-…`) holding HNSWLib's files, the BM25 index,
 * sentence vectors (with a byte per row saying whether it is embedded yet) and the manifest,
 * with a `CURRENT` file naming the live one. A new generation is written beside the old and
 * `CURRENT` is swapped by rename, so a reader never sees a half-written index and a killed ingest
 * leaves the previous one intact. A generation is answerable once its lexical layer is in
 * (passages, BM25); the semantic layer (sentence vectors, the passage graph) fills in over later
 * generations, each a checkpoint.
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
    /** One byte per sentence row: 1 once its vector is in `sentenceVectors`. */
    public embedded: Uint8Array,
    public generation: string | null,
    /** Opened from PREVIOUS because the current generation is damaged: the next save repairs CURRENT. */
    public restored = false,
  ) {
    for (const p of passages.values()) if (this.complete(p)) this.denseLabels.add(p.label);
  }

  /** Passages whose vector is in the graph (all their sentences embedded). */
  readonly denseLabels = new Set<number>();
  /** Set when passages or BM25 change: the next save writes the lexical files instead of linking them. */
  lexicalChanged = false;

  static empty(dir: string, manifest: Manifest, embeddings: BriefingEmbeddings): BriefingIndex {
    const dense = new HNSWLib(embeddings, { space: "cosine", numDimensions: manifest.embedder.dimension });
    const index = new BriefingIndex(dir, manifest, new Map(), dense, new Bm25Index(), new Bm25Index(), new Map(), new Float32Array(0), new Uint8Array(0), null);
    index.lexicalChanged = true;
    return index;
  }

  get dimension(): number {
    return this.manifest.embedder.dimension;
  }

  /** Whether sentence `i` of a passage has its vector yet. */
  hasVector(p: IndexedPassage, i: number): boolean {
    return this.embedded[p.row + i] === 1 || this.transient.has(p.row + i);
  }

  complete(p: IndexedPassage): boolean {
    for (let i = 0; i < p.sentences.length; i++) if (this.embedded[p.row + i] !== 1) return false;
    return true;
  }

  /** Sentence rows and how many have vectors: the semantic layer's progress. */
  get semantic(): { embedded: number; total: number; share: number } {
    const total = this.embedded.length;
    let embedded = 0;
    for (let i = 0; i < total; i++) embedded += this.embedded[i];
    return { embedded, total, share: total ? embedded / total : 1 };
  }

  /** The raw graph, made on first use. */
  get graph(): Hnsw {
    try {
      return this.dense.index;
    } catch {
      setGraph(this.dense, newHnsw(this.dimension, this.passages.size));
      return this.dense.index;
    }
  }

  /** Elements in the graph, deleted ones included. */
  get graphElements(): number {
    try {
      return this.dense.index.getCurrentCount();
    } catch {
      return 0;
    }
  }

  /** Adds passages whose sentences are now all embedded to the passage graph. */
  addToDense(passages: IndexedPassage[]): void {
    const fresh = passages.filter((p) => !this.denseLabels.has(p.label));
    if (!fresh.length) return;
    addPassages(this.graph, this.sentenceVectors, this.dimension, fresh);
    for (const p of fresh) this.denseLabels.add(p.label);
  }

  /** Takes a passage out of the graph (hnswlib only marks it deleted). */
  removeFromDense(label: number): void {
    if (!this.denseLabels.delete(label)) return;
    this.graph.markDelete(label);
  }

  /**
   * Rebuilds the graph from the kept passages' vectors when more than COMPACT_AT of its elements
   * are deleted ones (no re-embedding). Returns whether it did.
   */
  compactIfNeeded(): boolean {
    const elements = this.graphElements;
    if (elements === 0 || (elements - this.denseLabels.size) / elements <= COMPACT_AT) return false;
    const kept = [...this.denseLabels].map((l) => this.passages.get(l)!).filter(Boolean);
    const graph = newHnsw(this.dimension, kept.length);
    addPassages(graph, this.sentenceVectors, this.dimension, kept);
    setGraph(this.dense, graph);
    return true;
  }

  /** The vector of sentence `i` of a passage (a view, no copy). */
  sentenceVector(p: IndexedPassage, i: number): Float32Array {
    const d = this.dimension;
    return this.transient.get(p.row + i) ?? this.sentenceVectors.subarray((p.row + i) * d, (p.row + i + 1) * d);
  }

  /**
   * Vectors a question embedded for the sentences it retrieved before the semantic layer had
   * them: kept in memory for this process's later questions, never saved (only an ingest, under
   * the lock, writes vectors).
   */
  private readonly transient = new Map<number, Float32Array>();

  setTransientVector(p: IndexedPassage, i: number, v: ArrayLike<number>): void {
    this.transient.set(p.row + i, Float32Array.from(v));
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
    const gen = `gen-${Date.now().toString(36)}-${process.pid}-${(saves++).toString(36)}`;
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
    this.lexicalChanged = false;
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
    if (!inPlace) {
      const packed = new Float32Array(total * d);
      const flags = new Uint8Array(total);
      let row = 0;
      for (const p of this.passages.values()) {
        const n = p.sentences.length;
        packed.set(this.sentenceVectors.subarray(p.row * d, (p.row + n) * d), row * d);
        flags.set(this.embedded.subarray(p.row, p.row + n), row);
        p.row = row;
        row += n;
        const doc = this.dense.docstore.search(String(p.label)) as Document;
        doc.metadata.row = p.row;
      }
      this.sentenceVectors = packed;
      this.embedded = flags;
      this.lexicalChanged = true; // rows moved: docstore.json changes
    }
    const packed = this.sentenceVectors;
    this.manifest.sentenceCount = total;
    this.manifest.embeddedCount = this.semantic.embedded;
    this.manifest.denseCount = this.denseLabels.size;
    this.compactIfNeeded();
    const elements = this.graphElements;
    this.manifest.graphElements = elements;
    if (elements > 0) {
      // HNSWLib.save's files, written synchronously: its async writes (and mkdir) could land after
      // a Ctrl+C's exit cleanup and leave a partial generation behind.
      this.dense.index.writeIndexSync(path.join(tmp, "hnswlib.index"));
      // hnswlib writes with a C++ stream that ignores write errors: a full disk would leave a
      // truncated hnswlib.index behind a successful save. Reading it back is hnswlib's own check.
      const check = new HierarchicalNSW("cosine", d);
      await check.readIndex(path.join(tmp, "hnswlib.index")).catch((e: Error) => {
        throw new Error(`hnswlib.index was cut short while writing, is the disk full? (${e.message})`);
      });
      this.manifest.hnswSha256 = sha256(readFileSync(path.join(tmp, "hnswlib.index")));
    } else delete this.manifest.hnswSha256;
    writeFileSync(path.join(tmp, "args.json"), JSON.stringify({ space: "cosine", numDimensions: d }));
    // An embedding checkpoint changes no passage or term: those files are linked from the last generation.
    const from = this.generation && !this.lexicalChanged && !this.restored ? path.join(this.dir, this.generation) : null;
    const linked = from !== null && LEXICAL_FILES.every((f) => tryLink(path.join(from, f), path.join(tmp, f)));
    if (!linked) {
      writeFileSync(path.join(tmp, "docstore.json"), JSON.stringify([...this.dense.docstore._docs.entries()]));
      writeFileSync(path.join(tmp, "bm25.json"), JSON.stringify(this.bm25.toJSON()));
      writeFileSync(path.join(tmp, "bm25-articles.json"), JSON.stringify(this.articleBm25.toJSON()));
      writeFileSync(path.join(tmp, "articles.json"), JSON.stringify([...this.articles.values()]));
    }
    writeVectors(path.join(tmp, "sentences.f32"), packed, this.embedded, d);
    writeFileSync(path.join(tmp, "sentences.ok"), this.embedded);
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
    // A lease keeps a concurrent ingest from pruning the generation while it is read; a
    // generation pruned between reading the pointer and taking the lease is retried.
    for (let attempt = 0; ; attempt++) {
      const pointer = path.join(dir, which);
      const gen = existsSync(pointer) ? readFileSync(pointer, "utf8").trim() : "";
      if (!gen) throw new UserError(`no index at ${dir}`, "run `briefing ingest` to build it");
      // Everything is in memory once read, so the lease ends there.
      const release = leaseGeneration(dir, gen);
      try {
        return await BriefingIndex.read(dir, gen, embeddings);
      } catch (e) {
        const moved = attempt < 3 && existsSync(pointer) && readFileSync(pointer, "utf8").trim() !== gen;
        if (!moved) throw e;
      } finally {
        release();
      }
    }
  }

  private static async read(dir: string, gen: string, embeddings: BriefingEmbeddings): Promise<BriefingIndex> {
    const genDir = path.join(dir, gen);
    const manifest = readManifest(genDir);
    if (manifest.embedder.id !== embeddings.id) {
      throw new IndexMismatch(
        `the index at ${dir} was built with the embedder "${manifest.embedder.id}", not "${embeddings.id}"`,
        manifest,
      );
    }
    try {
      const d = manifest.embedder.dimension;
      const articles = JSON.parse(readFileSync(path.join(genDir, "articles.json"), "utf8")) as ArticleEntry[];
      const bm25 = Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25.json"), "utf8")));
      const articleBm25 = Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25-articles.json"), "utf8")));
      const buf = readFileSync(path.join(genDir, "sentences.f32"));
      const vectors = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      if (vectors.length !== manifest.sentenceCount * d) throw new Error("sentences.f32 has the wrong size");
      const flags = new Uint8Array(readFileSync(path.join(genDir, "sentences.ok")));
      if (flags.length !== manifest.sentenceCount) throw new Error("sentences.ok has the wrong size");
      const docs = JSON.parse(readFileSync(path.join(genDir, "docstore.json"), "utf8")) as [string, { pageContent: string; metadata: Record<string, unknown> }][];
      const passages = new Map<number, IndexedPassage>();
      const docstore = new Map<string, Document>();
      for (const [label, doc] of docs) {
        passages.set(Number(label), { ...(doc.metadata as Omit<IndexedPassage, "text">), text: doc.pageContent });
        docstore.set(label, new Document({ pageContent: doc.pageContent, metadata: doc.metadata }));
      }
      if (passages.size !== manifest.passageCount) throw new Error("docstore.json does not match the manifest");
      const dense = new HNSWLib(embeddings, { space: "cosine", numDimensions: d });
      dense.docstore._docs = docstore;
      const elements = manifest.graphElements ?? 0;
      if (elements > 0) {
        const file = path.join(genDir, "hnswlib.index");
        if (statSync(file).size < (manifest.denseCount ?? 0) * d * 4) throw new Error("hnswlib.index is truncated");
        // Checked before hnswlib reads it: a corrupted file can crash the native code outright.
        if (manifest.hnswSha256 && sha256(readFileSync(file)) !== manifest.hnswSha256) throw new Error("hnswlib.index does not match its checksum");
        const graph = new HierarchicalNSW("cosine", d);
        await graph.readIndex(file);
        if (graph.getCurrentCount() !== elements) throw new Error("hnswlib.index does not match the manifest");
        setGraph(dense, graph);
      }
      const index = new BriefingIndex(dir, manifest, new Map(articles.map((a) => [a.id, a])), dense, bm25, articleBm25, passages, vectors, flags, gen);
      if (index.denseLabels.size !== (manifest.denseCount ?? 0)) throw new Error("sentences.ok does not match the passage graph");
      return index;
    } catch (e) {
      if (e instanceof UserError) throw e;
      const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? `${path.basename((e as any).path ?? "a file")} is missing` : (e as Error).message;
      throw new IndexDamaged(`the index at ${dir} is damaged (${reason})`, REBUILD_HINT);
    }
  }
}

let saves = 0;

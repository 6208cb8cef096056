import path from "node:path";
import type { Article, ChunkingSettings } from "../corpus/types.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import { corpusPrefix } from "../corpus/load.js";
import { RELATIVE_IDS } from "./article-ids.js";
import { articleEntry, passagesOfArticles, renameSources, textBetween } from "./articles.js";
import type { Bm25Index } from "./bm25.js";
import { DenseStore, type Hnsw } from "./dense.js";
import { damaged, readGeneration } from "./generation-read.js";
import { commitGeneration } from "./generation-write.js";
import { IndexDamaged } from "./errors.js";
import { LexicalIndex, type LexicalReader } from "./lexical.js";
import { FORMAT_VERSION, type ArticleEntry, type Manifest } from "./manifest.js";
import type { IndexedPassage } from "./passage.js";
import { SentenceRows } from "./sentence-rows.js";
import type { SentenceTerms } from "./sentence-terms.js";
import type { VectorFile } from "./vector-file.js";

/**
 * The index of an archive, keeping its own rules: articles and their passages, BM25 over passages
 * and over whole articles, one vector row per sentence (with a flag saying whether it is embedded
 * yet) and the passage graph. Everything changes through its methods (`add`, `remove`, the
 * embedding calls) so the pieces stay in step; readers get read-only views and searches.
 *
 * On disk it is a series of generations (see generation-write.ts); a generation is answerable once
 * its lexical layer is in (passages, BM25), and the semantic layer (sentence vectors, the passage
 * graph) fills in over later generations, each a checkpoint.
 *
 * The room and its rules: README.md beside this file.
 */
export class BriefingIndex {
  readonly #dir: string;
  #manifest: Manifest;
  readonly #articles: Map<string, ArticleEntry>;
  readonly #passages: Map<number, IndexedPassage>;
  /** BM25 over passages and over whole articles (lexical.ts). */
  readonly #lexical: LexicalIndex;
  readonly #dense: DenseStore;
  /** The semantic layer: a vector row per sentence, and which are embedded. */
  readonly #rows: SentenceRows;
  #generation: string | null;
  /** Opened from PREVIOUS because the current generation is damaged: the next save repairs CURRENT. */
  #restored = false;
  /** Set when passages or BM25 change: the next save writes the lexical files instead of linking them. */
  #lexicalChanged = false;
  private constructor(
    dir: string,
    embeddings: BriefingEmbeddings,
    parts: { manifest: Manifest; articles: ArticleEntry[]; passages: IndexedPassage[]; bm25?: Bm25Index; articleBm25?: Bm25Index; sentenceTerms?: SentenceTerms | null; vectors: VectorFile | null; embedded: Uint8Array; generation: string | null; graph?: Hnsw | null },
  ) {
    this.#dir = dir;
    this.#manifest = parts.manifest;
    this.#articles = new Map(parts.articles.map((a) => [a.id, a]));
    this.#passages = new Map(parts.passages.map((p) => [p.label, p]));
    const lexical = parts.bm25 && parts.articleBm25 ? { bm25: parts.bm25, articleBm25: parts.articleBm25, sentenceTerms: parts.sentenceTerms } : null;
    this.#lexical = new LexicalIndex(lexical, (l) => this.#passages.get(l), (id) => this.#articles.get(id)?.labels[0]);
    this.#rows = new SentenceRows(parts.manifest.embedder.dimension, parts.vectors, parts.embedded);
    this.#generation = parts.generation;
    this.#dense = new DenseStore(embeddings, parts.manifest.embedder.dimension, (l) => this.#passages.get(l), parts.graph ?? undefined);
    for (const p of this.#passages.values()) if (this.#rows.complete(p)) this.#dense.adopt(p.label);
  }

  /** A new, empty index (nothing on disk until the first save). */
  static empty(dir: string, manifest: Manifest, embeddings: BriefingEmbeddings): BriefingIndex {
    const index = new BriefingIndex(dir, embeddings, { manifest, articles: [], passages: [], vectors: null, embedded: new Uint8Array(0), generation: null });
    index.#lexicalChanged = true;
    return index;
  }

  /**
   * Opens the current generation; throws IndexMissing when there is none, IndexMismatch when it
   * was made by another embedder or an older format, IndexDamaged when a file is wrong.
   */
  static async open(dir: string, embeddings: BriefingEmbeddings, which: "CURRENT" | "PREVIOUS" = "CURRENT"): Promise<BriefingIndex> {
    const read = await readGeneration(dir, embeddings.id, which);
    const index = new BriefingIndex(dir, embeddings, read);
    // An older layout, or ids read back relative, are rewritten whole by the next save (see READABLE_FORMATS, article-ids.ts).
    if (index.outdated) index.#lexicalChanged = true;
    if (index.#dense.size !== (read.manifest.denseCount ?? 0)) throw damaged(dir, new Error("sentences.ok does not match the passage graph"));
    return index;
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
      previous.#restored = true;
      onNotice?.(`${e.message}; using the previous version of the index (updated ${previous.manifest.updatedAt})`);
      return previous;
    }
  }

  get dir(): string {
    return this.#dir;
  }

  get manifest(): Readonly<Manifest> {
    return this.#manifest;
  }

  /** Records what the index was made from (corpus, fingerprint, counts) for the next save. */
  describe(fields: Partial<Manifest>): void {
    this.#manifest = { ...this.#manifest, ...fields };
  }

  /** Read from an older on-disk layout or id scheme: the next ingest rewrites it in the current one (no re-embedding). */
  get outdated(): boolean {
    return this.#manifest.formatVersion < FORMAT_VERSION || this.#manifest.articleIds !== RELATIVE_IDS;
  }

  /**
   * The corpus as named this time (`./news` or `/home/me/news`): ids are relative to it, so only
   * the sources citations show change, and nothing is chunked or embedded again. Returns whether
   * the name changed (the next save records it).
   */
  nameCorpus(corpus: string): boolean {
    const was = this.#manifest.corpus;
    if (was === corpus) return false;
    renameSources(this.#articles, this.#passages, corpusPrefix(was), corpusPrefix(corpus));
    this.#manifest = { ...this.#manifest, corpus };
    this.#lexicalChanged = true;
    return true;
  }

  /** The generation this index was read from or last saved as (null before the first save). */
  get generation(): string | null {
    return this.#generation;
  }

  /** Opened from the previous generation because the current one is damaged. */
  get restored(): boolean {
    return this.#restored;
  }

  get dimension(): number {
    return this.#manifest.embedder.dimension;
  }

  get articles(): ReadonlyMap<string, ArticleEntry> {
    return this.#articles;
  }

  get passages(): ReadonlyMap<number, IndexedPassage> {
    return this.#passages;
  }

  passagesOf(articleId: string): IndexedPassage[] {
    const a = this.#articles.get(articleId);
    return a ? a.labels.map((l) => this.#passages.get(l)!).filter(Boolean) : [];
  }

  /**
   * Article text between two offsets, rebuilt from its passages (the index keeps no full
   * texts). Whitespace the chunker dropped between passages comes back as spaces of the same length.
   */
  articleText(articleId: string, start: number, end: number): string {
    return textBetween(this.passagesOf(articleId), start, end);
  }

  // ---- Changing what is indexed ----

  /**
   * Chunks articles, splits their passages into sentences and adds them to BM25 and the passage
   * store, with a sentence-vector row per sentence left to embed. Returns the sentence rows added.
   */
  async add(fresh: Article[], chunking: ChunkingSettings, onProgress?: (done: number, total: number) => void): Promise<number> {
    if (fresh.length === 0) return 0;
    const { passages: added, label, row } = await passagesOfArticles(fresh, chunking, this.#manifest.nextLabel ?? 0, this.#rows.count, onProgress);
    const rowsAdded = row - this.#rows.count;
    this.#rows.grow(row);
    this.#manifest.nextLabel = label;
    fresh.forEach((article, i) => {
      for (const m of added[i]) this.#passages.set(m.label, m);
      this.#articles.set(article.id, articleEntry(article, added[i].map((m) => m.label)));
    });
    this.#lexical.addArticles(fresh.map((article, i) => ({ article, passages: added[i] })));
    this.#lexicalChanged = true;
    return rowsAdded;
  }

  /** Takes an article out of every part of the index (its vector rows are dropped at the next save). */
  remove(articleId: string): void {
    const entry = this.#articles.get(articleId);
    if (!entry) return;
    this.#lexical.removeArticle(entry.labels);
    for (const label of entry.labels) {
      this.#dense.remove(label);
      this.#passages.delete(label);
    }
    this.#articles.delete(articleId);
    this.#lexicalChanged = true;
  }

  // ---- Searching ----

  /** The lexical side (lexical.ts): BM25 searches over passages and whole articles, and term statistics. */
  get lexical(): LexicalReader {
    return this.#lexical;
  }

  /** Passages in the graph (every sentence embedded): the most a dense search can return. */
  get denseCount(): number {
    return this.#dense.size;
  }

  /** The `k` passages nearest the vector in the passage graph, nearest first; `allow` restricts them. */
  denseSearch(vector: ArrayLike<number>, k: number, allow?: (p: IndexedPassage) => boolean): Promise<IndexedPassage[]> {
    return this.#dense.search(vector, k, allow);
  }

  /** hnswlib's own k-nearest search, labels only: the raw cost a benchmark sets beside a question's. */
  rawGraphSearch(vector: number[], k: number): number[] {
    return this.#dense.rawSearch(vector, k);
  }

  // ---- The semantic layer ----

  /** Sentence rows and how many have vectors: the semantic layer's progress. */
  get semantic(): { embedded: number; total: number; share: number } {
    const total = this.#rows.count;
    const embedded = this.#rows.embeddedCount();
    return { embedded, total, share: total ? embedded / total : 1 };
  }

  /** Whether sentence `i` of a passage has its vector yet (saved, or embedded by a question in this process). */
  hasVector(p: IndexedPassage, i: number): boolean {
    return this.#rows.has(p, i);
  }

  /** Whether sentence `i` of a passage has a vector that the next save writes (not one kept for this process only). */
  isEmbedded(p: IndexedPassage, i: number): boolean {
    return this.#rows.isEmbedded(p, i);
  }

  /** The vector of sentence `i` of a passage (a view, no copy). */
  sentenceVector(p: IndexedPassage, i: number): Float32Array {
    return this.#rows.vector(p, i);
  }

  /** Whether sentence `i` of a passage has a vector a question embedded in this process (the hybrid embedder's exact one). */
  hasQuestionVector(p: IndexedPassage, i: number): boolean {
    return this.#rows.hasTransient(p, i);
  }

  /** Keeps a vector a question embedded, for this process only (never saved). */
  setTransientVector(p: IndexedPassage, i: number, v: ArrayLike<number>): void {
    this.#rows.setTransient(p, i, v);
  }

  /** Sentences still without a vector, in label order (passages complete, and join the graph, in the order a one-go build adds them). */
  *pendingSentences(): Generator<{ passage: IndexedPassage; i: number }> {
    const passages = [...this.#passages.values()].sort((a, b) => a.label - b.label);
    for (const p of passages) for (let i = 0; i < p.sentences.length; i++) if (!this.#rows.isEmbedded(p, i)) yield { passage: p, i };
  }

  /** Stores the embedded vector of sentence `i` of a passage (call `joinGraph` for passages it completes). */
  setVector(p: IndexedPassage, i: number, v: ArrayLike<number>): void {
    this.#rows.set(p, i, v);
  }

  /** Adds passages whose sentences are now all embedded to the passage graph (label order). */
  joinGraph(passages: IndexedPassage[]): void {
    this.#dense.add(passages.filter((p) => this.#rows.complete(p)), this.#rows.passageVector, this.#passages.size);
  }

  // ---- Saving ----

  /**
   * Writes a new generation and makes it current; keeps the previous one as a fallback. A write
   * that fails (disk full, read-only folder) throws a UserError and leaves CURRENT untouched, so
   * the last good index still answers. The writing itself is synchronous (Ctrl+C safety).
   */
  async save(): Promise<void> {
    // Rows of removed passages stop taking space; rows moved means the passage files change.
    if (this.#rows.pack(this.#passages.values())) this.#lexicalChanged = true;
    this.#manifest.sentenceCount = this.#rows.count;
    this.#manifest.embeddedCount = this.semantic.embedded;
    this.#manifest.denseCount = this.#dense.size;
    this.#manifest.articleIds = RELATIVE_IDS;
    this.#dense.compactIfNeeded(this.#rows.passageVector);
    // An index read from format 4 has no sentence terms: filed now, from its passages, before it is written.
    if (this.#lexicalChanged) this.#lexical.completeSentenceTerms([...this.#articles.values()].map((a) => ({ passages: this.passagesOf(a.id), text: () => this.articleText(a.id, 0, a.length) })));
    const previous = this.#generation;
    const from = previous && !this.#restored ? previous : null;
    this.#generation = commitGeneration(this.#dir, previous, {
      manifest: this.#manifest,
      passages: this.#passages.values(),
      articles: this.#articles.values(),
      ...this.#lexical.files,
      writeVectors: (file) => this.#rows.write(file),
      vectorBytes: this.#rows.count * this.dimension * 4,
      embedded: this.#rows.embedded,
      graph: this.#dense.graph,
      linkLexicalFrom: this.#lexicalChanged ? null : from,
      linkVectorsFrom: this.#rows.unchanged ? from : null,
      linkGraphFrom: this.#dense.changed ? null : from,
    });
    this.#restored = false;
    this.#lexicalChanged = false;
    this.#dense.saved();
    // The rows just written are read from that file from now on (the vectors embedded since the
    // last save leave memory).
    this.#rows.saved(path.join(this.#dir, this.#generation, "sentences.f32"));
  }
}

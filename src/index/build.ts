import { Document } from "@langchain/core/documents";
import { createHash } from "node:crypto";
import { chunkArticle, DEFAULT_CHUNKING } from "../corpus/chunk.js";
import { loadCorpus } from "../corpus/load.js";
import type { Article, ChunkingSettings, LoadProblem } from "../corpus/types.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import { UserError } from "../errors.js";
import { splitSentences } from "../text/sentences.js";
import { acquireIngestLock, waitForIngestLock } from "./lock.js";
import { FORMAT_VERSION, TEXT_PIPELINE_VERSION, type Manifest } from "./manifest.js";
import { BriefingIndex, IndexDamaged, IndexMismatch, SEGMENT_KIND, type IndexedPassage, type SentenceSpan } from "./store.js";

export interface IngestProgress {
  stage: "loading" | "chunking" | "embedding" | "saving";
  done: number;
  total: number;
  articlesDone?: number;
  articlesTotal?: number;
}

export interface IngestOptions {
  corpus: string;
  indexDir: string;
  embeddings: BriefingEmbeddings;
  chunking?: ChunkingSettings;
  /** Ignore the existing index and build from scratch. */
  rebuild?: boolean;
  onProgress?: (p: IngestProgress) => void;
  /** One-line notices (rebuild reasons, skipped files) as they happen. */
  onNotice?: (line: string) => void;
  /** A parallel embedder for big jobs (worker threads); made on demand, closed after use. */
  bulk?: () => Promise<BriefingEmbeddings>;
  /**
   * Called to answer questions (ask, chat): when another process holds the ingest lock,
   * use the current index with a notice instead of failing.
   */
  queryOnly?: boolean;
  /** Wait for another process's ingest to finish instead of failing (the `ingest` command). */
  waitForLock?: boolean;
}

export interface IngestReport {
  index: BriefingIndex;
  articles: number;
  passages: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: boolean;
  skipped: LoadProblem[];
  seconds: number;
}

export function corpusFingerprint(articles: Pick<Article, "id" | "hash">[]): string {
  const h = createHash("sha256");
  for (const a of [...articles].sort((x, y) => (x.id < y.id ? -1 : 1))) h.update(`${a.id}\0${a.hash}\n`);
  return h.digest("hex");
}

function sameChunking(a: ChunkingSettings, b: ChunkingSettings): boolean {
  return a.chunkSize === b.chunkSize && a.chunkOverlap === b.chunkOverlap;
}

/** Opens the index for incremental update, or explains why it starts afresh. */
async function openForUpdate(opts: IngestOptions, chunking: ChunkingSettings): Promise<BriefingIndex | null> {
  if (opts.rebuild) return null;
  try {
    // A damaged current generation falls back to the previous one, which is then brought up to date.
    const index = await BriefingIndex.openLatestGood(opts.indexDir, opts.embeddings, opts.onNotice);
    if (!sameChunking(index.manifest.chunking, chunking) || index.manifest.textPipeline !== TEXT_PIPELINE_VERSION) {
      opts.onNotice?.(`chunking changed since the index was built; rebuilding the index at ${opts.indexDir}`);
      return null;
    }
    return index;
  } catch (e) {
    if (e instanceof IndexMismatch || e instanceof IndexDamaged) {
      opts.onNotice?.(`${e.message}; rebuilding it`);
      return null;
    }
    if (e instanceof UserError && e.message.startsWith("no index")) return null;
    throw e;
  }
}

/**
 * Brings the index in line with the corpus: embeds only new or changed articles, drops
 * deleted ones from both indexes, and writes a new generation atomically. An unchanged
 * corpus is a no-op that writes nothing.
 */
export async function ingest(opts: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const chunking = opts.chunking ?? DEFAULT_CHUNKING;
  opts.onProgress?.({ stage: "loading", done: 0, total: 0 });
  const { articles, problems } = await loadCorpus(opts.corpus);
  // Skipped files are reported when the index is written (and with an empty corpus), not on every question.
  const reportProblems = () => problems.forEach((p) => opts.onNotice?.(`skipped ${p.path}: ${p.reason}`));
  if (articles.length === 0) {
    reportProblems();
    throw new UserError(`no articles could be read from ${opts.corpus}`, "add .txt, .md, .json, .jsonl, .csv or .html files, or point --corpus at another folder");
  }
  const fingerprint = corpusFingerprint(articles);
  // The common case, an unchanged corpus, needs no lock: readers never see partial writes.
  const current = await openForUpdate(opts, chunking);
  if (current && current.manifest.corpusFingerprint === fingerprint && !current.restored) {
    return report(current, { added: 0, changed: 0, removed: 0, unchanged: true, problems, started });
  }
  let release: () => void;
  try {
    release = opts.waitForLock
      ? await waitForIngestLock(opts.indexDir, (pid) => opts.onNotice?.(`waiting for another ingest (pid ${pid}) to finish updating ${opts.indexDir}`))
      : acquireIngestLock(opts.indexDir);
  } catch (e) {
    if (!(opts.queryOnly && current && e instanceof UserError)) throw e;
    opts.onNotice?.(`${e.message}; answering from the index as it is`);
    return report(current, { added: 0, changed: 0, removed: 0, unchanged: true, problems, started });
  }
  try {
    // Re-open under the lock (quietly: any notice was given above): another ingest may have finished meanwhile.
    let index = await openForUpdate({ ...opts, onNotice: undefined }, chunking);
    if (index && index.manifest.corpusFingerprint === fingerprint && !index.restored) {
      return report(index, { added: 0, changed: 0, removed: 0, unchanged: true, problems, started });
    }
    reportProblems();
    const dimension = index?.dimension ?? (await probeDimension(opts.embeddings));
    const now = new Date().toISOString();
    index ??= BriefingIndex.empty(opts.indexDir, newManifest(opts, chunking, dimension, now), opts.embeddings);

    const wanted = new Map(articles.map((a) => [a.id, a]));
    const stale = [...index.articles.values()].filter((e) => wanted.get(e.id)?.hash !== e.hash);
    const fresh = articles.filter((a) => index!.articles.get(a.id)?.hash !== a.hash);
    const changed = stale.filter((e) => wanted.has(e.id)).length;
    for (const entry of stale) removeArticle(index, entry.id);

    await addArticles(index, fresh, chunking, opts);
    index.manifest = {
      ...index.manifest,
      corpusFingerprint: fingerprint,
      corpus: opts.corpus,
      articleCount: index.articles.size,
      passageCount: index.passages.size,
      updatedAt: now,
    };
    opts.onProgress?.({ stage: "saving", done: 0, total: 1 });
    try {
      await index.save();
    } catch (e) {
      // A question can still be answered from the index on disk (disk full, read-only folder).
      if (!(opts.queryOnly && current && e instanceof UserError)) throw e;
      opts.onNotice?.(`${e.message}; answering from the index as it is`);
      return report(current, { added: 0, changed: 0, removed: 0, unchanged: true, problems, started });
    }
    return report(index, { added: fresh.length - changed, changed, removed: stale.length - changed, unchanged: false, problems, started });
  } finally {
    release();
  }
}

function report(
  index: BriefingIndex,
  r: { added: number; changed: number; removed: number; unchanged: boolean; problems: LoadProblem[]; started: number },
): IngestReport {
  return {
    index,
    articles: index.articles.size,
    passages: index.passages.size,
    added: r.added,
    changed: r.changed,
    removed: r.removed,
    unchanged: r.unchanged,
    skipped: r.problems,
    seconds: (performance.now() - r.started) / 1000,
  };
}

function newManifest(opts: IngestOptions, chunking: ChunkingSettings, dimension: number, now: string): Manifest {
  return {
    formatVersion: FORMAT_VERSION,
    embedder: { id: opts.embeddings.id, dimension },
    chunking,
    textPipeline: TEXT_PIPELINE_VERSION,
    corpusFingerprint: "",
    corpus: opts.corpus,
    articleCount: 0,
    passageCount: 0,
    sentenceCount: 0,
    createdAt: now,
    updatedAt: now,
  };
}

async function probeDimension(embeddings: BriefingEmbeddings): Promise<number> {
  if (embeddings.dimension > 0) return embeddings.dimension;
  return (await embeddings.embedQuery("dimension probe")).length;
}

function removeArticle(index: BriefingIndex, id: string): void {
  const entry = index.articles.get(id);
  if (!entry) return;
  if (entry.labels.length) index.articleBm25.remove(entry.labels[0]);
  for (const label of entry.labels) {
    index.dense.index.markDelete(label);
    index.dense.docstore._docs.delete(String(label));
    index.bm25.remove(label);
    index.passages.delete(label);
  }
  index.articles.delete(id);
}

/** Chunks, embeds (one vector per sentence) and adds articles to both indexes. */
async function addArticles(index: BriefingIndex, fresh: Article[], chunking: ChunkingSettings, opts: IngestOptions): Promise<void> {
  if (fresh.length === 0) return;
  const planned: { article: Article; passages: Omit<IndexedPassage, "label" | "row">[] }[] = [];
  const sentenceTexts: string[] = [];
  const sentenceKey = new Map<string, number>(); // overlapping chunks share sentences: embed each once
  const sentenceRows: number[][] = [];
  const articleOfText: number[] = []; // for "articles done" in the progress
  for (const [i, article] of fresh.entries()) {
    const passages = (await chunkArticle(article, chunking)).map((p) => {
      // Headings are embedded (they help find the passage) but flagged so they are never quoted alone.
      const spans = splitSentences(p.text).map((s) => [p.start + s.start, p.start + s.end, SEGMENT_KIND[s.kind]] as SentenceSpan);
      const sentences = spans.length ? spans : [[p.start, p.end, 0] as SentenceSpan];
      sentenceRows.push(
        sentences.map(([s, e]) => {
          const key = `${article.id}\0${s}\0${e}`;
          let row = sentenceKey.get(key);
          if (row === undefined) {
            row = sentenceTexts.push(article.text.slice(s, e)) - 1;
            articleOfText.push(i);
            sentenceKey.set(key, row);
          }
          return row;
        }),
      );
      return { ...p, sentences };
    });
    planned.push({ article, passages });
    opts.onProgress?.({ stage: "chunking", done: i + 1, total: fresh.length });
  }

  // Rows of the sentence-vector table: the old ones, then each new passage's sentences in turn.
  // Each embedded sentence is written straight to its row(s), with no intermediate copy.
  const d = index.dimension;
  const oldRows = index.sentenceVectors.length / d;
  const totalNew = sentenceRows.reduce((n, r) => n + r.length, 0);
  const grown = new Float32Array((oldRows + totalNew) * d);
  grown.set(index.sentenceVectors);
  const destinations: number[][] = sentenceTexts.map(() => []);
  let next = oldRows;
  for (const rows of sentenceRows) for (const r of rows) destinations[r].push(next++);
  await embedWithProgress(opts, sentenceTexts, d, articleOfText, fresh.length, (t, v) => {
    for (const row of destinations[t]) grown.set(v, row * d);
  });
  index.sentenceVectors = grown;

  // HNSWLib numbers new documents from the current element count; labels follow that.
  const first = currentCount(index);
  const metas: IndexedPassage[] = [];
  let row = oldRows;
  let k = 0;
  for (const { passages } of planned) {
    for (const p of passages) {
      const count = sentenceRows[k++].length;
      metas.push({ ...p, row, label: first + metas.length } as IndexedPassage);
      row += count;
    }
  }
  // A passage's vector is the mean of its sentences'; added in slices to bound memory.
  for (let i = 0; i < metas.length; i += 1000) {
    const slice = metas.slice(i, i + 1000);
    const vectors = slice.map((m) => {
      const mean = new Float32Array(d);
      for (let j = 0; j < m.sentences.length; j++) {
        const v = grown.subarray((m.row + j) * d, (m.row + j + 1) * d);
        for (let x = 0; x < d; x++) mean[x] += v[x];
      }
      return Array.from(normalise(mean));
    });
    const docs = slice.map(({ text, ...meta }) => new Document({ pageContent: text, metadata: meta }));
    await index.dense.addVectors(vectors, docs);
  }
  let at = 0;
  for (const { article, passages } of planned) {
    const mine = metas.slice(at, at + passages.length);
    at += passages.length;
    for (const m of mine) {
      index.passages.set(m.label, m);
      index.bm25.add(m.label, `${article.title}\n${m.text}`);
    }
    if (mine.length) index.articleBm25.add(mine[0].label, `${article.title}\n${article.text}`);
    index.articles.set(article.id, {
      id: article.id,
      title: article.title,
      date: article.date,
      source: article.source,
      url: article.url,
      hash: article.hash,
      length: article.text.length,
      labels: mine.map((m) => m.label),
    });
  }
}

function currentCount(index: BriefingIndex): number {
  try {
    return index.dense.index.getCurrentCount();
  } catch {
    return 0; // not initialised yet: HNSWLib starts at 0
  }
}

/** Above this many sentences, a worker pool (when offered) is worth its start-up. */
const BULK_THRESHOLD = 400;

/**
 * Embeds in large calls (they keep both pool workers busy) and hands each vector over as it
 * arrives: 40k sentences held as number[][] would cost several hundred MB.
 */
async function embedWithProgress(
  opts: IngestOptions,
  texts: string[],
  d: number,
  articleOfText: number[],
  articlesTotal: number,
  onVector: (text: number, vector: ArrayLike<number>) => void,
): Promise<void> {
  const embedder = opts.bulk && texts.length > BULK_THRESHOLD ? await opts.bulk() : opts.embeddings;
  try {
    // In this thread, small batches with a turn of the event loop between them keep a UI responsive.
    const inThread = embedder === opts.embeddings;
    const batch = inThread ? 64 : 1024;
    for (let i = 0; i < texts.length; i += batch) {
      const rows = await embedder.embedDocuments(texts.slice(i, i + batch));
      rows.forEach((v, j) => {
        if (v.length !== d) {
          throw new UserError(`the embedder "${opts.embeddings.id}" returned ${v.length}-dim vectors, the index holds ${d}`, "run `briefing ingest --rebuild`");
        }
        onVector(i + j, v);
      });
      const done = Math.min(i + batch, texts.length);
      opts.onProgress?.({ stage: "embedding", done, total: texts.length, articlesDone: articleOfText[done - 1] + 1, articlesTotal });
      if (inThread) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    if (embedder !== opts.embeddings) await embedder.close?.();
  }
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

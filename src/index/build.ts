import { createHash } from "node:crypto";
import { DEFAULT_CHUNKING } from "../corpus/chunk.js";
import { loadCorpus } from "../corpus/load.js";
import type { Article, ChunkingSettings, LoadProblem } from "../corpus/types.js";
import { learnDimension } from "../embedding/providers.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import { UserError } from "../errors.js";
import { addArticles, removeArticle } from "./articles.js";
import { acquireIngestLock, waitForIngestLock } from "./lock.js";
import { FORMAT_VERSION, TEXT_PIPELINE_VERSION, type Manifest } from "./manifest.js";
import { BriefingIndex, IndexDamaged, IndexMismatch } from "./store.js";

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
  /** How long to wait for it (default 10 min). */
  lockWaitMs?: number;
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
  /** Sentences sent to the embedder (each distinct sentence once, though overlapping chunks share some). */
  embedded: number;
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
  const asItIs = (index: BriefingIndex) => report(index, { added: 0, changed: 0, removed: 0, unchanged: true, problems, started });
  // The common case, an unchanged corpus, needs no lock: readers never see partial writes.
  const current = await openForUpdate(opts, chunking);
  if (current && current.manifest.corpusFingerprint === fingerprint && !current.restored) {
    return asItIs(current);
  }
  let release: () => void;
  try {
    release = opts.waitForLock
      ? await waitForIngestLock(opts.indexDir, { limitMs: opts.lockWaitMs ?? 600_000, onWait: opts.onNotice })
      : acquireIngestLock(opts.indexDir);
  } catch (e) {
    if (!(opts.queryOnly && current && e instanceof UserError)) throw e;
    opts.onNotice?.(`${e.message}; answering from the index as it is`);
    return asItIs(current);
  }
  try {
    // Re-open under the lock (quietly: any notice was given above): another ingest may have finished meanwhile.
    let index = await openForUpdate({ ...opts, onNotice: undefined }, chunking);
    if (index && index.manifest.corpusFingerprint === fingerprint && !index.restored) {
      return asItIs(index);
    }
    reportProblems();
    const dimension = index?.dimension ?? (await learnDimension(opts.embeddings));
    const now = new Date().toISOString();
    index ??= BriefingIndex.empty(opts.indexDir, newManifest(opts, chunking, dimension, now), opts.embeddings);

    const wanted = new Map(articles.map((a) => [a.id, a]));
    const stale = [...index.articles.values()].filter((e) => wanted.get(e.id)?.hash !== e.hash);
    const fresh = articles.filter((a) => index!.articles.get(a.id)?.hash !== a.hash);
    const changed = stale.filter((e) => wanted.has(e.id)).length;
    for (const entry of stale) removeArticle(index, entry.id);

    const embedded = await addArticles(index, fresh, chunking, opts);
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
      return asItIs(current);
    }
    return report(index, { added: fresh.length - changed, changed, removed: stale.length - changed, unchanged: false, problems, started, embedded });
  } finally {
    release();
  }
}

function report(
  index: BriefingIndex,
  r: { added: number; changed: number; removed: number; unchanged: boolean; problems: LoadProblem[]; started: number; embedded?: number },
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
    embedded: r.embedded ?? 0,
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


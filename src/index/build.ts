import { checkpointSettings } from "../config.js";
import { DEFAULT_CHUNKING } from "../corpus/chunk.js";
import { corpusSignature, loadCorpus } from "../corpus/load.js";
import type { ChunkingSettings, LoadProblem } from "../corpus/types.js";
import { learnDimension } from "../embedding/providers.js";
import { UserError } from "../errors.js";
import { corpusFingerprint, RELATIVE_IDS } from "./article-ids.js";
import { clearFailedUpdate, failedUpdate, recordFailedUpdate } from "./behind.js";
import { currentGeneration } from "./current.js";
import { addVectorsOf, restoreVectors, vectorsOf } from "./carry.js";
import { acquireIngestLock, waitForIngestLock } from "./lock.js";
import { FORMAT_VERSION, TEXT_PIPELINE_VERSION, type Manifest } from "./manifest.js";
import type { IngestOptions, IngestReport } from "./ingest-types.js";
import { embedPending } from "./semantic.js";
import { IndexDamaged, IndexMismatch, IndexMissing, IndexOfOtherEmbedder } from "./errors.js";
import { corpusPathFor, indexOnDisk, refuseOtherCorpus } from "./other-corpus.js";
import { BriefingIndex } from "./store.js";

export { corpusFingerprint } from "./article-ids.js";

/** Sentences a question embeds before answering (about a second on one core). */
export const INLINE_EMBED = 128;

function sameChunking(a: ChunkingSettings, b: ChunkingSettings): boolean {
  return a.chunkSize === b.chunkSize && a.chunkOverlap === b.chunkOverlap;
}

/**
 * Opens the index for incremental update, or explains why it starts afresh. An index of the same
 * embedder rebuilt for other chunking or sentence splitting is handed to `previous`: its vectors are
 * carried by sentence text, so only the sentences that changed are embedded again.
 */
async function openForUpdate(opts: IngestOptions, chunking: ChunkingSettings, previous?: { index?: BriefingIndex }): Promise<BriefingIndex | null> {
  if (opts.rebuild) return null;
  try {
    // A damaged current generation falls back to the previous one, which is then brought up to date.
    const index = await BriefingIndex.openLatestGood(opts.indexDir, opts.embeddings, opts.onNotice);
    if (!sameChunking(index.manifest.chunking, chunking) || index.manifest.textPipeline !== TEXT_PIPELINE_VERSION) {
      opts.onNotice?.(`chunking changed since the index was built; rebuilding the index at ${opts.indexDir}`);
      if (previous) previous.index = index;
      return null;
    }
    // Sources follow the corpus as named this time; ids do not depend on it (article-ids.ts).
    index.nameCorpus(opts.corpus);
    return index;
  } catch (e) {
    if (e instanceof IndexMismatch && e.manifest.embedder.id !== opts.embeddings.id) {
      throw new IndexOfOtherEmbedder(opts.indexDir, e.manifest.embedder.id, opts.embeddings.id);
    }
    if (e instanceof IndexMismatch || e instanceof IndexDamaged) {
      opts.onNotice?.(`${e.message}; rebuilding it`);
      return null;
    }
    if (e instanceof IndexMissing) return null;
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
  const mode = opts.embed ?? (opts.queryOnly ? "small" : "all");
  const wantsEmbedding = (index: BriefingIndex) => {
    const { total, embedded } = index.semantic;
    const pending = total - embedded;
    return pending > 0 && (mode === "all" || (mode === "small" && pending <= INLINE_EMBED));
  };
  // Files unchanged since the index was made (same paths, sizes, times): a question parses nothing
  // (`ingest` still reads the corpus, to report its skipped files).
  const signature = await corpusSignature(opts.corpus).catch(() => null);
  const known = signature && opts.queryOnly ? await openForUpdate({ ...opts, onNotice: undefined }, chunking).catch(() => null) : null;
  // However the corpus is named: ids are relative to it, and the signature is of its relative paths.
  if (known && signature === known.manifest.corpusFiles && !known.restored && !wantsEmbedding(known)) {
    await upgradeLayout(known, opts.indexDir);
    return report(known, { added: 0, changed: 0, removed: 0, unchanged: true, problems: [], started });
  }
  opts.onProgress?.({ stage: "loading", done: 0, total: 0 });
  const { articles, problems } = await loadCorpus(opts.corpus);
  // Skipped files are reported when the index is written (and with an empty corpus), not on every question.
  const reportProblems = () => problems.forEach((p) => opts.onNotice?.(`skipped ${p.path}: ${p.reason}`));
  if (articles.length === 0) {
    reportProblems();
    throw new UserError(`no articles could be read from ${opts.corpus}`, "add .txt, .md, .json, .jsonl, .csv or .html files, or point --corpus at another folder");
  }
  // Another corpus's index is never turned into this one's without --rebuild.
  if (!opts.rebuild) refuseOtherCorpus(opts.indexDir, indexOnDisk(opts.indexDir), opts.corpus, articles.map((a) => a.id));
  const fingerprint = corpusFingerprint(articles);
  const upToDate = (index: BriefingIndex | null): boolean => Boolean(index && index.manifest.corpusFingerprint === fingerprint && !index.restored);
  let behind: string | undefined;
  const asItIs = (index: BriefingIndex) => report(index, { added: 0, changed: 0, removed: 0, unchanged: true, problems, started, behind });
  // The common case, an unchanged corpus, needs no lock: readers never see partial writes.
  // Opened again when it was not opened as current (its notices are given this time).
  const current = known && !known.restored ? known : await openForUpdate(opts, chunking);
  if (current && upToDate(current) && !wantsEmbedding(current)) {
    await upgradeLayout(current, opts.indexDir, false, signature);
    return asItIs(current);
  }
  if (opts.queryOnly && current && !upToDate(current)) {
    // A question does not retry, every time, an update that failed for this very corpus.
    const failed = failedUpdate(opts.indexDir, fingerprint);
    if (failed) {
      behind = `the index at ${opts.indexDir} is behind the corpus (its last update failed: ${failed}); answering from the index as it is — run \`briefing ingest\` to bring it up to date`;
      opts.onNotice?.(behind);
      return asItIs(current);
    }
  }
  let release: () => void;
  try {
    release = opts.waitForLock
      ? await waitForIngestLock(opts.indexDir, { limitMs: opts.lockWaitMs ?? 600_000, onWait: opts.onNotice })
      : acquireIngestLock(opts.indexDir);
  } catch (e) {
    if (!(opts.queryOnly && current && e instanceof UserError)) throw e;
    behind = `${e.message}; answering from the index as it is`;
    opts.onNotice?.(behind);
    return asItIs(current);
  }
  try {
    // Re-open under the lock (quietly: any notice was given above): another ingest may have finished meanwhile.
    const previous: { index?: BriefingIndex } = {};
    let index = await openForUpdate({ ...opts, onNotice: undefined }, chunking, previous);
    if (index && upToDate(index) && !wantsEmbedding(index)) {
      await upgradeLayout(index, opts.indexDir, true, signature);
      return asItIs(index);
    }
    let counts = { added: 0, changed: 0, removed: 0, unchanged: true };
    let lexicalOnlyInMemory = false;
    if (!upToDate(index)) {
      // The lexical layer: articles parsed, chunked and in BM25, committed before any embedding.
      reportProblems();
      const dimension = index?.dimension ?? (await learnDimension(opts.embeddings));
      const now = new Date().toISOString();
      index ??= BriefingIndex.empty(opts.indexDir, newManifest(opts, chunking, dimension, now), opts.embeddings);
      const wanted = new Map(articles.map((a) => [a.id, a]));
      const stale = [...index.articles.values()].filter((e) => wanted.get(e.id)?.hash !== e.hash);
      const fresh = articles.filter((a) => index!.articles.get(a.id)?.hash !== a.hash);
      const changed = stale.filter((e) => wanted.has(e.id)).length;
      const carried = vectorsOf(index, stale.map((e) => e.id));
      if (previous.index) addVectorsOf(carried, previous.index, previous.index.articles.keys());
      for (const entry of stale) index.remove(entry.id);
      await index.add(fresh, chunking, (done, total) => opts.onProgress?.({ stage: "chunking", done, total }));
      restoreVectors(index, fresh.map((a) => a.id), carried);
      index.describe({
        corpusFingerprint: fingerprint,
        ...(signature ? { corpusFiles: signature } : {}),
        corpus: opts.corpus,
        corpusPath: corpusPathFor(opts.corpus),
        articleCount: index.articles.size,
        passageCount: index.passages.size,
        updatedAt: now,
      });
      counts = { added: fresh.length - changed, changed, removed: stale.length - changed, unchanged: false };
      // A small job is committed once, when embedded; a big one commits its lexical layer first.
      const pending = index.semantic.total - index.semantic.embedded;
      if (wantsEmbedding(index) && pending <= INLINE_EMBED) lexicalOnlyInMemory = true;
      else opts.onProgress?.({ stage: "saving", done: 0, total: 1 });
      try {
        if (!lexicalOnlyInMemory) await index.save();
      } catch (e) {
        // A question can still be answered from the index on disk (disk full, read-only folder).
        if (!(opts.queryOnly && current && e instanceof UserError)) throw e;
        recordFailedUpdate(opts.indexDir, fingerprint, (e as UserError).message);
        behind = `${e.message}; answering from the index as it is — run \`briefing ingest\` to bring it up to date`;
        opts.onNotice?.(behind);
        return asItIs(current);
      }
    }
    const lexicalSeconds = (performance.now() - started) / 1000;
    let embedded = 0;
    if (wantsEmbedding(index!)) {
      const idx = index!;
      try {
        embedded = await embedPending(idx, {
          embeddings: opts.embeddings,
          bulk: opts.bulk,
          bulkAbove: opts.bulkAbove,
          // A small job whose lexical layer is not committed yet is committed once, at the end.
          checkpoint: lexicalOnlyInMemory ? { seconds: Infinity, sentences: Infinity } : (opts.checkpoint ?? checkpointSettings()),
          save: () => idx.save(), // a checkpoint: quietly, the bar keeps its rate
          onProgress: (done, total) => opts.onProgress?.({ stage: "embedding", done, total }),
        });
        opts.onProgress?.({ stage: "saving", done: 0, total: 1 });
        await idx.save();
      } catch (e) {
        // A question answers from what is committed; the next ingest resumes from the last checkpoint.
        if (!(opts.queryOnly && e instanceof UserError)) throw e;
        if (lexicalOnlyInMemory) recordFailedUpdate(opts.indexDir, fingerprint, e.message);
        behind = `${e.message}; answering from the index as it is — run \`briefing ingest\` to bring it up to date`;
        opts.onNotice?.(behind);
      }
    }
    if (!behind) clearFailedUpdate(opts.indexDir);
    return { ...report(index!, { ...counts, problems, started, embedded, behind }), lexicalSeconds };
  } finally {
    release();
  }
}

/**
 * Rewrites an index read in an older on-disk layout in the current one (the lexical files are
 * rewritten; vectors and graph are kept, nothing is embedded again), or records the corpus files'
 * new signature when only their times changed (everything linked but the manifest), when the ingest lock is free
 * and the index is still the current generation. Quietly leaves it as it is otherwise (another
 * ingest at work, a read-only folder, a full disk): the older layout still answers.
 */
async function upgradeLayout(index: BriefingIndex, indexDir: string, locked = false, signature: string | null = null): Promise<void> {
  // Files touched but not changed (copied, checked out again, re-provisioned): their new times are
  // recorded, or every question would parse the whole corpus again (full Reuters: 2.5 s, not 1.4 s).
  const touched = signature !== null && index.manifest.corpusFiles !== signature;
  if (!index.outdated && !touched) return;
  if (touched) index.describe({ corpusFiles: signature });
  let release = () => {};
  try {
    if (!locked) release = acquireIngestLock(indexDir);
    if (currentGeneration(indexDir) === index.generation) await index.save();
  } catch {
    // See above: the index answers as it is.
  } finally {
    release();
  }
}

function report(
  index: BriefingIndex,
  r: { added: number; changed: number; removed: number; unchanged: boolean; problems: LoadProblem[]; started: number; embedded?: number; behind?: string },
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
    ...(r.behind ? { behind: r.behind } : {}),
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
    articleIds: RELATIVE_IDS,
    articleCount: 0,
    passageCount: 0,
    sentenceCount: 0,
    embeddedCount: 0,
    nextLabel: 0,
    createdAt: now,
    updatedAt: now,
  };
}


/**
 * The one place the pipeline is put together, for every face (ask, timeline, chat, eval, MCP, the
 * library) and for `briefing ingest`: the embedder, the index kept in step with the corpus, and the
 * answerer. Faces say what they need (refresh or not, how much to embed before answering, where
 * progress and notices go); they never open embedders or run ingest themselves.
 *
 * One worker-pool policy: a question, and the few sentences a question's refresh may embed first
 * (at most INLINE_EMBED), are embedded on this thread by one model, loaded once. Embedding a whole
 * semantic layer (`briefing ingest`, the chat's and the eval's refresh) goes to a pool of
 * `settings.workers` threads (use-lite with more than one worker), started for that job and closed
 * after it, so the face's thread stays free to draw (the pool embeds a few dozen sentences inline,
 * on the same model). The chat's background embedding (index/background.ts) uses the same pool,
 * started for each run and closed after it. Other embedders have no pool: a second client of the same model would only
 * load it twice. The index keeps the live query embedder, never a closed pool.
 */
import { extractiveAnswerer } from "./answer/extractive.js";
import type { Answerer } from "./answer/answerer.js";
import { Briefer } from "./answer/briefer.js";
import { blameOf, checkpointSettings, type Settings } from "./config.js";
import { bulkEmbedder, createEmbeddings } from "./embedding/providers.js";
import type { BriefingEmbeddings } from "./embedding/types.js";
import { BackgroundEmbedding } from "./index/background.js";
import { corpusSignature } from "./corpus/load.js";
import { ingest } from "./index/build.js";
import type { IngestProgress, IngestReport } from "./index/ingest-types.js";
import { semanticNotice } from "./index/semantic.js";
import { BriefingIndex } from "./index/store.js";

export interface PipelineOptions {
  /**
   * Bring the index up to date with the corpus first (default true: embeds only what changed).
   * False opens the index as it is, without reading the corpus.
   */
  refresh?: boolean;
  /**
   * How much embedding a refresh does before answering: `small` (default: only a few hundred
   * sentences, a big job is left to `briefing ingest` while answers come from the lexical layer),
   * `all` (the chat and the eval: the semantic layer complete first) or `none` (the eval's lexical stage).
   */
  embed?: "small" | "all" | "none";
  onProgress?: (p: IngestProgress) => void;
  onNotice?: (line: string) => void;
  /** The refresh's report (what was added, how long it took), for the eval's header. */
  onIndexed?: (report: IngestReport) => void;
  /**
   * Return once the index is open, while the model finishes loading (the chat shows its
   * prompt sooner; the first question waits for the model instead). Default: wait.
   */
  waitForModel?: boolean;
  /**
   * The chat: ready once the lexical layer is committed (`embed` defaults to `small`), the rest of
   * the semantic layer embedded in the background on the worker pool, with each checkpoint and
   * each generation another process commits reported to `onChange` (index/background.ts).
   */
  background?: { onChange?: (index: BriefingIndex) => void };
}

/** Opens embedder, index and answerer: a Briefer ready to answer, which closes all three. */
export async function openPipeline(settings: Settings, opts: PipelineOptions = {}): Promise<Briefer> {
  // A chat model spec that names nothing is said at once, not after the index is built.
  if (settings.llm !== "none") (await import("./answer/llm/spec.js")).parseLlmSpec(settings.llm, process.env, blameOf(settings, "llm"));
  const embeddings = await createEmbeddings(settings.embeddings, { blame: blameOf(settings, "embeddings") });
  let background: BackgroundEmbedding | undefined;
  try {
    // Load the model while the corpus is checked (the first question then pays nothing) — or,
    // when the caller wants the index first, right after it is open.
    // USE-Lite's load already runs the model once (its kernels compiled): no second warm-up call.
    const load = (embeddings as { load?: () => Promise<unknown> }).load?.bind(embeddings);
    const warmUp = () =>
      (load ? load() : embeddings.embedQuery("warm-up")).then(
        () => undefined,
        (e: unknown) => e,
      );
    const warm = opts.waitForModel === false ? undefined : warmUp();
    let index: BriefingIndex;
    let behind: string | undefined;
    if (opts.refresh === false) {
      index = await BriefingIndex.openLatestGood(settings.index, embeddings, opts.onNotice);
      behind = await behindCorpus(index, settings);
      if (behind) opts.onNotice?.(behind);
    } else {
      const report = await ingest({
        corpus: settings.corpus,
        indexDir: settings.index,
        embeddings,
        // The chat (background) keeps its thread free to draw: even a small job goes to the pool.
        ...withPool(settings, opts.onProgress, opts.embed === "all" || opts.embed === "none" || Boolean(opts.background), opts.onNotice),
        onNotice: opts.onNotice,
        // A question never waits for another process's ingest: it answers from the index as it is.
        queryOnly: true,
        ...(opts.embed ? { embed: opts.embed } : opts.background ? { embed: "small" as const } : {}),
      });
      ({ index, behind } = report);
      opts.onIndexed?.(report);
    }
    const partial = semanticNotice(index);
    // A complete layer too: the background work then watches for a generation that is not (another
    // process indexing new articles lexically) and fills it in.
    if (opts.background) {
      background = new BackgroundEmbedding(index, {
        embeddings,
        bulk: bulkEmbedder(settings.embeddings, settings.workers, undefined, { pin: settings.pinWorkers, onNotice: opts.onNotice }),
        checkpoint: checkpointSettings(),
        onChange: opts.background.onChange,
        onNotice: opts.onNotice,
      });
    } else if (partial) opts.onNotice?.(partial);
    if (warm) {
      const failed = await warm;
      if (failed) throw failed;
      background?.start();
    } else {
      // After the caller has drawn its ready screen; the pool's workers once the question model is in.
      setImmediate(() => void warmUp().then(() => background?.start()));
    }
    const answerer = await openAnswerer(settings);
    return new Briefer({ settings, index, embeddings, answerer, behind, background });
  } catch (e) {
    await background?.stop();
    await embeddings.close?.();
    throw e;
  }
}

/**
 * An index opened as it is (no refresh) says when the corpus's files changed since it was built:
 * their names, sizes and times only (nothing is read). Silent when it cannot tell.
 */
async function behindCorpus(index: BriefingIndex, settings: Settings): Promise<string | undefined> {
  const recorded = index.manifest.corpusFiles;
  const now = recorded ? await corpusSignature(settings.corpus).catch(() => null) : null;
  if (!now || now === recorded) return undefined;
  return `the corpus at ${settings.corpus} changed since the index at ${settings.index} was built; answering from the index as it is — run \`briefing ingest\` (or open with refresh) to bring it up to date`;
}

export interface IngestCommandOptions {
  rebuild?: boolean;
  onProgress?: (p: IngestProgress) => void;
  onNotice?: (line: string) => void;
}

/** `briefing ingest`: the whole corpus embedded (waiting for another ingest of the same index), with the same embedder and pool policy. */
export async function ingestCorpus(settings: Settings, opts: IngestCommandOptions = {}): Promise<IngestReport> {
  // The model loads only if something needs embedding.
  const embeddings = await createEmbeddings(settings.embeddings, { blame: blameOf(settings, "embeddings") });
  try {
    return await ingest({
      corpus: settings.corpus,
      indexDir: settings.index,
      embeddings,
      ...withPool(settings, opts.onProgress, true, opts.onNotice),
      rebuild: opts.rebuild,
      waitForLock: true,
      lockWaitMs: settings.lockWaitMs,
      onNotice: opts.onNotice,
    });
  } finally {
    await embeddings.close?.();
  }
}

/** The answerer the settings ask for; a chat model's client is loaded only when one is asked for. */
async function openAnswerer(settings: Settings): Promise<Answerer> {
  if (settings.llm === "none") return extractiveAnswerer;
  const { LlmAnswerer } = await import("./answer/llm/answerer.js");
  return LlmAnswerer.open(settings, extractiveAnswerer);
}

/**
 * The worker pool (none for one-model providers): for any job when a whole layer is embedded, else
 * only above the indexer's threshold; and the indexer's progress with each batch of the pool's
 * workers reported between the indexer's own reports, so the bar keeps moving on a small corpus too.
 */
function withPool(
  settings: Settings,
  onProgress: ((p: IngestProgress) => void) | undefined,
  wholeLayer: boolean,
  onNotice?: (line: string) => void,
): { bulk?: () => Promise<BriefingEmbeddings>; bulkAbove?: number; onProgress?: (p: IngestProgress) => void } {
  // A question's top-up (at most INLINE_EMBED sentences) stays below the indexer's threshold: this thread.
  const bulkAbove = wholeLayer ? 0 : undefined;
  const pinning = { pin: settings.pinWorkers, onNotice };
  if (!onProgress) return { bulk: bulkEmbedder(settings.embeddings, settings.workers, undefined, pinning), bulkAbove };
  // The indexer reports once per slice of sentences; the pool reports each batch within it. Until
  // the indexer's first report the total is what the pool has been given so far.
  let base = 0;
  let total = 0;
  const fromPool = (done: number, of: number) => onProgress({ stage: "embedding", done: base + done, total: Math.max(total, base + of) });
  const fromIndexer = (p: IngestProgress) => {
    if (p.stage === "embedding") [base, total] = [p.done, p.total];
    onProgress(p);
  };
  return { bulk: bulkEmbedder(settings.embeddings, settings.workers, fromPool, pinning), bulkAbove, onProgress: fromIndexer };
}

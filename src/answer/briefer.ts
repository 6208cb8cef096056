import type { Settings } from "../config.js";
import { bulkEmbedder, createEmbeddings } from "../embedding/providers.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import { ingest, type IngestProgress } from "../index/build.js";
import { currentGeneration } from "../index/current.js";
import { semanticNotice } from "../index/semantic.js";
import { BriefingIndex } from "../index/store.js";
import { understoodAs, type Turn } from "../conversation/turn.js";
import { searchOf, searchText, understand } from "../conversation/understand.js";
import { retrieve, type RetrieverKind } from "../retrieval/hybrid.js";
import { extractiveBriefing, type Draft } from "./extractive.js";
import type { LlmAnswerer } from "./llm/answerer.js";
import type { AnswerRequest } from "./request.js";
import { briefingAsk, briefingFollowUp, cleanQuestion } from "./question.js";
import { crossArticleBriefing } from "./briefings/compose.js";
import type { AbstainLevel } from "./abstain.js";
import type { Briefing } from "./types.js";

export type Stage = "searching" | "composing";

export interface AskOptions {
  history?: Turn[];
  k?: number;
  retriever?: RetrieverKind;
  onStage?: (stage: Stage) => void;
  /** Answer text as it grows (sentence by sentence, or token by token from an LLM). */
  onText?: (chunk: string) => void;
  signal?: AbortSignal;
  /** Abstention operating point for this question (default: the settings'). */
  abstain?: AbstainLevel;
}

/** Writes an answer from retrieved passages; the extractive briefing, or an LLM (see llm/). */
export type Answerer = (ctx: { index: BriefingIndex; request: AnswerRequest; retrieval: Awaited<ReturnType<typeof retrieve>>; opts: AskOptions; embeddings: BriefingEmbeddings }) => Promise<Draft>;

export interface OpenOptions {
  onProgress?: (p: IngestProgress) => void;
  onNotice?: (line: string) => void;
  /** Use the index as it is, without checking the corpus for changes. */
  skipRefresh?: boolean;
  /** An index the caller has just brought up to date (the chat's ingest): used as it is, not opened again. */
  index?: BriefingIndex;
  answerer?: Answerer;
  /**
   * Return once the index is open, while the model finishes loading (the chat shows its
   * prompt sooner; the first question waits for the model instead). Default: wait.
   */
  waitForModel?: boolean;
}

/**
 * The pipeline behind every face: the index kept in step with the corpus, the embedder
 * loaded once, and `ask` going question → retrieval → briefing.
 */
export class Briefer {
  /** The generation CURRENT named when last looked at: a change means another process wrote a newer index. */
  private seen: string;

  private constructor(
    readonly settings: Settings,
    private current: BriefingIndex,
    readonly embeddings: BriefingEmbeddings,
    private readonly answerer: Answerer,
    /** Why the index is behind the corpus, if it is (a failed update, another ingest holding it). */
    private behind?: string,
  ) {
    this.seen = current.generation && !current.restored ? current.generation : currentGeneration(current.dir);
  }

  get index(): BriefingIndex {
    return this.current;
  }

  /**
   * Before a question in a long-lived face (the chat): when another process has made a newer
   * generation current, switch to it. Costs one small file read when nothing changed. Returns
   * the one line to show the user, or null. A newer index that cannot be opened is reported once,
   * and the one in use keeps answering.
   */
  async refresh(): Promise<string | null> {
    const pointer = currentGeneration(this.current.dir);
    if (!pointer || pointer === this.seen || pointer === this.current.generation) return null;
    this.seen = pointer;
    let next: BriefingIndex;
    try {
      next = await BriefingIndex.open(this.current.dir, this.embeddings);
    } catch (e) {
      return `the index was updated by another process but cannot be used (${String((e as Error)?.message ?? e).split("\n")[0]}); still answering from the index as it was`;
    }
    const was = this.current.manifest.articleCount;
    this.current = next;
    this.behind = undefined; // the newer generation is what the other process made current
    const n = next.manifest.articleCount;
    return `index updated by another process: now ${n} article${n === 1 ? "" : "s"}${n !== was ? ` (was ${was})` : ""}`;
  }

  /** `{ indexState }` for a briefing when the index is incomplete or behind, else nothing: computed once. */
  private stateField(): Pick<Briefing, "indexState"> {
    const state = this.indexState();
    return state ? { indexState: state } : {};
  }

  /** The index's state as each briefing reports it, when it is incomplete or behind. */
  private indexState(): Briefing["indexState"] {
    const semantic = semanticNotice(this.index);
    if (!semantic && !this.behind) return undefined;
    return { semantic: this.index.semantic.share, notices: [...(this.behind ? [this.behind] : []), ...(semantic ? [semantic] : [])] };
  }

  static async open(settings: Settings, opts: OpenOptions = {}): Promise<Briefer> {
    const embeddings = await createEmbeddings(settings.embeddings);
    // Load the model while the corpus is checked (the first question then pays nothing) — or,
    // when the caller wants the index first, right after it is open.
    const warmUp = () =>
      embeddings.embedQuery("warm-up").then(
        () => undefined,
        (e: unknown) => e,
      );
    const background = opts.waitForModel === false;
    const warm = background ? undefined : warmUp();
    let index: BriefingIndex;
    let behind: string | undefined;
    if (opts.index) {
      index = opts.index;
    } else if (opts.skipRefresh) {
      index = await BriefingIndex.openLatestGood(settings.index, embeddings, opts.onNotice);
    } else {
      const bulk = bulkEmbedder(settings.embeddings, settings.workers);
      // A question answers once the lexical layer is in; a big embedding job is left to `ingest` (or the chat).
      ({ index, behind } = await ingest({ corpus: settings.corpus, indexDir: settings.index, embeddings, bulk, onProgress: opts.onProgress, onNotice: opts.onNotice, queryOnly: true }));
    }
    const partial = semanticNotice(index);
    if (partial) opts.onNotice?.(partial);
    if (warm) {
      const failed = await warm;
      if (failed) throw failed;
    } else setImmediate(() => void warmUp()); // after the caller has drawn its ready screen
    let answerer = opts.answerer ?? extractiveAnswerer;
    if (!opts.answerer && settings.llm !== "none") {
      // Loaded only when asked for: the offline default never pays for chat-model clients.
      const { createLlmAnswerer } = await import("./llm/answerer.js");
      answerer = await createLlmAnswerer(settings, embeddings, extractiveAnswerer);
    }
    return new Briefer(settings, index, embeddings, answerer, behind);
  }

  /** The same pipeline (model, answerer, settings) over another index: the eval's leave-one-out indexes. */
  withIndex(index: BriefingIndex): Briefer {
    return new Briefer(this.settings, index, this.embeddings, this.answerer);
  }

  async ask(asked: string, opts: AskOptions = {}): Promise<Briefing> {
    const question = cleanQuestion(asked);
    const t0 = performance.now();
    opts.onStage?.("searching");
    const history = opts.history ?? [];
    // Overviews, timelines and what's new draw on all the subject's articles, with their own rule for
    // "not covered" (no article on the subject): they never go through the one-fact abstention.
    const followed = briefingFollowUp(question, history.at(-1)?.briefing);
    const across = followed?.ask ?? briefingAsk(question);
    if (across) {
      const vector = Float32Array.from(await this.embeddings.embedQuery(across.subject));
      const t1 = performance.now();
      opts.onStage?.("composing");
      let draft = await crossArticleBriefing(this.index, vector, across, opts.retriever ?? this.settings.retriever);
      const llm = this.answerer as Partial<LlmAnswerer>;
      // LLM mode: the model writes the briefing from the digest (grouped, dated points and conflicts); no articles, no call.
      if (llm.brief && draft.digest && !draft.abstained) draft = await llm.brief({ index: this.index, question, draft: { ...draft, digest: draft.digest }, onText: opts.onText, signal: opts.signal });
      else opts.onText?.(draft.answer);
      const t2 = performance.now();
      const round = (x: number) => Math.round(x * 10) / 10;
      const restated = followed?.restated;
      return { question, ...(restated ? { understoodAs: restated, understood: { contextTerms: [], restated } } : {}), ...draft, timingsMs: { retrieve: round(t1 - t0), answer: round(t2 - t1), total: round(t2 - t0) }, ...this.stateField() };
    }
    let u = understand(question, history);
    const llm = this.answerer as Partial<LlmAnswerer>;
    if (u.contextTerms.length && llm.rewrite) {
      // In LLM mode a follow-up is rewritten into a standalone question; the carried articles stay in focus.
      const standalone = await llm.rewrite(history, question, opts.signal);
      if (standalone && standalone.trim() !== question.trim()) u = { ...u, restated: standalone, contextTerms: [] };
    }
    const search = searchOf(u);
    const queryVector = Float32Array.from(await this.embeddings.embedQuery(searchText(search)));
    const retrieval = await retrieve(this.index, queryVector, search.text, {
      // "What else?" looks deeper: what was quoted no longer counts, and the related articles come next.
      k: (opts.k ?? this.settings.k) * (u.more ? 2 : 1),
      kind: opts.retriever ?? this.settings.retriever,
      focusArticles: u.focusArticles,
      contextTerms: search.terms,
      ...(this.index.semantic.embedded < this.index.semantic.total ? { embedMissing: (texts: string[]) => (this.embeddings.embedRows ? this.embeddings.embedRows(texts) : this.embeddings.embedDocuments(texts)) } : {}),
    });
    const t1 = performance.now();
    opts.onStage?.("composing");
    const request: AnswerRequest = { question, contextTerms: u.contextTerms, ...(u.more ? { more: u.more } : {}), ...(u.restated !== undefined ? { restated: u.restated } : {}) };
    const draft = await this.answerer({ index: this.index, request, retrieval, opts: { ...opts, abstain: opts.abstain ?? this.settings.abstain }, embeddings: this.embeddings });
    const t2 = performance.now();
    const d = retrieval.dates;
    if (d.ignored) draft.notices.unshift(`No article is dated ${d.phrase}; searched them all.`);
    else if (d.from || d.to) draft.notices.unshift(`Only articles dated ${d.from ?? "…"} to ${d.to ?? "…"} (${d.phrase}).`);
    else if (d.newest) draft.notices.unshift("Newest articles first.");
    const round = (x: number) => Math.round(x * 10) / 10;
    // Shown as "(understood as: …)" only when the conversation changed what was asked.
    const understood = u.restated !== undefined || u.contextTerms.length ? { contextTerms: u.contextTerms, ...(u.restated !== undefined ? { restated: u.restated } : {}) } : undefined;
    return {
      question,
      ...(understood ? { understoodAs: understoodAs({ question, ...understood }), understood } : {}),
      ...draft,
      timingsMs: { retrieve: round(t1 - t0), answer: round(t2 - t1), total: round(t2 - t0) },
      ...this.stateField(),
    };
  }

  async close(): Promise<void> {
    await (this.answerer as Partial<LlmAnswerer>).llm?.close();
    await this.embeddings.close?.();
  }
}

export const extractiveAnswerer: Answerer = async ({ index, request, retrieval, opts }) => {
  const draft = extractiveBriefing(index, request, retrieval, opts.abstain);
  for (const s of draft.sentences) opts.onText?.(`${s.text.trim()} [${s.citations.join("][")}] `);
  if (draft.abstained) opts.onText?.(draft.answer);
  return draft;
};

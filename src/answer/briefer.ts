import type { Settings } from "../config.js";
import { firstLine } from "../errors.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import type { BackgroundEmbedding } from "../index/background.js";
import { currentGeneration } from "../index/current.js";
import { semanticNotice } from "../index/semantic.js";
import { BriefingIndex } from "../index/store.js";
import { understoodAs, type Turn } from "../conversation/turn.js";
import { searchOf, searchText, understand } from "../conversation/understand.js";
import { retrieve, type Retrieval, type RetrieverKind } from "../retrieval/hybrid.js";
import type { AnswerOptions, Answerer, AnswerRequest } from "./answerer.js";
import { briefingAsk, briefingFollowUp, cleanQuestion } from "./question.js";
import { crossArticleBriefing } from "./briefings/compose.js";
import type { Briefing } from "./types.js";

export type Stage = "searching" | "composing";

export interface AskOptions extends AnswerOptions {
  history?: Turn[];
  k?: number;
  retriever?: RetrieverKind;
  onStage?: (stage: Stage) => void;
}

/** What a Briefer answers with; opened together by the pipeline (src/pipeline.ts). */
export interface BrieferParts {
  settings: Settings;
  index: BriefingIndex;
  /** The query embedder, loaded once; the Briefer closes it. */
  embeddings: BriefingEmbeddings;
  answerer: Answerer;
  /** Why the index is behind the corpus, if it is (a failed update, another ingest holding it). */
  behind?: string;
  /** The semantic layer filling in behind the answers (the chat): it says which index answers; the Briefer stops it. */
  background?: BackgroundEmbedding;
}

/**
 * Answers questions from an open index: question → understanding → retrieval → briefing. It
 * neither builds nor refreshes the index from the corpus; the pipeline (src/pipeline.ts) does.
 */
export class Briefer {
  readonly settings: Settings;
  readonly embeddings: BriefingEmbeddings;
  private current: BriefingIndex;
  private readonly answerer: Answerer;
  private behind?: string;
  /** The generation CURRENT named when last looked at: a change means another process wrote a newer index. */
  private seen: string;
  private readonly background?: BackgroundEmbedding;

  constructor(parts: BrieferParts) {
    this.settings = parts.settings;
    this.background = parts.background;
    this.current = parts.index;
    this.embeddings = parts.embeddings;
    this.answerer = parts.answerer;
    this.behind = parts.behind;
    this.seen = parts.index.generation && !parts.index.restored ? parts.index.generation : currentGeneration(parts.index.dir);
  }

  get index(): BriefingIndex {
    return this.background?.index ?? this.current;
  }

  /**
   * Before a question in a long-lived face (the chat): when another process has made a newer
   * generation current, switch to it. Costs one small file read when nothing changed. Returns
   * the one line to show the user, or null. A newer index that cannot be opened is reported once,
   * and the one in use keeps answering.
   */
  async refresh(): Promise<string | null> {
    if (this.background) return this.followBackground();
    const pointer = currentGeneration(this.current.dir);
    if (!pointer || pointer === this.seen || pointer === this.current.generation) return null;
    this.seen = pointer;
    let next: BriefingIndex;
    try {
      next = await BriefingIndex.open(this.current.dir, this.embeddings);
    } catch (e) {
      return `the index was updated by another process but cannot be used (${firstLine(e)}); still answering from the index as it was`;
    }
    const was = this.current.manifest.articleCount;
    this.current = next;
    this.behind = undefined; // the newer generation is what the other process made current
    const n = next.manifest.articleCount;
    return `index updated by another process: now ${n} article${n === 1 ? "" : "s"}${n !== was ? ` (was ${was})` : ""}`;
  }

  /**
   * With a background embedding, the generations it follows (its own checkpoints, another
   * process's ingest) are its business and the chat's header; a line is owed only when another
   * process changed what the index holds.
   */
  private async followBackground(): Promise<string | null> {
    await this.background!.follow();
    const was = this.current;
    const next = this.background!.index;
    if (next === was) return null;
    this.current = next;
    if (next.manifest.corpusFingerprint === was.manifest.corpusFingerprint) return null;
    this.behind = undefined;
    const n = next.manifest.articleCount;
    const m = was.manifest.articleCount;
    return `index updated by another process: now ${n} article${n === 1 ? "" : "s"}${n !== m ? ` (was ${m})` : ""}`;
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

  /** The same pipeline (model, answerer, settings) over another index: the eval's leave-one-out indexes. */
  withIndex(index: BriefingIndex): Briefer {
    return new Briefer({ settings: this.settings, index, embeddings: this.embeddings, answerer: this.answerer });
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
      // LLM mode: the model writes the briefing from the digest (grouped, dated points and conflicts); no articles, no call.
      if (this.answerer.brief && draft.digest && !draft.abstained) draft = await this.answerer.brief({ index: this.index, question, draft: { ...draft, digest: draft.digest }, embeddings: this.embeddings, onText: opts.onText, signal: opts.signal });
      else opts.onText?.(draft.answer);
      const t2 = performance.now();
      const round = (x: number) => Math.round(x * 10) / 10;
      const restated = followed?.restated;
      return { question, ...(restated ? { understoodAs: restated, understood: { contextTerms: [], restated } } : {}), ...draft, timingsMs: { retrieve: round(t1 - t0), answer: round(t2 - t1), total: round(t2 - t0) }, ...this.stateField() };
    }
    let u = understand(question, history);
    if (u.contextTerms.length && this.answerer.rewrite) {
      // In LLM mode a follow-up is rewritten into a standalone question; the carried articles stay in focus.
      const standalone = await this.answerer.rewrite(history, question, opts.signal);
      if (standalone && standalone.trim() !== question.trim()) u = { ...u, restated: standalone, contextTerms: [] };
    }
    const search = searchOf(u);
    // The background embedding waits while this question uses the cores.
    const resume = this.background?.hold();
    const index = this.index;
    let retrieval: Retrieval;
    try {
      const queryVector = Float32Array.from(await this.embeddings.embedQuery(searchText(search)));
      retrieval = await retrieve(index, queryVector, search.text, {
        // "What else?" looks deeper: what was quoted no longer counts, and the related articles come next.
        k: (opts.k ?? this.settings.k) * (u.more ? 2 : 1),
        kind: opts.retriever ?? this.settings.retriever,
        focusArticles: u.focusArticles,
        contextTerms: search.terms,
        ...(index.semantic.embedded < index.semantic.total || this.embeddings.embedExact ? { embedMissing: (texts: string[]) => this.embedExactly(texts) } : {}),
        ...(this.embeddings.embedExact ? { approximate: true } : {}),
        // Kept for the background embedding's next checkpoint (the sentences are not embedded again).
        // (Not the hybrid's exact vectors: its saved rows are the static ones.)
        ...(this.background && !this.embeddings.embedExact ? { keepVectors: (targets, vectors) => this.background!.keep(index, targets, vectors) } : {}),
      });
    } finally {
      resume?.();
    }
    const t1 = performance.now();
    opts.onStage?.("composing");
    const request: AnswerRequest = { question, contextTerms: u.contextTerms, ...(u.more ? { more: u.more } : {}), ...(u.restated !== undefined ? { restated: u.restated } : {}) };
    const draft = await this.answerer.answer({ index, request, retrieval, opts: { ...opts, abstain: opts.abstain ?? this.settings.abstain }, embeddings: this.embeddings });
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

  /** Sentences a question embeds for itself: exactly, where the index's vectors only approximate (the hybrid embedder). */
  private embedExactly(texts: string[]): Promise<ArrayLike<number>[]> {
    const e = this.embeddings;
    return e.embedExact ? e.embedExact(texts) : e.embedRows ? e.embedRows(texts) : e.embedDocuments(texts);
  }

  async close(): Promise<void> {
    await this.background?.stop();
    await this.answerer.close?.();
    await this.embeddings.close?.();
  }
}

import type { Understanding } from "../conversation/understand.js";
import type { Turn } from "../conversation/turn.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import type { BriefingIndex } from "../index/store.js";
import type { Retrieval } from "../retrieval/types.js";
import type { AbstainLevel } from "./abstain.js";
import type { Digest, Draft } from "./types.js";

/**
 * What an answerer is asked: the question as typed, the terms the conversation carries, what it
 * has quoted already ("what else?"), or a standalone restatement. Structured, so nothing is
 * recovered by slicing a query string.
 */
export type AnswerRequest = Pick<Understanding, "question" | "contextTerms" | "more" | "restated">;

/** How the caller follows an answer as it is written. */
export interface AnswerOptions {
  /** Answer text as it grows (sentence by sentence, or token by token from an LLM). */
  onText?: (chunk: string) => void;
  signal?: AbortSignal;
  /** Abstention operating point for this question. */
  abstain?: AbstainLevel;
}

/** Everything an answerer works from: the request, what was retrieved for it, and the index and embedder it came from. */
export interface AnswerContext {
  index: BriefingIndex;
  request: AnswerRequest;
  retrieval: Retrieval;
  opts: AnswerOptions;
  embeddings: BriefingEmbeddings;
}

/** What a cross-article briefing is written from: the extractive draft, whose digest is the evidence. */
export interface BriefContext {
  index: BriefingIndex;
  question: string;
  draft: Draft & { digest: Digest };
  embeddings: BriefingEmbeddings;
  onText?: (chunk: string) => void;
  signal?: AbortSignal;
}

/**
 * Writes a briefing from retrieved passages: the extractive briefing (extractive.ts) or a chat
 * model's answer with verified citations (llm/answerer.ts). The pipeline (src/pipeline.ts) picks one.
 */
export interface Answerer {
  answer(ctx: AnswerContext): Promise<Draft>;
  /** A standalone question for a follow-up, or null (no history, or the model failed). Answerers without a model have none. */
  rewrite?(history: readonly Turn[], question: string, signal?: AbortSignal): Promise<string | null>;
  /**
   * An overview, timeline or what's new written from the extractive digest (its grouped, dated points and
   * conflicts as evidence), verified; answerers without a model have none and the digest's text stands.
   */
  brief?(ctx: BriefContext): Promise<Draft>;
  /** Releases what the answerer holds (a model's client). */
  close?(): Promise<void>;
}

/**
 * What retrieval is asked and what it returns: the options, the passages with their scores and
 * sentence similarities, and the period the question names. Shared by retrieval and answering.
 */
import type { Passage } from "../corpus/types.js";
import type { IndexedPassage, SentenceSpan } from "../index/passage.js";
import type { RETRIEVERS } from "../config.js";
import type { DateIntent } from "./dates.js";

export type RetrieverKind = (typeof RETRIEVERS)[number];

export interface RetrieveOptions {
  k: number;
  kind?: RetrieverKind;
  /** Articles the conversation is about (follow-ups): boosted and exempt from the per-article cap. */
  focusArticles?: string[];
  /** Terms carried from the conversation (follow-ups): searched with the question's own words. */
  contextTerms?: string[];
  /** Passages per article unless the question is about that article. */
  perArticle?: number;
  /**
   * Embeds sentences of the retrieved passages that have no vector yet (the semantic layer is
   * still filling in), so the answer is chosen by meaning as well as words: a few dozen
   * sentences, well under a second.
   */
  embedMissing?: (texts: string[]) => Promise<ArrayLike<number>[]>;
  /**
   * The index's saved vectors only approximate the query's space (the `hybrid` embedder's static
   * rows): `embedMissing` is asked for every retrieved sentence a question has not embedded exactly yet.
   */
  approximate?: boolean;
  /**
   * Where those vectors go (default: `setTransientVector`, this process only). The chat's
   * background embedding keeps them for its next checkpoint, so they are never embedded twice.
   */
  keepVectors?: (targets: { passage: IndexedPassage; i: number }[], vectors: ArrayLike<number>[]) => void;
  /**
   * With `approximate` vectors: how many passages the graph is asked for, and how many of the
   * nearest are re-ranked by exact vectors of their sentences (defaults `DENSE_POOL`, `EXACT_POOL`).
   */
  densePool?: number;
  exactPool?: number;
  /** With `approximate` vectors: the top passages and articles of the lexical lists that are embedded exactly too. */
  lexicalPool?: number;
  /** With `approximate` vectors: how many of the pool, nearest by exact passage vector, make the dense list (default `DENSE_KEEP`). */
  denseKeep?: number;
  /** An explicit period (library and MCP callers), used instead of one named in the question; never ignored. */
  period?: { from?: string; to?: string };
}

/** A retrieved passage with its fused retrieval score (higher is better). */
export interface ScoredPassage extends Passage {
  /** Fused (reciprocal-rank) score: higher is better; compare within one search only. */
  score: number;
  /** Cosine similarity of the best sentence to the query, when the dense side found it (rank-level details, for `/sources`, evals and library callers). */
  dense?: number;
  /** BM25 score, when the lexical side found it. */
  bm25?: number;
}

/** A retrieved passage, possibly merged from overlapping chunks, with the chunks it came from. */
export interface RetrievedPassage extends ScoredPassage {
  parts: IndexedPassage[];
  /** Sentence spans (article offsets) and their similarity to the question. */
  sentenceSims: { span: SentenceSpan; sim: number; part: IndexedPassage; i: number }[];
  /**
   * The sentences of the chunk before the passage's first one that the passage does not hold, scored
   * the same way: a chunk can open just after the figure that answers ("About 500 officials are
   * accused…" | "The scam is believed…"). Selection reads them only for the asked-for fact the lead lacks.
   */
  before?: { span: SentenceSpan; sim: number; part: IndexedPassage; i: number }[];
}

export interface Retrieval {
  passages: RetrievedPassage[];
  dates: DateIntent;
}

/** The retrieved passages as a briefing reports them, without the working detail. */
export function scoredPassages(retrieval: Retrieval): ScoredPassage[] {
  return retrieval.passages.map(({ parts: _p, sentenceSims: _s, ...p }) => p);
}

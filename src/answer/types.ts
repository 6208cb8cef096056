import type { Understood } from "../conversation/turn.js";
import type { ScoredPassage } from "../retrieval/types.js";

export type { ScoredPassage };

/** A numbered source in a briefing: `[n] Title — date — source`, with the verbatim quote it supports. */
export interface Citation {
  n: number;
  title: string;
  date: string | null;
  source: string;
  /** Verbatim text from the article (findable in its text after whitespace normalisation). */
  quote: string;
  articleId: string;
  /** Offsets of the quote in the article text. */
  start: number;
  end: number;
  /** False when the verifier found the cited text does not support the sentence (LLM mode). */
  supported: boolean;
}

export interface BriefingSentence {
  text: string;
  citations: number[];
  supported: boolean;
}

export interface Briefing {
  question: string;
  /** The question as understood, when a follow-up was rewritten with the conversation's context. */
  understoodAs?: string;
  /** The same as data (carried terms, a restatement), for the next turn: see conversation/turn.ts. */
  understood?: Understood;
  /** Text with `[n]` markers. */
  answer: string;
  abstained: boolean;
  /**
   * A "what else?" follow-up found nothing new to quote ("Nothing more on … beyond what was quoted
   * above"): abstained, and unlike "not covered" no nearest sources are worth listing.
   */
  nothingMore?: boolean;
  mode: "extractive" | "llm";
  sentences: BriefingSentence[];
  citations: Citation[];
  passages: ScoredPassage[];
  /**
   * The abstention decision for fact questions: its operating point, the model's probability that
   * the evidence answers (null when a rule decided first), and why it abstained ("" when it did not).
   */
  abstention?: { level: string; score: number | null; reason: string; features?: Record<string, number> };
  /** One-line notices for the user (LLM fallback, flagged citations). */
  notices: string[];
  timingsMs: { retrieve: number; answer: number; total: number };
  /**
   * The index it was answered from, when not complete and current: the share of sentences with
   * vectors (1 when the semantic layer is complete) and the one-line notices saying so (already
   * shown on stderr by the CLI; `--json` adds them to its notices).
   */
  indexState?: { semantic: number; notices: string[] };
  /** Overviews, timelines and what's-new briefings: the grouped, dated points behind the answer. */
  digest?: Digest;
}

/** A point of a cross-article briefing: one fact, every article reporting it. */
export interface DigestPoint {
  text: string;
  /** The event's date: the earliest report's, or one the text itself gives ("on March 3"). */
  date: string | null;
  dated: "article" | "text" | null;
  /** Every citation of the fact, the earliest report first. */
  citations: number[];
  /** How many articles report it. */
  count: number;
}

export interface DigestConflict {
  kind: "figure" | "date" | "name";
  sides: { value: string; citation: number; date: string | null }[];
}

export interface Digest {
  kind: "overview" | "timeline" | "whats-new";
  subject: string;
  /** The articles drawn on and their date range. */
  scope: { articles: number; from: string | null; to: string | null };
  /** The period asked for, resolved to dates. */
  period?: { from?: string; to?: string };
  points: DigestPoint[];
  /** Timelines: facts from undated articles, listed apart. */
  undated: DigestPoint[];
  conflicts: DigestConflict[];
}

/** A briefing before the pipeline adds the question, its timings and the index's state: what an answerer returns. */
export type Draft = Omit<Briefing, "timingsMs" | "question">;

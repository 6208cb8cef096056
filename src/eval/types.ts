/** Shapes of eval sets, run records and metrics; the definitions are in evals/README.md. */

export const QUESTION_TYPES = [
  "single-fact",
  "number-date",
  "list",
  "who-what-why",
  "paraphrased",
  "multi-article",
  "unanswerable",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** One line of an eval set (evals/*.jsonl). */
export interface EvalQuestion {
  id: string;
  question: string;
  type: QuestionType;
  answerable: boolean;
  /** Stable article keys (seed file stem, or a path like `business/001.txt`); empty when unanswerable. */
  expected_articles: string[];
  /** One inner array per fact: its accepted variants. Empty when unanswerable. */
  expected_facts: string[][];
}

export interface EvalCitation {
  n: number;
  /** Strings identifying the cited article (id, source, front-matter origin); [0] is its id. */
  articleKey: string[];
  quote: string;
  supported: boolean;
}

export interface EvalRecord {
  question: EvalQuestion;
  answer: string;
  abstained: boolean;
  citations: EvalCitation[];
  /** Retrieved passages in rank order; articleKey as in EvalCitation. */
  passages: { articleKey: string[] }[];
  sentences: { text: string; citations: number[]; supported: boolean }[];
  /** Per citation (same order): whether its quote was found in its article's text (the runner checks). */
  quoteFound: boolean[];
  latencyMs: number;
}

/** Per-question verdict. `undefined` means "not applicable", and is left out of averages. */
export interface QuestionVerdict {
  id: string;
  type: QuestionType;
  answerable: boolean;
  abstained: boolean;
  /** 1-based rank of the first passage from an expected article; null when none was retrieved. */
  firstRelevantRank?: number | null;
  hitAt1?: number;
  hitAt3?: number;
  hitAt5?: number;
  reciprocalRank?: number;
  citationRecall?: number;
  citationPrecision?: number;
  quoteSupport?: number;
  claimSupport?: number;
  factRecall?: number;
}

export interface AbstentionMetrics {
  precision: number;
  recall: number;
  f1: number;
  falseAbstentionRate: number;
  /** Share of all questions that were abstained on (per type: recall for unanswerable, false rate otherwise). */
  abstainedShare: number;
}

/** Averages are null when no question qualified (e.g. recall over an all-unanswerable group). */
export interface MetricSet {
  n: number;
  recallAt1: number | null;
  recallAt3: number | null;
  recallAt5: number | null;
  mrr: number | null;
  citationRecall: number | null;
  citationPrecision: number | null;
  quoteSupport: number | null;
  claimSupport: number | null;
  factRecall: number | null;
  abstention: AbstentionMetrics;
  latency: { p50: number | null; p95: number | null };
}

export interface Aggregate extends MetricSet {
  byType: Partial<Record<QuestionType, MetricSet>>;
}

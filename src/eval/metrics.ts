/**
 * Eval metrics: pure functions from per-question records to verdicts and aggregates.
 * No I/O here — the runner (src/eval) fills EvalRecords; definitions are in evals/README.md.
 */

import {
  QUESTION_TYPES,
  type AbstentionMetrics,
  type Aggregate,
  type EvalRecord,
  type MetricSet,
  type QuestionType,
  type QuestionVerdict,
} from "./types.js";

export * from "./types.js";
export { formatTable, formatCompare } from "./report.js";

/** Case-insensitive, Unicode-compatible, typographic quotes/dashes made plain, whitespace collapsed. */
export function normalizeText(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** True when any key (article id, source, front-matter origin) contains the expected key; `\` counts as `/`. */
export function matchesExpected(keys: string[], expected: string): boolean {
  const want = expected.trim().replace(/\\/g, "/").toLowerCase();
  if (want === "") return false;
  return keys.some((k) => k.replace(/\\/g, "/").toLowerCase().includes(want));
}

function isExpected(keys: string[], expected: string[]): boolean {
  return expected.some((e) => matchesExpected(keys, e));
}

/** Identity of a cited article for "distinct": its first key (the article id). */
function articleIdentity(keys: string[]): string {
  return keys[0] ?? "";
}

export function scoreRecord(rec: EvalRecord): QuestionVerdict {
  const q = rec.question;
  const v: QuestionVerdict = { id: q.id, type: q.type, answerable: q.answerable, abstained: rec.abstained };

  if (rec.citations.length > 0) {
    v.quoteSupport = rec.citations.filter((_, i) => rec.quoteFound[i] === true).length / rec.citations.length;
  }
  if (!rec.abstained && rec.sentences.length > 0) {
    const backed = rec.sentences.filter((s) => s.supported && s.citations.length > 0).length;
    v.claimSupport = backed / rec.sentences.length;
  }
  if (!q.answerable) return v;

  const idx = rec.passages.findIndex((p) => isExpected(p.articleKey, q.expected_articles));
  const rank = idx < 0 ? null : idx + 1;
  v.firstRelevantRank = rank;
  v.hitAt1 = rank !== null && rank <= 1 ? 1 : 0;
  v.hitAt3 = rank !== null && rank <= 3 ? 1 : 0;
  v.hitAt5 = rank !== null && rank <= 5 ? 1 : 0;
  v.reciprocalRank = rank === null ? 0 : 1 / rank;

  const cited = new Map<string, string[]>();
  for (const c of rec.citations) cited.set(articleIdentity(c.articleKey), c.articleKey);
  const citedExpected = [...cited.values()].filter((keys) => isExpected(keys, q.expected_articles)).length;
  v.citationRecall = citedExpected > 0 ? 1 : 0;
  if (cited.size > 0) v.citationPrecision = citedExpected / cited.size;

  if (q.expected_facts.length > 0) {
    const answer = normalizeText(rec.answer);
    const found = q.expected_facts.filter((variants) =>
      variants.some((x) => normalizeText(x) !== "" && answer.includes(normalizeText(x))),
    ).length;
    v.factRecall = found / q.expected_facts.length;
  }
  return v;
}

function mean(values: (number | undefined)[]): number | null {
  const xs = values.filter((x): x is number => x !== undefined);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Nearest-rank percentile: the value at 1-based rank ceil(p/100 × N) of the ascending list; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function abstentionMetrics(verdicts: QuestionVerdict[]): AbstentionMetrics {
  const abstained = verdicts.filter((v) => v.abstained).length;
  const unanswerable = verdicts.filter((v) => !v.answerable).length;
  const answerable = verdicts.length - unanswerable;
  const correct = verdicts.filter((v) => v.abstained && !v.answerable).length;
  const falseAbst = verdicts.filter((v) => v.abstained && v.answerable).length;
  // No abstentions: perfect only if there was nothing to abstain on.
  const precision = abstained === 0 ? (unanswerable === 0 ? 1 : 0) : correct / abstained;
  // No unanswerable questions: nothing could be missed.
  const recall = unanswerable === 0 ? 1 : correct / unanswerable;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    falseAbstentionRate: answerable === 0 ? 0 : falseAbst / answerable,
    abstainedShare: verdicts.length === 0 ? 0 : abstained / verdicts.length,
  };
}

function metricSet(records: EvalRecord[], verdicts: QuestionVerdict[]): MetricSet {
  const latencies = records.map((r) => r.latencyMs);
  return {
    n: verdicts.length,
    recallAt1: mean(verdicts.map((v) => v.hitAt1)),
    recallAt3: mean(verdicts.map((v) => v.hitAt3)),
    recallAt5: mean(verdicts.map((v) => v.hitAt5)),
    mrr: mean(verdicts.map((v) => v.reciprocalRank)),
    citationRecall: mean(verdicts.map((v) => v.citationRecall)),
    citationPrecision: mean(verdicts.map((v) => v.citationPrecision)),
    quoteSupport: mean(verdicts.map((v) => v.quoteSupport)),
    claimSupport: mean(verdicts.map((v) => v.claimSupport)),
    factRecall: mean(verdicts.map((v) => v.factRecall)),
    abstention: abstentionMetrics(verdicts),
    latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
  };
}

export function aggregate(records: EvalRecord[]): Aggregate {
  const verdicts = records.map(scoreRecord);
  const byType: Partial<Record<QuestionType, MetricSet>> = {};
  for (const t of QUESTION_TYPES) {
    const idx = records.map((r, i) => (r.question.type === t ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) continue;
    byType[t] = metricSet(
      idx.map((i) => records[i]!),
      idx.map((i) => verdicts[i]!),
    );
  }
  return { ...metricSet(records, verdicts), byType };
}

export type Floors = Record<string, number>;

/** Floors that are maxima (value must not exceed them); every other floor is a minimum. */
export const MAX_FLOORS: ReadonlySet<string> = new Set(["falseAbstentionRate"]);

const FLOOR_METRICS: Record<string, (a: MetricSet) => number | null> = {
  recallAt1: (a) => a.recallAt1,
  recallAt3: (a) => a.recallAt3,
  recallAt5: (a) => a.recallAt5,
  mrr: (a) => a.mrr,
  citationRecall: (a) => a.citationRecall,
  citationPrecision: (a) => a.citationPrecision,
  quoteSupport: (a) => a.quoteSupport,
  claimSupport: (a) => a.claimSupport,
  factRecall: (a) => a.factRecall,
  abstentionPrecision: (a) => a.abstention.precision,
  abstentionRecall: (a) => a.abstention.recall,
  abstentionF1: (a) => a.abstention.f1,
  falseAbstentionRate: (a) => a.abstention.falseAbstentionRate,
};

const EPS = 1e-9;

export interface FloorFailure {
  name: string;
  /** null when no question qualified for the metric: a floor cannot be met without data. */
  value: number | null;
  floor: number;
  kind: "min" | "max";
}

/** Failed floors (empty when all pass). Throws on a floor name that names no metric, so a typo cannot pass silently. */
export function checkFloors(agg: MetricSet, floors: Floors): FloorFailure[] {
  const failures: FloorFailure[] = [];
  for (const [name, floor] of Object.entries(floors)) {
    const get = FLOOR_METRICS[name];
    if (!get) {
      throw new Error(`evals/floors.json: unknown metric "${name}" (known: ${Object.keys(FLOOR_METRICS).join(", ")})`);
    }
    const value = get(agg);
    const kind = MAX_FLOORS.has(name) ? "max" : "min";
    // EPS: averages of fractions carry float noise (e.g. 0.9499999999 for 0.95).
    const ok = value !== null && (kind === "max" ? value <= floor + EPS : value >= floor - EPS);
    if (!ok) failures.push({ name, value, floor, kind });
  }
  return failures;
}

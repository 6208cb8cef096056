/** SQuAD figures from an eval run: gold paragraph found and cited, gold answer given, abstention, latency. */
import { renderTable } from "./report.js";
import type { RetrieverRun } from "./runner.js";
import { containsGold, type SquadQuestion } from "./squad.js";

export interface SquadMetrics {
  answerable: number;
  unanswerable: number;
  /** Gold paragraph among the retrieved passages at rank 1 / within the top 5 (answerable questions). */
  goldAt1: number | null;
  goldAt5: number | null;
  /** A citation points at the gold paragraph (answerable; 0 when abstained). */
  goldCited: number | null;
  /** The answer contains a gold answer (SQuAD normalisation, whole tokens; 0 when abstained). */
  answerContainsGold: number | null;
  abstentionPrecision: number;
  abstentionRecall: number;
  abstentionF1: number;
  falseAbstentionRate: number;
  quoteSupport: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
}

/** Targets for the default settings; `reference` rows are plain BM25's figures (title + paragraph). */
export const SQUAD_TARGETS: Partial<Record<keyof SquadMetrics, { value: number; kind: "min" | "max" }>> = {
  goldAt1: { value: 0.85, kind: "min" },
  goldAt5: { value: 0.97, kind: "min" },
  goldCited: { value: 0.9, kind: "min" },
  answerContainsGold: { value: 0.75, kind: "min" },
  abstentionF1: { value: 0.6, kind: "min" },
  falseAbstentionRate: { value: 0.1, kind: "max" },
};

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export function squadMetrics(run: RetrieverRun, questions: Map<string, SquadQuestion>): SquadMetrics {
  const a = run.aggregate;
  const answered = run.outcomes.filter((o) => o.record.question.answerable);
  const contains = answered.map((o) => {
    const golds = questions.get(o.record.question.id)?.golds ?? [];
    return !o.record.abstained && containsGold(o.record.answer, golds) ? 1 : 0;
  });
  return {
    answerable: answered.length,
    unanswerable: run.outcomes.length - answered.length,
    goldAt1: a.recallAt1,
    goldAt5: a.recallAt5,
    goldCited: a.citationRecall,
    answerContainsGold: mean(contains),
    abstentionPrecision: a.abstention.precision,
    abstentionRecall: a.abstention.recall,
    abstentionF1: a.abstention.f1,
    falseAbstentionRate: a.abstention.falseAbstentionRate,
    quoteSupport: a.quoteSupport,
    latencyP50: a.latency.p50,
    latencyP95: a.latency.p95,
  };
}

/** Targets missed by a run (names and figures), for the report and the README. */
export function missedTargets(m: SquadMetrics): string[] {
  const out: string[] = [];
  for (const [name, t] of Object.entries(SQUAD_TARGETS)) {
    const v = m[name as keyof SquadMetrics];
    if (typeof v !== "number" || (t.kind === "min" ? v < t.value : v > t.value)) {
      out.push(`${name} ${typeof v === "number" ? v.toFixed(3) : "—"} (target ${t.kind === "min" ? "≥" : "≤"} ${t.value})`);
    }
  }
  return out;
}

const f = (x: number | null) => (x === null ? "—" : x.toFixed(3));
const ms = (x: number | null) => (x === null ? "—" : `${Math.round(x)}`);

const ROWS: [string, keyof SquadMetrics, (x: number | null) => string][] = [
  ["answerable questions", "answerable", (x) => `${x}`],
  ["unanswerable questions", "unanswerable", (x) => `${x}`],
  ["gold paragraph @1", "goldAt1", f],
  ["gold paragraph @5", "goldAt5", f],
  ["gold paragraph cited", "goldCited", f],
  ["answer contains gold", "answerContainsGold", f],
  ["abstention precision", "abstentionPrecision", f],
  ["abstention recall", "abstentionRecall", f],
  ["abstention F1", "abstentionF1", f],
  ["false abstention rate", "falseAbstentionRate", f],
  ["quote support", "quoteSupport", f],
  ["latency p50 (ms)", "latencyP50", ms],
  ["latency p95 (ms)", "latencyP95", ms],
];

function target(name: keyof SquadMetrics): string {
  const t = SQUAD_TARGETS[name];
  return t ? `${t.kind === "min" ? "≥" : "≤"} ${t.value}` : "";
}

/** One column per retriever, and the target column. */
export function formatSquadTable(runs: { name: string; metrics: SquadMetrics }[]): string {
  const rows = ROWS.map(([label, key, fmt]) => [label, ...runs.map((r) => fmt(r.metrics[key] as number | null)), target(key)]);
  return renderTable(["metric", ...runs.map((r) => r.name), "target"], rows);
}

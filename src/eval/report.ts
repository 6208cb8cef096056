/** Plain-text tables of eval aggregates for the CLI (aligned columns, no colour, no I/O). */
import { QUESTION_TYPES, type Aggregate, type MetricSet } from "./types.js";

type Cell = string;

function fraction(x: number | null): Cell {
  return x === null ? "—" : x.toFixed(3);
}

function ms(x: number | null): Cell {
  return x === null ? "—" : `${Math.round(x)}`;
}

/** First column left-aligned, the rest right-aligned, two spaces between columns. */
export function renderTable(header: Cell[], rows: Cell[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: Cell[]) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The overall metrics, one row each: label and a cell per aggregate. */
const OVERALL: [string, (a: MetricSet) => Cell][] = [
  ["questions", (a) => `${a.n}`],
  ["recall@1", (a) => fraction(a.recallAt1)],
  ["recall@3", (a) => fraction(a.recallAt3)],
  ["recall@5", (a) => fraction(a.recallAt5)],
  ["MRR", (a) => fraction(a.mrr)],
  ["citation recall", (a) => fraction(a.citationRecall)],
  ["citation precision", (a) => fraction(a.citationPrecision)],
  ["quote support", (a) => fraction(a.quoteSupport)],
  ["claim support", (a) => fraction(a.claimSupport)],
  ["fact recall", (a) => fraction(a.factRecall)],
  ["abstention precision", (a) => fraction(a.abstention.precision)],
  ["abstention recall", (a) => fraction(a.abstention.recall)],
  ["abstention F1", (a) => fraction(a.abstention.f1)],
  ["false abstention rate", (a) => fraction(a.abstention.falseAbstentionRate)],
  ["latency p50 (ms)", (a) => ms(a.latency.p50)],
  ["latency p95 (ms)", (a) => ms(a.latency.p95)],
];

/** Columns of the by-type table; "abstained" is the share of the type's questions abstained on. */
const BY_TYPE: [string, (a: MetricSet) => Cell][] = [
  ["n", (a) => `${a.n}`],
  ["R@1", (a) => fraction(a.recallAt1)],
  ["R@5", (a) => fraction(a.recallAt5)],
  ["MRR", (a) => fraction(a.mrr)],
  ["cite-R", (a) => fraction(a.citationRecall)],
  ["cite-P", (a) => fraction(a.citationPrecision)],
  ["quote", (a) => fraction(a.quoteSupport)],
  ["claim", (a) => fraction(a.claimSupport)],
  ["facts", (a) => fraction(a.factRecall)],
  ["abstained", (a) => fraction(a.abstention.abstainedShare)],
];

/** Rows compared per type in formatCompare. */
const COMPARE_BY_TYPE: [string, (a: MetricSet) => Cell][] = [
  ["R@5", (a) => fraction(a.recallAt5)],
  ["facts", (a) => fraction(a.factRecall)],
  ["abstained", (a) => fraction(a.abstention.abstainedShare)],
];

function byTypeRows(agg: Aggregate): Cell[][] {
  const rows: Cell[][] = [];
  for (const t of QUESTION_TYPES) {
    const m = agg.byType[t];
    if (m) rows.push([t, ...BY_TYPE.map(([, get]) => get(m))]);
  }
  rows.push(["all", ...BY_TYPE.map(([, get]) => get(agg))]);
  return rows;
}

export function formatTable(agg: Aggregate): string {
  const overall = renderTable(
    ["metric", "value"],
    OVERALL.map(([label, get]) => [label, get(agg)]),
  );
  const byType = renderTable(["type", ...BY_TYPE.map(([h]) => h)], byTypeRows(agg));
  return `Overall\n${overall}\n\nBy question type\n${byType}`;
}

export interface NamedAggregate {
  name: string;
  agg: Aggregate;
}

/** One column per run (e.g. dense / bm25 / hybrid), overall metrics then per-type rows. */
export function formatCompare(runs: NamedAggregate[]): string {
  const header = ["metric", ...runs.map((r) => r.name)];
  const overall = OVERALL.map(([label, get]) => [label, ...runs.map((r) => get(r.agg))]);
  const perType: Cell[][] = [];
  for (const t of QUESTION_TYPES) {
    if (!runs.some((r) => r.agg.byType[t])) continue;
    for (const [label, get] of COMPARE_BY_TYPE) {
      const cells = runs.map((r) => (r.agg.byType[t] ? get(r.agg.byType[t]!) : "—"));
      // A metric that does not apply to the type (facts of unanswerable questions) is noise.
      if (cells.some((c) => c !== "—")) perType.push([`${t} ${label}`, ...cells]);
    }
  }
  return `Overall\n${renderTable(header, overall)}\n\nBy question type\n${renderTable(header, perType)}`;
}

import { percentile as nearestRank } from "../src/eval/metrics.js";
import { renderTable } from "../src/eval/report.js";

/** Nearest-rank percentile of a sample (p in 0..100), as the eval report computes it. */
export function percentile(xs: number[], p: number): number {
  return nearestRank(xs, p) ?? NaN;
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** A plain-text table (the eval report's layout); numbers are shown with one decimal. */
export function table(head: string[], rows: (string | number)[][]): string {
  return renderTable(head, rows.map((r) => r.map((c) => (typeof c === "number" ? c.toFixed(1) : c))));
}

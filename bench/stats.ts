import { percentile as nearestRank } from "../src/eval/metrics.js";
import { renderTable } from "../src/eval/report.js";
import path from "node:path";
import { currentGeneration } from "../src/index/current.js";
import { readManifest } from "../src/index/generation-files.js";
import type { Manifest } from "../src/index/manifest.js";

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

/** The manifest of an index folder's current generation; null while there is none, or it cannot be read. */
export function currentManifest(dir: string): (Manifest & { embeddedCount: number }) | null {
  const gen = currentGeneration(dir);
  if (!gen) return null;
  try {
    const m = readManifest(path.join(dir, gen));
    return { ...m, embeddedCount: m.embeddedCount ?? 0 };
  } catch {
    return null;
  }
}

/**
 * `briefing eval --briefings FILE` and `--conflicts FILE`: the cross-article briefings scored on gold
 * key points and events (evals/briefings/*.jsonl) and on constructed "reports differ" cases.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { openPipeline } from "../pipeline.js";
import type { Briefing } from "../answer/types.js";
import { resolveSettings } from "../config.js";
import { UserError } from "../errors.js";
import type { RetrieverKind } from "../retrieval/types.js";
import { aggregateBriefings, conflictDetected, scoreBriefing, type BriefingAggregate, type BriefingGold, type BriefingVerdict, type ScoredEntry } from "./briefing-metrics.js";
import type { EvalFlags, EvalReporter } from "./command.js";

interface ConflictCase {
  id: string;
  story: string;
  kind: string;
  from: string;
  to: string;
  question: string;
}

function readLines<T>(file: string, check: (x: Record<string, unknown>) => string | null): T[] {
  if (!existsSync(file)) throw new UserError(`eval set ${file} does not exist`, "pass a .jsonl file from evals/briefings/");
  const problems: string[] = [];
  const out: T[] = [];
  readFileSync(file, "utf8").split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const x = JSON.parse(line) as Record<string, unknown>;
      const bad = check(x);
      if (bad) problems.push(`${file}:${i + 1}: ${bad}`);
      else out.push(x as T);
    } catch {
      problems.push(`${file}:${i + 1}: not valid JSON`);
    }
  });
  if (problems.length) throw new UserError(problems.join("\n"), "fix those lines (the format is in evals/README.md)");
  return out;
}

const checkGold = (x: Record<string, unknown>) =>
  typeof x.id !== "string" || typeof x.question !== "string" ? '"id" and "question" must be strings'
  : !["overview", "timeline", "whats-new"].includes(x.kind as string) ? '"kind" must be overview, timeline or whats-new'
  : !Array.isArray(x.key_points) && !Array.isArray(x.events) ? 'needs "key_points" or "events"'
  : null;
const checkCase = (x: Record<string, unknown>) => (["id", "story", "from", "to", "question"].every((k) => typeof x[k] === "string") ? null : '"id", "story", "from", "to" and "question" must be strings');

/** A briefing's points as the metrics read them: dates and every citation's quote. */
export function entriesOf(b: Briefing): ScoredEntry[] {
  const quote = new Map(b.citations.map((c) => [c.n, c.quote]));
  const points = b.digest ? [...b.digest.points, ...b.digest.undated] : b.sentences.map((s) => ({ text: s.text, date: b.citations.find((c) => c.n === s.citations[0])?.date ?? null, citations: s.citations }));
  return points.map((p) => ({ text: p.text, date: p.date, quotes: p.citations.map((n) => quote.get(n) ?? "") }));
}

function conflictsOf(b: Briefing): { quotes: string[]; line: string }[] {
  const quote = new Map(b.citations.map((c) => [c.n, c.quote]));
  return (b.digest?.conflicts ?? []).map((c) => ({ quotes: c.sides.map((s) => quote.get(s.citation) ?? ""), line: `Reports differ: ${c.sides.map((s) => `${s.value} [${s.citation}] (${s.date ?? "undated"})`).join(", ")}` }));
}

/**
 * The briefer the briefing evals ask. Like the set eval, the semantic layer is completed first: left at the pipeline's default, a corpus not yet embedded was scored
 * from its lexical layer alone, with no sentence vectors for centrality, grouping or MMR — how main's
 * Reuters subset read 0.600 held-out key points where the complete index reads 0.633.
 */
async function openBriefer(flags: EvalFlags, progress: EvalReporter) {
  const settings = resolveSettings(flags);
  if (flags.stage !== undefined && flags.stage !== "semantic") throw new UserError(`--stage ${flags.stage} applies to --set evals; briefing evals run on the complete semantic layer`, "drop --stage");
  const briefer = await openPipeline(settings, { embed: "all", onProgress: progress.onIngest, onNotice: progress.onNotice });
  progress.ingestDone();
  return { settings, briefer };
}

/** The semantic layer's state, for the report's header: figures from a partly embedded index are not the semantic ones. */
function describeLayer(briefer: { index: { semantic: { embedded: number; total: number } } }): string {
  const { embedded, total } = briefer.index.semantic;
  return embedded >= total ? `semantic layer complete (${total} sentences)` : `semantic layer ${embedded} of ${total} sentences embedded — lexical-only figures, not comparable`;
}

const f3 = (x: number | null) => (x === null ? "    —" : x.toFixed(3));

/**
 * The gold questions of one split (`--split dev|heldout`): by subject, as listed in `splits.json` beside
 * the set; a set without that file (the seed's) has no split.
 */
function ofSplit(file: string, gold: BriefingGold[], split: string | undefined): BriefingGold[] {
  if (!split || split === "all") return gold;
  if (split !== "dev" && split !== "heldout") throw new UserError(`--split must be dev, heldout or all (got "${split}")`, "pick one of the three");
  const splits = path.join(path.dirname(file), "splits.json");
  if (!existsSync(splits)) throw new UserError(`--split needs ${splits}, which names the subjects of each split`, "run without --split");
  const subjects = new Set((JSON.parse(readFileSync(splits, "utf8")) as Record<string, string[]>)[split] ?? []);
  return gold.filter((g) => subjects.has((g as BriefingGold & { subject?: string }).subject ?? ""));
}

export async function evalBriefings(flags: EvalFlags, retriever: RetrieverKind, progress: EvalReporter): Promise<void> {
  const gold = ofSplit(flags.briefings!, readLines<BriefingGold>(flags.briefings!, checkGold), flags.split);
  const { settings, briefer } = await openBriefer(flags, progress);
  try {
    const verdicts: BriefingVerdict[] = [];
    const differ: string[] = [];
    for (const q of gold) {
      const b = await briefer.ask(q.question, { retriever });
      const conflicts = conflictsOf(b);
      for (const c of conflicts) differ.push(`${q.id}: ${c.line}\n    ${c.quotes.map((x) => `“${x.replace(/\s+/g, " ").trim()}”`).join("\n    ")}`);
      verdicts.push(scoreBriefing(q, entriesOf(b), conflicts.length, b.timingsMs.total));
    }
    const kinds = ["overview", "timeline", "whats-new"] as const;
    const byKind = Object.fromEntries(kinds.map((k) => [k, aggregateBriefings(verdicts.filter((v) => v.kind === k))])) as Record<(typeof kinds)[number], BriefingAggregate>;
    const all = aggregateBriefings(verdicts);
    if (flags.json) {
      console.log(JSON.stringify({ set: flags.briefings, corpus: settings.corpus, retriever, articles: briefer.index.articles.size, semantic: briefer.index.semantic, all, byKind, verdicts, reportsDiffer: differ }));
      return;
    }
    const rows = [...kinds.filter((k) => byKind[k].n).map((k) => [k, byKind[k]] as const), ["all", all] as const];
    const lines = [
      `Briefing set ${flags.briefings}${flags.split && flags.split !== "all" ? ` (split ${flags.split})` : ""}: ${gold.length} questions · corpus ${settings.corpus} (${briefer.index.articles.size} articles) · retriever ${retriever} · ${describeLayer(briefer)}`,
      "",
      "kind         n  key-pts  events  order  stale  repeated  differ  p50 ms  p95 ms",
      ...rows.map(([k, a]) => `${k.padEnd(10)} ${String(a.n).padStart(3)}  ${f3(a.keyPointRecall).padStart(7)}  ${f3(a.eventRecall).padStart(6)}  ${f3(a.dateOrder).padStart(5)}  ${f3(a.staleShare).padStart(5)}  ${String(a.repeated).padStart(8)}  ${String(a.withConflicts).padStart(6)}  ${String(Math.round(a.latency.p50 ?? 0)).padStart(6)}  ${String(Math.round(a.latency.p95 ?? 0)).padStart(6)}`),
      "",
      "Per question (key points / events found, date order):",
      ...verdicts.map((v) => `  ${v.id.padEnd(22)} ${v.keyPointRecall !== undefined ? `key-pts ${f3(v.keyPointRecall ?? null)}` : `events ${f3(v.eventRecall ?? null)} order ${f3(v.dateOrder ?? null)}`}${v.staleShare ? ` stale ${f3(v.staleShare)}` : ""}${v.repeated ? ` repeated ${v.repeated}` : ""}`),
      "",
      `"Reports differ" lines (${differ.length}; check each by hand):`,
      ...(differ.length ? differ.map((d) => `  ${d}`) : ["  none"]),
    ];
    console.log(lines.join("\n"));
  } finally {
    await briefer.close();
  }
}

export async function evalConflicts(flags: EvalFlags, retriever: RetrieverKind, progress: EvalReporter): Promise<void> {
  if (!flags.corpus) throw new UserError("--conflicts needs the constructed corpus", "run `npx tsx scripts/briefings/conflict-cases.ts` and pass --corpus with the folder it prints");
  const cases = readLines<ConflictCase>(flags.conflicts!, checkCase);
  const { settings, briefer } = await openBriefer(flags, progress);
  try {
    const results: { id: string; detected: boolean; lines: string[] }[] = [];
    for (const c of cases) {
      const b = await briefer.ask(c.question, { retriever });
      const conflicts = conflictsOf(b);
      results.push({ id: c.id, detected: conflictDetected(c, conflicts), lines: conflicts.map((x) => x.line) });
    }
    const rate = results.filter((r) => r.detected).length / (results.length || 1);
    if (flags.json) {
      console.log(JSON.stringify({ set: flags.conflicts, corpus: settings.corpus, retriever, detected: rate, results }));
      return;
    }
    console.log([`Conflict cases ${flags.conflicts}: ${cases.length} · corpus ${settings.corpus} · retriever ${retriever} · ${describeLayer(briefer)}`, `detected ${results.filter((r) => r.detected).length}/${results.length} = ${rate.toFixed(3)}`, "", ...results.map((r) => `  ${r.detected ? "found " : "MISSED"} ${r.id}${r.lines.length ? `\n         ${r.lines.join("\n         ")}` : ""}`)].join("\n"));
  } finally {
    await briefer.close();
  }
}

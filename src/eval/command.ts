/** `briefing eval`: a thin face over runEval — flags in, tables (or a JSON report) out. */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { indexSuffixFor, PROJECT_ROOT, resolveSettings, SETTINGS, type Flags } from "../config.js";
import { UserError } from "../errors.js";
import type { RetrieverKind } from "../retrieval/types.js";
import type { IngestProgress } from "../index/ingest-types.js";
import { parseEvalSet } from "./evalSet.js";
import { FLOORS } from "./floors.js";
import { checkFloors, formatCompare, formatTable, type FloorFailure } from "./metrics.js";
import { findMisses, formatMisses } from "./misses.js";
import { writeOutFile } from "./out.js";
import type { Split } from "./leaveOut.js";
import { runEval, type EvalProgress, type EvalRun, type RetrieverRun } from "./runner.js";
import { readSquad, sampleSquad, splitSample, squadCacheDir, squadParagraphs, writeSquadCorpus, type SquadQuestion } from "./squad.js";
import { formatSquadTable, missedTargets, squadMetrics } from "./squadReport.js";
import { referenceBm25 } from "./squadReference.js";

const SEED_SET = path.join(PROJECT_ROOT, "evals", "seed.jsonl");

export interface EvalFlags extends Flags {
  set?: string;
  compare?: boolean;
  json?: boolean;
  out?: string;
  squad?: string;
  sample?: string;
  answerableShare?: string;
  seed?: string;
  squadArticles?: string;
  stage?: string;
  leaveOut?: boolean;
  split?: string;
  briefings?: string;
  conflicts?: string;
}

function evalStage(flags: EvalFlags): "lexical" | "semantic" {
  const stage = flags.stage ?? "semantic";
  if (stage !== "lexical" && stage !== "semantic") throw new UserError(`--stage must be lexical or semantic (got "${stage}")`, "pick one of the two");
  return stage;
}

function splitFlag(value: string | undefined): Split | undefined {
  if (value === undefined || value === "all") return undefined;
  if (value !== "dev" && value !== "heldout") throw new UserError(`--split must be dev, heldout or all (got "${value}")`, "pick one of the three");
  return value;
}

/** What --leave-out did, in one line. */
function describeLeaveOut(run: EvalRun): string[] {
  const l = run.leaveOut;
  if (!l) return [];
  const dropped = l.dropped.length ? `; ${l.dropped.length} dropped (no expected article in the corpus)` : "";
  return [`Leave-one-article-out: ${l.questions} answerable questions asked without their articles, over ${l.indexes} reduced index(es), up to ${l.removedPerIndex} article(s) deleted each${dropped}`];
}

function num(value: string | undefined, name: string, min: number, max: number, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UserError(`${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max} (got "${value}")`, `fix ${name} and try again`);
  }
  return n;
}

/** What a run tells whoever watches it (the command draws it on stderr): index building, notices, questions done. */
export interface EvalReporter {
  onIngest: (p: IngestProgress) => void;
  onNotice: (line: string) => void;
  ingestDone: () => void;
  onProgress: (p: EvalProgress) => void;
}

function describeIndex(run: EvalRun): string {
  const how = run.indexUpdated ? `indexed in ${run.ingestSeconds.toFixed(1)}s` : "index up to date";
  return `Corpus ${run.corpus}: ${run.articles} articles, ${run.passages} passages (${how}; index ${run.index})`;
}

function readEvalSet(file: string) {
  try {
    return parseEvalSet(readFileSync(file, "utf8"), file);
  } catch (e) {
    // parseEvalSet lists every bad line (`file:line: problem`); show them all.
    const lines = (e as Error).message.split("\n");
    throw new UserError(lines.length === 1 ? lines[0]! : `eval set ${file} has ${lines.length} problems:\n  ${lines.join("\n  ")}`, "fix those lines (the format is in evals/README.md)");
  }
}

export async function evalSet(flags: EvalFlags, retrievers: RetrieverKind[], progress: EvalReporter): Promise<void> {
  const setFile = flags.set ?? SEED_SET;
  // `--set a.jsonl,b.jsonl` asks several files' questions as one set (ids must not repeat across them).
  const files = setFile.split(",").filter(Boolean);
  const absent = files.find((f) => !existsSync(f));
  if (absent) throw new UserError(`eval set ${absent} does not exist`, "pass --set with a .jsonl file of questions, or several separated by commas (see evals/README.md)");
  const questions = files.flatMap(readEvalSet);
  const repeated = questions.find((q, i) => questions.findIndex((o) => o.id === q.id) !== i);
  if (repeated) throw new UserError(`question id ${repeated.id} appears twice in ${setFile}`, "give each question of the files one id");
  const stage = evalStage(flags);
  const resolved = resolveSettings(flags);
  // The lexical stage keeps its own index (nothing embedded), so the full one is not lost.
  const settings = stage === "lexical" && !flags.index ? { ...resolved, index: `${resolved.index}-lexical` } : resolved;
  const run = await runEval({ settings, questions, retrievers, stage, ...progress, leaveOut: Boolean(flags.leaveOut), split: splitFlag(flags.split) });
  progress.ingestDone();
  // The floors are for the whole seed set with the default (hybrid) retriever.
  const gated = path.resolve(setFile) === SEED_SET && !flags.leaveOut && !flags.split ? run.runs.find((r) => r.retriever === "hybrid") : undefined;
  const failures: FloorFailure[] | null = gated ? checkFloors(gated.aggregate, FLOORS) : null;
  if (flags.out) writeOutFile(flags.out, run, (id) => run.texts.get(id)?.text);
  if (failures && failures.length > 0) process.exitCode = 1;

  if (flags.json) {
    const report = {
      set: setFile,
      leaveOut: run.leaveOut ?? null,
      split: flags.split ?? "all",
      abstain: settings.abstain,
      corpus: run.corpus,
      index: run.index,
      articles: run.articles,
      passages: run.passages,
      ingestSeconds: round(run.ingestSeconds),
      stage,
      // Which answerer the figures are for; `modes` counts fallbacks from an LLM to the extractive briefing.
      llm: settings.llm,
      runs: run.runs.map((r) => ({ retriever: r.retriever, seconds: round(r.seconds), modes: modeCounts(r), aggregate: r.aggregate, misses: findMisses(r.outcomes) })),
      floors: failures === null ? null : { retriever: "hybrid", floors: FLOORS, failures },
    };
    console.log(JSON.stringify(report));
    return;
  }
  const lines = [`Eval set ${setFile}: ${questions.length} questions${flags.split && flags.split !== "all" ? ` (split ${flags.split})` : ""}`, describeIndex(run), ...describeLeaveOut(run), `Abstention: ${settings.abstain}`, ...describeAnswerer(settings.llm, run), `Stage: ${stage === "lexical" ? "lexical only (BM25; sentences scored by their words, no vectors)" : "semantic layer complete"}`, ""];
  if (run.runs.length === 1) lines.push(`Retriever: ${run.runs[0]!.retriever}`, formatTable(run.runs[0]!.aggregate));
  else lines.push(formatCompare(run.runs.map((r) => ({ name: r.retriever, agg: r.aggregate }))));
  const shown = run.runs.find((r) => r.retriever === "hybrid") ?? run.runs[0]!;
  lines.push("", `Misses (${shown.retriever})`, formatMisses(findMisses(shown.outcomes), shown.outcomes.length));
  if (failures) lines.push("", formatFloors(failures));
  if (flags.out) lines.push("", `Per-question records written to ${flags.out}`);
  console.log(lines.join("\n"));
}

function formatFloors(failures: FloorFailure[]): string {
  if (failures.length === 0) return `Floors (evals/floors.json): all ${Object.keys(FLOORS).length} met.`;
  const rows = failures.map((f) => `  ${f.name} = ${f.value === null ? "—" : f.value.toFixed(3)}, floor ${f.kind === "min" ? "≥" : "≤"} ${f.floor}`);
  return `Floors (evals/floors.json): ${failures.length} missed\n${rows.join("\n")}`;
}

const round = (x: number) => Math.round(x * 100) / 100;

function modeCounts(r: RetrieverRun): { llm: number; extractive: number } {
  const llm = r.outcomes.filter((o) => o.briefing.mode === "llm").length;
  return { llm, extractive: r.outcomes.length - llm };
}

/** With --llm, say which model answered and how many answers fell back to the extractive briefing. */
function describeAnswerer(llm: string, run: EvalRun): string[] {
  if (llm === "none") return [];
  const fallbacks = run.runs.reduce((n, r) => n + modeCounts(r).extractive, 0);
  return [`Answers by ${llm}${fallbacks ? ` (${fallbacks} fell back to the extractive briefing)` : ""}`];
}

export async function evalSquad(flags: EvalFlags, retrievers: RetrieverKind[], progress: EvalReporter): Promise<void> {
  if (flags.corpus || flags.set) throw new UserError("--squad builds its own corpus and question set", "drop --corpus and --set when using --squad");
  const file = flags.squad!;
  const sample = num(flags.sample, "--sample", 2, 11873, true) ?? 400;
  const share = num(flags.answerableShare, "--answerable-share", 0, 1, false) ?? 0.75;
  const seed = num(flags.seed, "--seed", 0, 2 ** 32 - 1, true) ?? 1;
  const articleLimit = num(flags.squadArticles, "--squad-articles", 1, 1000, true);
  const data = readSquad(file);
  const paragraphs = squadParagraphs(data, articleLimit);
  const cache = squadCacheDir(articleLimit);
  const corpus = writeSquadCorpus(paragraphs, path.join(cache, "corpus")).dir; // beside, not around, its index
  const questions = sampleSquad(data, { ...splitSample(sample, share), seed, articleLimit });
  const byId = new Map<string, SquadQuestion>(questions.map((q) => [q.id, q]));
  // The SQuAD index lives beside its corpus in the cache, not among the user's indexes.
  const embeddings = flags.embeddings ?? process.env.BRIEFING_EMBEDDINGS ?? SETTINGS.embeddings.default;
  const settings = resolveSettings({ ...flags, corpus, index: flags.index ?? path.join(cache, "index") + indexSuffixFor(embeddings) });
  const run = await runEval({ settings, questions, retrievers, ...progress, leaveOut: Boolean(flags.leaveOut), split: splitFlag(flags.split) });
  progress.ingestDone();
  const results = run.runs.map((r) => ({ name: r.retriever, seconds: r.seconds, metrics: squadMetrics(r, byId), aggregate: r.aggregate }));
  if (flags.out) writeOutFile(flags.out, run, (id) => run.texts.get(id)?.text, (o) => ({ golds: byId.get(o.record.question.id)?.golds ?? [] }));
  const benchmark = {
    file,
    seed,
    paragraphs: paragraphs.length,
    articles: articleLimit ?? data.articles.length,
    answerable: questions.filter((q) => q.answerable).length,
    unanswerable: questions.filter((q) => !q.answerable).length,
    referenceBm25: referenceBm25(paragraphs, questions),
  };
  if (flags.json) {
    const runs = results.map((r) => ({ retriever: r.name, seconds: round(r.seconds), squad: r.metrics, missedTargets: missedTargets(r.metrics), aggregate: r.aggregate }));
    console.log(JSON.stringify({ benchmark, leaveOut: run.leaveOut ?? null, split: flags.split ?? "all", abstain: settings.abstain, corpus: run.corpus, index: run.index, passages: run.passages, ingestSeconds: round(run.ingestSeconds), indexUpdated: run.indexUpdated, runs }));
    return;
  }
  const lines = [
    `SQuAD v2.0 ${file}: ${benchmark.answerable} answerable + ${benchmark.unanswerable} unanswerable questions (seed ${seed}), ${paragraphs.length} paragraphs`,
    describeIndex(run),
    ...describeLeaveOut(run),
    `Abstention: ${settings.abstain}`,
    "",
    formatSquadTable(results),
    `reference: plain BM25 over title + paragraph on the same questions: gold paragraph @1 ${benchmark.referenceBm25.goldAt1.toFixed(3)}, @5 ${benchmark.referenceBm25.goldAt5.toFixed(3)}`,
    "",
    ...results.map((r) => `${r.name}: ${r.seconds.toFixed(1)}s for ${questions.length} questions; ${missedTargets(r.metrics).join("; ") || "all targets met"}`),
  ];
  if (flags.out) lines.push("", `Per-question records written to ${flags.out}`);
  console.log(lines.join("\n"));
}

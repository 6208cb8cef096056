/**
 * `npm run bench:corpus -- DIR [--index BUILT] [--ingest-log FILE] [--first-answer] [--no-eval]`
 * (default DIR ../shared/corpora/bbc): issue #13's scale figures for one corpus, in one table —
 * - time to the first answerable generation: a bare `ask --json` on no index (whole process: the
 *   lexical layer committed, then a cited answer);
 * - time to the full semantic layer, sentences/s, peak RSS: without --index, `briefing ingest` as
 *   a user runs it, killed with SIGKILL about half way and run again (it resumes from its last
 *   checkpoint); with --index, the index a `/usr/bin/time -v briefing ingest` run built, its figures
 *   read from that run's logs (--ingest-log, repeated or comma-separated when a resumed run logged to
 *   a file of its own; bench/ingest-log.ts) — an archive
 *   the size of Reuters takes an hour or more of both cores here, too long to build per bench run;
 * - USE-Lite's raw single-core rate and the worker pool's on the same sentences, measured in this
 *   run, alternating, medians: the pool's ratio to one core;
 * - index size on disk; cold `ask` (the compiled CLI, `dist/`, a fresh process each time; run
 *   `npm run build` first) median and p95 with CPU time; warm questions p50/p95 in one process,
 *   beside one query embedding and one raw hnswlib search measured in the same loop;
 * - eval figures after each stage when `evals/<corpus name>.jsonl` exists: the lexical stage (on
 *   the first answer's index) and the semantic layer (on the built index, as complete as it is).
 * Every line carries the load average when it was measured: the machine is shared.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPipeline } from "../src/pipeline.js";
import { resolveSettings } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load.js";
import { PooledEmbeddings } from "../src/embedding/pool.js";
import { threadCpuMs } from "../src/embedding/thread-cpu.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { splitSentences } from "../src/text/sentences.js";
import { ingestLogRows } from "./ingest-figures.js";
import { replay } from "./pool-replay.js";
import { currentManifest, median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(["--index", "--ingest-log"]);
const positional = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
const firstOnly = args.includes("--first-answer");
const withEval = !args.includes("--no-eval");
const corpus = path.resolve(positional[0] ?? path.join(root, "../shared/corpora/bbc"));
const built = option("--index") ? path.resolve(option("--index")!) : undefined;
// Every --ingest-log, oldest first (a resumed ingest may have logged to a file of its own); commas also separate.
const ingestLogs = args.flatMap((a, i) => (args[i - 1] === "--ingest-log" ? a.split(",") : []));
if (!existsSync(corpus)) {
  console.error(`bench:corpus: no corpus at ${corpus}; pass a folder: npm run bench:corpus -- DIR`);
  process.exit(1);
}
const DIST = path.join(root, "dist/faces/cli/main.js");
if (!existsSync(DIST)) {
  console.error("bench:corpus: no compiled CLI at dist/; run `npm run build` first");
  process.exit(1);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-corpus-"));
const lexicalIndex = path.join(tmp, "index");
const index = built ?? lexicalIndex;
const hasTime = existsSync("/usr/bin/time");
const load = () => os.loadavg()[0].toFixed(1);

interface Run {
  ms: number;
  cpuS: number;
  rssMb: number;
  out: string;
  err: string;
}

/** A whole `briefing` process (the compiled CLI), with CPU time and peak RSS from /usr/bin/time. */
function cli(cliArgs: string[], indexDir = index): Run {
  const stats = path.join(tmp, "time.txt");
  const cmd = [...(hasTime ? ["/usr/bin/time", "-f", "%U %S %M", "-o", stats] : []), process.execPath, DIST, ...cliArgs, "--corpus", corpus, "--index", indexDir];
  const t = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`briefing ${cliArgs[0]} failed: ${r.stderr}`);
  const [user, sys, rssKb] = hasTime ? readFileSync(stats, "utf8").trim().split("\n").pop()!.split(" ").map(Number) : [NaN, NaN, NaN];
  return { ms, cpuS: user + sys, rssMb: rssKb / 1024, out: r.stdout, err: r.stderr };
}

const rows: (string | number)[][] = [];
/** Each figure is also shown as it is measured: on a loaded machine a whole run can take an hour. */
const row = (measure: string, value: number | string, note: string) => {
  rows.push([measure, value, note]);
  console.error(`  ${measure}: ${typeof value === "number" ? value.toFixed(1) : value} ${note}`);
};
const loadAtStart = load();
const { articles } = await loadCorpus(corpus);
const questions = articles.filter((_, i) => i % Math.max(1, Math.floor(articles.length / 40)) === 0).slice(0, 40).map((a) => `What happened: ${a.title}?`);

// 1. A bare `ask` on no index: the whole process, to a cited answer from the lexical layer.
console.error(`asking on no index (${articles.length} articles from ${corpus}) …`);
const first = cli(["ask", questions[1] ?? questions[0], "--json"], lexicalIndex);
const firstAnswer = JSON.parse(first.out);
const lexicalGen = currentManifest(lexicalIndex);
row("time to the first answerable generation (s)", first.ms / 1000, `bare \`ask --json\` on no index, whole process: CPU ${first.cpuS.toFixed(1)} s, peak RSS ${Math.round(first.rssMb)} MB; ${firstAnswer.citations.length} citation(s), semantic ${Math.round((firstAnswer.semantic ?? 1) * 100)}%; load ${load()}`);
row("lexical generation on disk (MB allocated)", diskUsage(lexicalIndex).allocated / 1e6, `apparent ${(diskUsage(lexicalIndex).apparent / 1e6).toFixed(0)} MB (unembedded vector rows are holes)`);
if (firstOnly) finish();

// 2. The embedder alone on one core, and the worker pool, on the same sentences of this corpus.
const sentences = [...new Set(articles.flatMap((a) => splitSentences(a.text).map((s) => s.text)))];
const sample = sentences.filter((_, i) => i % Math.max(1, Math.floor(sentences.length / 400)) === 0).slice(0, 400);
const single = new UseLiteEmbeddings();
const pool = new PooledEmbeddings({ workers: 2 });
await single.embedQuery("warm up");
await pool.warm();
await pool.embedRows(sample.slice(0, 64)); // the workers' first calls compile their kernels
const singleRates: number[] = [];
const poolRates: number[] = [];
const rateLoads: string[] = [];
// CPU ms per round, which a loaded machine does not inflate as it does wall time: the raw model's (this
// thread), and the pool's main thread and workers; and the pool's batches replayed on two idle cores.
const cpu = { raw: [] as number[], main: [] as number[], workers: [] as number[], replayed: [] as number[] };
for (let round = 0; round < 2; round++) {
  console.error(`embedder rates, round ${round + 1} of 2 (${sample.length} sentences) …`);
  let c = threadCpuMs() ?? NaN;
  let t = performance.now();
  await single.embedRows(sample);
  singleRates.push(sample.length / ((performance.now() - t) / 1000));
  cpu.raw.push((threadCpuMs() ?? NaN) - c);
  const before = pool.stats();
  c = threadCpuMs() ?? NaN;
  t = performance.now();
  await pool.embedRows(sample);
  poolRates.push(sample.length / ((performance.now() - t) / 1000));
  cpu.main.push((threadCpuMs() ?? NaN) - c);
  const after = pool.stats();
  cpu.workers.push(after.cpuMs - before.cpuMs);
  cpu.replayed.push(replay(after.costs.slice(before.costs.length)));
  rateLoads.push(load());
}
await pool.close();
const rawPerSec = median(singleRates);

// 3. The semantic layer.
let ingestRows: [string, number | string, string][];
if (built) {
  ingestRows = ingestLogRows(ingestLogs, currentManifest(index)!, rawPerSec);
} else {
  // As `briefing ingest` builds it: killed with SIGKILL once about half the sentences are
  // committed, then run again; the second run resumes from the last checkpoint.
  console.error("embedding (killed about half way, then resumed) …");
  let t = performance.now();
  // Under /usr/bin/time too, which outlives the node process it runs: its peak RSS is part of the ingest's.
  const killedStats = path.join(tmp, "killed-time.txt");
  const killedCmd = [...(hasTime ? ["/usr/bin/time", "-f", "%U %S %M", "-o", killedStats] : []), process.execPath, DIST, "ingest", "--json", "--corpus", corpus, "--index", index];
  const killed = spawn(killedCmd[0], killedCmd.slice(1), { cwd: root, stdio: "ignore" });
  const nodePid = () => (hasTime ? Number(spawnSync("pgrep", ["-P", String(killed.pid)], { encoding: "utf8" }).stdout.trim()) || undefined : killed.pid);
  let halfAt = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const m = currentManifest(index);
      if (m && m.embeddedCount >= m.sentenceCount / 2) {
        clearInterval(timer);
        halfAt = m.embeddedCount / m.sentenceCount;
        const pid = nodePid();
        if (pid) process.kill(pid, "SIGKILL");
      }
    }, 200);
    killed.once("exit", () => (clearInterval(timer), resolve()));
  });
  const killedS = (performance.now() - t) / 1000;
  const killedRssMb = hasTime ? Number(readFileSync(killedStats, "utf8").trim().split("\n").pop()!.split(" ")[2]) / 1024 : NaN;
  const resumed = cli(["ingest", "--json"]);
  const report = JSON.parse(resumed.out);
  const resumedS = resumed.ms / 1000;
  const fullS = first.ms / 1000 + killedS + resumedS;
  const rate = report.sentencesEmbedded / (resumedS - (report.lexicalSeconds ?? 0));
  ingestRows = [
    ["time to the full semantic layer (s)", fullS, "first answer + killed run + resumed run"],
    [`ingest killed at ${Math.round(halfAt * 100)}% committed, after (s)`, killedS, "SIGKILL"],
    ["resumed ingest to completion (s)", resumedS, `${report.sentencesEmbedded} sentences; ${((100 * resumedS) / fullS).toFixed(0)}% of the whole (≤ 60%); CPU ${resumed.cpuS.toFixed(0)} s; load ${load()}`],
    ["sentences/s, the ingest (resumed run)", rate, `÷ raw single core ${rawPerSec.toFixed(1)} = ${(rate / rawPerSec).toFixed(2)}× (the ingest's rate is under this run's load too)`],
    // The whole ingest, every process of it: the lexical commit (the first ask), the killed run, the resumed run.
    // Each is one node process whose embedding workers are threads (in its RSS); /usr/bin/time gives its peak.
    ["peak RSS of the ingest (MB)", Math.max(first.rssMb, killedRssMb, resumed.rssMb), `≤ 1000: max of the first ask ${Math.round(first.rssMb)}, the killed run ${Math.round(killedRssMb)}, the resumed run ${Math.round(resumed.rssMb)} (its own report: ${report.peakRssMb}); /usr/bin/time, main thread + worker threads`],
  ];
}
for (const r of ingestRows) row(...r);
row("raw: USE-Lite, 1 core, median (sentences/s)", rawPerSec, `${sample.length} distinct sentences of this corpus; rounds ${singleRates.map((r) => r.toFixed(1)).join(", ")}`);
row("USE-Lite pool, 2 workers, median (sentences/s)", median(poolRates), `rounds ${poolRates.map((r) => r.toFixed(1)).join(", ")}; load ${rateLoads.join(", ")}`);
row("pool ÷ raw single core", median(poolRates) / rawPerSec, `≥ 1.8 (same sentences, same run, alternating; raw ${rawPerSec.toFixed(1)} sentences/s)`);
const per1000 = (ms: number[]) => (median(ms) / sample.length).toFixed(2);
row(
  "CPU s per 1,000 sentences: raw / pool main thread / pool workers",
  `${per1000(cpu.raw)} / ${per1000(cpu.main)} / ${per1000(cpu.workers)}`,
  `medians of the rounds; replayed on two idle cores the pool's batches give ${(median(cpu.raw) / median(cpu.replayed)).toFixed(2)}× raw (tail included, dispatch not: a figure the load does not move)`,
);
const size = diskUsage(index);
const stored = currentManifest(index)!;
row("index size on disk (MB allocated)", size.allocated / 1e6, `apparent ${(size.apparent / 1e6).toFixed(0)} MB; current generation + previous (${generationsIn(index)} folder(s))`);

// 4. Cold `ask`: a fresh process of the compiled CLI on the built index, five times.
console.error("cold asks …");
const cold = [0, 1, 2, 3, 4].map((i) => cli(["ask", questions[i] ?? questions[0], "--json"]));
const coldLoad = load();
row("cold `ask`, median (s)", median(cold.map((r) => r.ms)) / 1000, `\`node dist/faces/cli/main.js ask --json\`, 5 runs (≤ 1.5); CPU median ${median(cold.map((r) => r.cpuS)).toFixed(2)} s, peak RSS ${Math.round(median(cold.map((r) => r.rssMb)))} MB; load ${coldLoad}`);
row("cold `ask`, p95 (s)", percentile(cold.map((r) => r.ms), 95) / 1000, `CPU p95 ${percentile(cold.map((r) => r.cpuS), 95).toFixed(2)} s`);

// 5. Warm questions in one process, beside the raw parts measured in the same loop.
console.error("warm questions …");
const briefer = await openPipeline(resolveSettings({ corpus, index }), { refresh: false });
const askMs: number[] = [];
const embedMs: number[] = [];
const searchMs: number[] = [];
for (const q of questions.slice(0, 5)) await briefer.ask(q);
for (const q of questions) {
  let t = performance.now();
  const v = await briefer.embeddings.embedQuery(q);
  embedMs.push(performance.now() - t);
  t = performance.now();
  briefer.index.rawGraphSearch(v, 40);
  searchMs.push(performance.now() - t);
  t = performance.now();
  await briefer.ask(q);
  askMs.push(performance.now() - t);
}
await briefer.close();
row("warm question p50 (ms)", median(askMs), `${questions.length} questions, one process; ${(median(askMs) / median(embedMs)).toFixed(2)}× one query embedding; load ${load()}`);
row("warm question p95 (ms)", percentile(askMs, 95), "≤ 150");
row("raw: one query embedding, p50 / p95 (ms)", `${median(embedMs).toFixed(1)} / ${percentile(embedMs, 95).toFixed(1)}`, "");
row("raw: one hnswlib search k=40, p50 / p95 (ms)", `${median(searchMs).toFixed(2)} / ${percentile(searchMs, 95).toFixed(2)}`, index === lexicalIndex ? "" : `graph of ${stored.denseCount} passages`);

// 6. Eval figures after each stage, when the corpus has a question set.
const set = path.join(root, "evals", `${path.basename(corpus)}.jsonl`);
if (withEval && existsSync(set)) {
  console.error(`evals (${path.relative(root, set)}) …`);
  const stages: [string, string[], string][] = [["lexical", ["--stage", "lexical"], lexicalIndex]];
  // An incomplete index would be embedded to completion by the eval first: only a complete one is evaluated.
  if (built && stored.embeddedCount === stored.sentenceCount) stages.push(["semantic layer complete", [], built]);
  else if (built) row("eval, semantic layer", "—", `not run: the index is ${((100 * stored.embeddedCount) / stored.sentenceCount).toFixed(1)}% embedded`);
  for (const [name, extra, dir] of stages) {
    const r = JSON.parse(cli(["eval", "--set", set, ...extra, "--json"], dir).out).runs[0].aggregate;
    const f = (x: number | null) => (x === null ? "—" : x.toFixed(3));
    row(`eval, ${name}`, "", `R@1 ${f(r.recallAt1)}, R@5 ${f(r.recallAt5)}, MRR ${f(r.mrr)}, cite-R ${f(r.citationRecall)}, cite-P ${f(r.citationPrecision)}, facts ${f(r.factRecall)}, abst. F1 ${f(r.abstention.f1)}, false abst. ${f(r.abstention.falseAbstentionRate)} (\`briefing eval --set ${path.relative(root, set)} ${extra.join(" ")} --corpus … --index …\`)`);
  }
}
finish();

function finish(): never {
  const m = currentManifest(index) ?? lexicalGen;
  const semantic = m ? `${Math.round((100 * (m.embeddedCount ?? 0)) / (m.sentenceCount || 1))}% embedded` : "";
  console.log(`corpus ${corpus}: ${articles.length} articles, ${m?.passageCount} passages, ${m?.sentenceCount} sentence rows (${semantic}); index ${index}; ${os.cpus().length} cores, load ${loadAtStart} at start, ${load()} at end`);
  console.log(table(["measure", "value", "target / note"], rows));
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}

/**
 * Bytes a folder takes on disk (allocated blocks, so a sparse file counts what it holds) and its
 * apparent size; a file linked into two generations counts once.
 */
function diskUsage(dir: string, seen = new Set<string>()): { allocated: number; apparent: number } {
  let allocated = 0;
  let apparent = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) {
      const u = diskUsage(f, seen);
      allocated += u.allocated;
      apparent += u.apparent;
    } else {
      const st = statSync(f);
      if (seen.has(`${st.dev}:${st.ino}`)) continue;
      seen.add(`${st.dev}:${st.ino}`);
      allocated += st.blocks * 512;
      apparent += st.size;
    }
  }
  return { allocated, apparent };
}

function generationsIn(dir: string): number {
  return readdirSync(dir).filter((n) => n.startsWith("gen-")).length;
}

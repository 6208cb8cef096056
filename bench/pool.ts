/**
 * `npm run bench:pool [-- DIR] [--sample N] [--articles N] [--rounds N] [--old]` (default ../shared/corpora/bbc,
 * 1,000 sentences, 120 articles, 7 rounds; about 8 minutes on two idle cores): the USE-Lite worker pool against one core, measured in one
 * run in a way that survives a shared machine — CPU seconds per 1,000 sentences in the main thread
 * and in the workers beside the wall-clock rates:
 *   - raw: the model on this thread, one core (its CPU per 1,000 sentences is the work itself);
 *   - the ceiling: raw in a separate process alone, then two such processes at once (pool-ceiling.ts):
 *     what this machine's two cores give with no pool at all;
 *   - the pool (2 workers) as it is, the same pool with each worker pinned to a core of its own
 *     (`--pin-workers on`, embedding/affinity.ts), and with --old as it was (one batch per worker at a
 *     time, shortest batches first), on the same sentences; every measure once per round, alternating;
 *     ratios are taken within a round (so a load change falls on both sides), then the median over
 *     rounds, and beside it the ratio of the totals over all rounds (sentences ÷ wall, summed), the
 *     same two statistics for the two-process ceiling as for the pools;
 *   - an ingest: the first N articles of DIR through the real `ingest()` into a fresh index, with the
 *     pool unpinned and then pinned; the main thread's CPU while the sentences are embedded (adding
 *     passages to the graph, checkpoints, tokenising) against the workers'.
 * "CPU-bound ratio" = 2 × raw CPU ÷ (workers' + main thread's CPU) per sentence: what two idle cores can
 * give when the workers never wait (their wait is shown), whatever the load when it was measured.
 */
import { mkdtempSync, readdirSync, rmSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCorpus } from "../src/corpus/load.js";
import { type PinMode, PooledEmbeddings } from "../src/embedding/pool.js";
import type { PoolStats } from "../src/embedding/pool-stats.js";
import { threadCpuMs, threadMigrations, threadSchedMs } from "../src/embedding/thread-cpu.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { ingest } from "../src/index/build.js";
import { splitSentences } from "../src/text/sentences.js";
import { otherLoad, pairRun, RawProcess, type RawRun } from "./pool-ceiling.js";
import { replay } from "./pool-replay.js";
import { median, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const valued = new Set(["--sample", "--articles", "--rounds"]);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const corpus = path.resolve(args.find((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? "")) ?? path.join(root, "../shared/corpora/bbc"));
if (!existsSync(corpus)) {
  console.error(`bench:pool: no corpus at ${corpus}; pass a folder: npm run bench:pool -- DIR`);
  process.exit(1);
}
if (threadCpuMs() === null) console.error("bench:pool: this system does not report a thread's CPU time; CPU columns are empty");
const rounds = option("--rounds", 7);
const load = () => os.loadavg()[0].toFixed(1);
const loadAtStart = load();
const { articles } = await loadCorpus(corpus);
const sentences = [...new Set(articles.flatMap((a) => splitSentences(a.text).map((s) => s.text)))];
const wanted = option("--sample", 1000);
const sample = sentences.filter((_, i) => i % Math.max(1, Math.floor(sentences.length / wanted)) === 0).slice(0, wanted);

/** Wall ms, this thread's CPU ms, and the pool's costs over one run of `work`. */
async function measure(work: () => Promise<unknown>, pool?: PooledEmbeddings) {
  const before = pool?.stats();
  const moves = threadMigrations();
  const sched = threadSchedMs();
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  const schedAfter = threadSchedMs();
  const movesAfter = threadMigrations();
  const mainMs = sched && schedAfter ? schedAfter.cpuMs - sched.cpuMs : NaN;
  const mainDelayMs = sched && schedAfter ? schedAfter.runDelayMs - sched.runDelayMs : NaN;
  const after = pool?.stats();
  const d = (k: Exclude<keyof PoolStats, "costs">) => (before && after ? after[k] - before[k] : 0);
  const costs = before && after ? after.costs.slice(before.costs.length) : [];
  // The embedding threads' wall, CPU and run-queue delay: the main thread for raw, the workers' batches for a pool.
  const mainMoves = moves !== null && movesAfter !== null ? movesAfter - moves : NaN;
  const threads = pool
    ? { wallMs: d("busyMs"), cpuMs: d("cpuMs"), delayMs: d("runDelayMs"), migrations: d("migrations") }
    : { wallMs: ms, cpuMs: mainMs, delayMs: mainDelayMs, migrations: mainMoves };
  return { ms, mainMs, workersMs: d("cpuMs"), waitMs: d("waitMs"), replayMs: replay(costs), threads };
}

type Run = Awaited<ReturnType<typeof measure>>;
const per1000 = (ms: number, n: number) => (ms / n).toFixed(2); // ms per sentence = CPU s per 1,000 sentences

console.error(`bench:pool: ${sample.length} of ${sentences.length} distinct sentences of ${corpus}; load ${loadAtStart}`);
const single = new UseLiteEmbeddings();
await single.embedQuery("warm up");
const withOld = args.includes("--old");
const pools: Partial<Record<"now" | "pinned" | "before", PooledEmbeddings>> = {
  now: new PooledEmbeddings({ workers: 2 }),
  pinned: new PooledEmbeddings({ workers: 2, pin: "on", onNotice: (line) => console.error(`bench:pool: ${line}`) }),
};
if (withOld) pools.before = new PooledEmbeddings({ workers: 2, depth: 1, longestFirst: false });
for (const p of Object.values(pools)) {
  await p.warm();
  await p.embedRows(sample.slice(0, 64)); // the workers' first calls compile their kernels
}
// The ceiling: raw USE-Lite in two separate processes (pool-ceiling.ts), alone and together.
const procs = [new RawProcess(), new RawProcess()] as const;
await Promise.all(procs.map((p) => p.ready));
await Promise.all(procs.map((p) => p.run(sample.slice(0, 64))));
console.error(`bench:pool: pinned pool's workers on CPUs ${pools.pinned!.pinnedCpus.map((c) => c ?? "none").join(", ")}`);
const runs: Record<"raw" | "now" | "pinned" | "before", Run[]> = { raw: [], now: [], pinned: [], before: [] };
const ceiling: { alone: RawRun[]; pair: { ms: number; runs: [RawRun, RawRun] }[] } = { alone: [], pair: [] };
const loads: string[] = [];
/** Per round: cores' worth of CPU used by other processes, and stolen by the hypervisor. */
const others: { others: number; steal: number }[] = [];
for (let round = 0; round < rounds; round++) {
  loads.push(load());
  console.error(`  round ${round + 1} of ${rounds} (load ${loads.at(-1)}) …`);
  // Alternating, so a change in the machine's load falls on every measure alike; ratios are taken within a round.
  const round_ = otherLoad(() => procs.map((p) => p.pid));
  runs.raw.push(await measure(() => single.embedRows(sample)));
  ceiling.alone.push(await procs[round % 2]!.run(sample));
  runs.now.push(await measure(() => pools.now!.embedRows(sample), pools.now));
  ceiling.pair.push(await pairRun(procs[0], procs[1], sample));
  runs.pinned.push(await measure(() => pools.pinned!.embedRows(sample), pools.pinned));
  if (pools.before) runs.before.push(await measure(() => pools.before!.embedRows(sample), pools.before));
  const other = round_();
  if (other) others.push(other);
}
for (const p of Object.values(pools)) await p.close();
procs.forEach((p) => p.close());
const rateOf = (ms: number, n = sample.length) => n / (ms / 1000);
const rate = (r: Run[]) => median(r.map((x) => rateOf(x.ms)));
const cpuOf = (r: Run[], k: "mainMs" | "workersMs" | "waitMs" | "replayMs") => median(r.map((x) => x[k]));
const raw = rate(runs.raw);
const rawCpu = cpuOf(runs.raw, "mainMs");
/** Per-round ratios, then their median: each round's figures were taken minutes apart at most. */
const roundRatios = (num: number[], den: number[]) => num.map((x, i) => x / den[i]!);
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");
/**
 * The same two statistics for every ratio: the median of the per-round ratios (robust to one bad
 * round) and the ratio of the totals over all rounds (sentences ÷ wall, summed: every second counts).
 */
const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
const ratioStats = (numMs: number[], numPer: number, denMs: number[], denPer: number) => {
  const perRound = roundRatios(numMs.map((ms) => rateOf(ms, numPer)), denMs.map((ms) => rateOf(ms, denPer)));
  const totals = rateOf(sum(numMs), numPer * numMs.length) / rateOf(sum(denMs), denPer * denMs.length);
  return { median: median(perRound), totals, perRound };
};
const describeRatio = (r: ReturnType<typeof ratioStats>, what: string) =>
  `${r.median.toFixed(2)}× ${what} (median of rounds ${fmt(r.perRound)}; over all rounds ${r.totals.toFixed(2)}×)`;
const rawRates = runs.raw.map((x) => rateOf(x.ms));
const aloneRates = ceiling.alone.map((x) => rateOf(x.ms));
const pairRates = ceiling.pair.map((x) => rateOf(x.ms, 2 * sample.length));
const ceilingStats = ratioStats(ceiling.pair.map((x) => x.ms), 2 * sample.length, ceiling.alone.map((x) => x.ms), sample.length);
const aloneCpu = median(ceiling.alone.map((x) => x.cpuMs));
const pairCpu = median(ceiling.pair.flatMap((x) => x.runs.map((r) => r.cpuMs)));
/** Per sentence, CPU ms in the workers and in the main thread. */
const bound = (workers: number, main: number) => ((2 * rawCpu) / sample.length / (workers + main)).toFixed(2);
const rows: (string | number)[][] = [
  ["raw: USE-Lite, 1 core, this process (sentences/s)", raw, `CPU ${per1000(rawCpu, sample.length)} s per 1,000 sentences; rounds ${rawRates.map((x) => x.toFixed(1)).join(", ")}`],
  [
    "ceiling: raw in 1 separate process, alone (sentences/s)",
    median(aloneRates),
    `CPU ${per1000(aloneCpu, sample.length)} s per 1,000 sentences; rounds ${aloneRates.map((x) => x.toFixed(1)).join(", ")}`,
  ],
  [
    "ceiling: raw in 2 separate processes at once (sentences/s, both)",
    median(pairRates),
    `${describeRatio(ceilingStats, "one alone")}; CPU ${per1000(pairCpu, sample.length)} s per 1,000 sentences in each, ${(pairCpu / aloneCpu).toFixed(2)}× alone's; CPU ceiling 2 × alone ÷ pair = ${((2 * aloneCpu) / pairCpu).toFixed(2)}×`,
  ],
];
type Threads = { wallMs: number; cpuMs: number; delayMs: number; migrations: number };
/**
 * Of the embedding threads' wall time: on a CPU, runnable but waiting for one (other threads had it),
 * and neither (the host did not run this vCPU: steal); and the kernel's moves of them between CPUs.
 */
const split = (xs: Threads[], sentences: number) => {
  const [w, c, q, m] = (["wallMs", "cpuMs", "delayMs", "migrations"] as const).map((k) => sum(xs.map((x) => x[k])));
  const moves = Number.isNaN(m) ? "" : `, ${((1000 * m!) / sentences).toFixed(1)} CPU moves per 1,000 sentences`;
  return `on CPU ${((100 * c!) / w!).toFixed(0)}%, waiting for a CPU ${((100 * q!) / w!).toFixed(0)}%, neither ${((100 * (w! - c! - q!)) / w!).toFixed(0)}%${moves}`;
};
const asThreads = (r: RawRun): Threads => ({ wallMs: r.ms, cpuMs: r.cpuMs, delayMs: r.runDelayMs, migrations: r.migrations });
const n = sample.length * rounds;
rows.push([
  "where the embedding threads' wall time went (all rounds)",
  "",
  `raw: ${split(runs.raw.map((x) => x.threads), n)}; 1 process: ${split(ceiling.alone.map(asThreads), n)}; 2 processes: ${split(ceiling.pair.flatMap((x) => x.runs.map(asThreads)), 2 * n)}; pool workers: ${split(runs.now.map((x) => x.threads), n)}; pinned pool workers: ${split(runs.pinned.map((x) => x.threads), n)}`,
]);
for (const [name, r] of [
  ["pool, 2 workers (sentences/s)", runs.now],
  ["pool, 2 workers, each pinned to a core (sentences/s)", runs.pinned],
  ["pool as it was: 1 batch per worker, shortest first (sentences/s)", runs.before],
] as const) {
  if (!r.length) continue;
  const [main, workers, wait] = [cpuOf(r, "mainMs"), cpuOf(r, "workersMs"), cpuOf(r, "waitMs")];
  const stats = ratioStats(r.map((x) => x.ms), sample.length, runs.raw.map((x) => x.ms), sample.length);
  rows.push([
    name,
    rate(r),
    `${describeRatio(stats, "raw (≥ 1.8)")}, ${(stats.median / ceilingStats.median).toFixed(2)} of the two-process ceiling; CPU per 1,000 sentences: main ${per1000(main, sample.length)} s, workers ${per1000(workers, sample.length)} s (${(workers / pairCpu).toFixed(2)}× the pair's); workers waited ${(wait / 1000).toFixed(2)} s; CPU-bound ratio ${bound(workers / sample.length, main / sample.length)}×; replayed on 2 idle cores ${(rawCpu / cpuOf(r, "replayMs")).toFixed(2)}× (tail included)`,
  ]);
}
if (runs.pinned.length) {
  // Pinned against unpinned within each round: what pinning itself changes, in wall and in the workers' CPU.
  const wall = ratioStats(runs.pinned.map((x) => x.ms), sample.length, runs.now.map((x) => x.ms), sample.length);
  const cpu = roundRatios(runs.pinned.map((x) => x.workersMs), runs.now.map((x) => x.workersMs));
  rows.push([
    "pinned ÷ unpinned pool",
    "",
    `wall rate ${describeRatio(wall, "")}; workers' CPU per sentence ${median(cpu).toFixed(3)}× (median of rounds ${fmt(cpu)}; over all rounds ${(sum(runs.pinned.map((x) => x.workersMs)) / sum(runs.now.map((x) => x.workersMs))).toFixed(3)}×)`,
  ]);
}

// An ingest, as `briefing ingest` runs it (the real indexer, the pool as its bulk embedder).
const count = option("--articles", 120);
const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-pool-"));
try {
  // Unpinned, then pinned: each into a fresh index.
  if (count > 0) for (const pin of ["off", "on"] as const) await ingestRun(pin);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
async function ingestRun(pin: PinMode) {
  const part = path.join(tmp, "corpus");
  const files = listFiles(corpus).slice(0, count);
  if (!existsSync(part)) {
    mkdirSync(part);
    files.forEach((f, i) => copyFileSync(f, path.join(part, `${String(i).padStart(5, "0")}-${path.basename(f)}`)));
  }
  console.error(`an ingest of ${files.length} articles, workers ${pin === "on" ? "pinned" : "unpinned"} (load ${load()}) …`);
  let pool: PooledEmbeddings | undefined;
  let cpuAtEmbed = NaN;
  let wallAtEmbed = NaN;
  let doneAtEmbed = 0;
  const report = await ingest({
    corpus: part,
    indexDir: path.join(tmp, `index-${pin}`),
    embeddings: single,
    bulk: async () => (pool = new PooledEmbeddings({ workers: 2, pin })),
    onProgress: (p) => {
      // The first report comes after the first slice: the main thread's share is measured from there.
      if (p.stage === "embedding" && Number.isNaN(cpuAtEmbed)) [cpuAtEmbed, wallAtEmbed, doneAtEmbed] = [threadCpuMs() ?? NaN, performance.now(), p.done];
    },
  });
  const wall = performance.now() - wallAtEmbed;
  const main = (threadCpuMs() ?? NaN) - cpuAtEmbed;
  const s = pool?.stats();
  const n = report.embedded;
  const after = n - doneAtEmbed;
  if (s && after > 0) {
    // From the first slice back: the workers' start and first slice come before the first progress report.
    rows.push([
      `ingest of ${files.length} articles, workers ${pin === "on" ? "pinned" : "unpinned"}: embedding (sentences/s)`,
      after / (wall / 1000),
      `${n} sentences, ${(after / (wall / 1000) / raw).toFixed(2)}× raw (wall from the first slice's report); CPU per 1,000 sentences: main ${per1000(main, after)} s (graph, checkpoints, tokenising; after the first slice, ${after} sentences), workers ${per1000(s.cpuMs, n)} s; workers waited ${(s.waitMs / 1000).toFixed(2)} s of ${(s.busyMs / 1000).toFixed(1)} s busy; ${split([{ wallMs: s.busyMs, cpuMs: s.cpuMs, delayMs: s.runDelayMs, migrations: s.migrations }], n)}; CPU-bound ratio ${bound(s.cpuMs / n, main / after)}×; replayed on 2 idle cores ${((rawCpu / sample.length) * n / replay(s.costs)).toFixed(2)}×`,
    ]);
  }
}
console.log(`corpus ${corpus}: ${sentences.length} distinct sentences, sample ${sample.length}; ${os.cpus().length} cores; load ${loadAtStart} at start, ${loads.join(" / ")} at each round, ${load()} at end`);
if (others.length) {
  const f = (k: "others" | "steal") => others.map((o) => o[k].toFixed(2)).join(", ");
  console.log(`other processes used ${f("others")} cores' worth per round (of 2); the hypervisor stole ${f("steal")}`);
}
console.log(table(["measure", "value", "note"], rows));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : /\.(txt|md|json|jsonl|html?)$/i.test(e.name) ? [path.join(dir, e.name)] : []));
}

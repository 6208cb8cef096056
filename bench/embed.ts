/**
 * `npm run bench:embed [-- DIR] [--use-lite-layer] [--no-evals | --evals-only] [--squad FILE] [--sample N]` (default
 * ../shared/corpora/bbc; N: the USE-Lite rate sample, default 800 sentences): the embedders
 * side by side, measured in one run on one corpus's sentences —
 *   - USE-Lite raw, one core: one embedding (p50/p95) and sentences/s over a sample;
 *   - USE-Lite on the worker pool (2 workers): sentences/s on the same sample, in one call and fed
 *     in 1,024-sentence slices as `briefing ingest` feeds it, and their ratio to the raw rate;
 *   - static (the distilled model): one embedding (p50/p95) and sentences/s over every sentence;
 *   - tokens USE-Lite would read for sentences vs for passages (why passage-level vectors save nothing);
 *   - the full semantic layer with `--embeddings static` and `--embeddings hybrid`: a whole
 *     `briefing ingest` process from no index; with `--use-lite-layer`, the same with USE-Lite (about
 *     250 s of both cores on BBC);
 *   - then (unless `--no-evals`) each candidate's `briefing eval` figures beside USE-Lite's on the
 *     seed set, its held-out half and BBC, and with `--squad FILE` the SQuAD v2.0 sample of 400
 *     (embed-evals.ts; each eval reuses its embedder's index, USE-Lite's included).
 * Rates alternate single/pool twice and report the median, since the machine is shared.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCorpus } from "../src/corpus/load.js";
import { chunkArticle } from "../src/corpus/chunk.js";
import { PooledEmbeddings } from "../src/embedding/pool.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { loadTokenizer, modelTokens } from "../src/embedding/use-lite-model.js";
import { splitSentences } from "../src/text/sentences.js";
import { EVAL_HEADER, evalRow, evalSets, runEval, type EvalFigures } from "./embed-evals.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const corpus = path.resolve(args.find((a, i) => !a.startsWith("--") && !["--squad", "--sample"].includes(args[i - 1])) ?? path.join(root, "../shared/corpora/bbc"));
if (!existsSync(corpus)) {
  console.error(`bench:embed: no corpus at ${corpus}; pass a folder: npm run bench:embed -- DIR`);
  process.exit(1);
}
const withUseLiteLayer = args.includes("--use-lite-layer");
const withEvals = !args.includes("--no-evals");
const withSpeed = !args.includes("--evals-only");
const squadAt = args.indexOf("--squad");
const squadFile = squadAt >= 0 ? args[squadAt + 1] : undefined;
/** The candidates measured beside USE-Lite. */
const CANDIDATES = ["static", "hybrid"];
const loadAtStart = os.loadavg()[0];
const { articles } = await loadCorpus(corpus);
const sentences = [...new Set(articles.flatMap((a) => splitSentences(a.text).map((s) => s.text)))];
const sampleAt = args.indexOf("--sample");
const sample = sentences.filter((_, i) => i % 23 === 0).slice(0, sampleAt >= 0 ? Number(args[sampleAt + 1]) : 800);
const singles = sample.slice(0, 60);
const rows: (string | number)[][] = [];
/** CPU seconds (all threads of this process) per call of timeIt, to read wall rates on a shared machine. */
const cpuOf = new Map<string, number[]>();
const timeIt = async (run: () => Promise<unknown>, label = "") => {
  const t = performance.now();
  const c = process.cpuUsage();
  await run();
  const used = process.cpuUsage(c);
  if (label) cpuOf.set(label, [...(cpuOf.get(label) ?? []), (used.user + used.system) / 1e6]);
  return performance.now() - t;
};
const cpuNote = (label: string) => `CPU ${median(cpuOf.get(label) ?? [NaN]).toFixed(1)} s per round`;
const oneByOne = async (embed: (t: string) => Promise<unknown>) => {
  const ms: number[] = [];
  for (const s of singles) ms.push(await timeIt(() => embed(s)));
  return ms;
};

if (withSpeed) {
  // USE-Lite, raw on this thread, and on the pool.
  console.error(`USE-Lite: ${sample.length} of ${sentences.length} distinct sentences of ${corpus} …`);
  const single = await createEmbeddings("use-lite");
  await single.embedQuery("warm up");
  const oneUse = await oneByOne((s) => single.embedQuery(s));
  const pool = new PooledEmbeddings({ workers: 2 });
  await pool.warm();
  const rawRates: number[] = [];
  const poolRates: number[] = [];
  const slicedRates: number[] = [];
  for (let round = 0; round < 2; round++) {
    rawRates.push(sample.length / ((await timeIt(() => single.embedDocuments(sample), "raw")) / 1000));
    poolRates.push(sample.length / ((await timeIt(() => pool.embedRows(sample), "pool")) / 1000));
    // As src/index/semantic.ts feeds an off-thread embedder: slices of 1,024, each awaited.
    slicedRates.push(
      sample.length /
        ((await timeIt(async () => {
          for (let i = 0; i < sample.length; i += 1024) await pool.embedRows(sample.slice(i, i + 1024));
        }, "sliced")) /
          1000),
    );
  }
  await pool.close();
  const raw = median(rawRates);
  rows.push(
    ["USE-Lite: one embedding p50 / p95 (ms)", `${median(oneUse).toFixed(1)} / ${percentile(oneUse, 95).toFixed(1)}`, "raw cost, one core, one sentence per call"],
    ["USE-Lite raw, 1 core (sentences/s)", raw, `rounds: ${rawRates.map((r) => r.toFixed(0)).join(", ")}; ${cpuNote("raw")}`],
    ["USE-Lite pool, 2 workers, one call (sentences/s)", median(poolRates), `${(median(poolRates) / raw).toFixed(2)}× raw (target ≥ 1.8); rounds: ${poolRates.map((r) => r.toFixed(0)).join(", ")}; ${cpuNote("pool")}`],
    ["USE-Lite pool, fed as ingest feeds it (sentences/s)", median(slicedRates), `${(median(slicedRates) / raw).toFixed(2)}× raw; rounds: ${slicedRates.map((r) => r.toFixed(0)).join(", ")}; ${cpuNote("sliced")}`],
  );
  await single.close?.();

  // The static model.
  let t = performance.now();
  const stat = await createEmbeddings("static");
  const loadMs = performance.now() - t;
  const oneStatic = await oneByOne((s) => stat.embedQuery(s));
  const staticMs = await timeIt(() => stat.embedRows!(sentences));
  rows.push(
    [`static (${stat.id}, ${stat.dimension} dims): load (ms)`, loadMs, "the shipped model file"],
    ["static: one embedding p50 / p95 (ms)", `${median(oneStatic).toFixed(3)} / ${percentile(oneStatic, 95).toFixed(3)}`, ""],
    ["static (sentences/s)", sentences.length / (staticMs / 1000), `all ${sentences.length} sentences; ${(sentences.length / (staticMs / 1000) / raw).toFixed(0)}× USE-Lite raw`],
  );

  // What passage-level vectors would cost USE-Lite: tokens read (the graph clips a text at 128).
  const tokenizer = await loadTokenizer();
  const sentenceTokens = sentences.reduce((n, s) => n + modelTokens(tokenizer, s).length, 0);
  const passages = (await Promise.all(articles.map((a) => chunkArticle(a)))).flat().map((c) => c.text);
  const passageTokens = passages.reduce((n, p) => n + modelTokens(tokenizer, p).length, 0);
  // The hybrid: static rows for the archive; per question, one USE-Lite query and the retrieved sentences.
  t = performance.now();
  const hyb = await createEmbeddings("hybrid");
  const hybridLoadMs = performance.now() - t;
  const hybridMs = await timeIt(() => hyb.embedRows!(sentences));
  rows.push(
    [`hybrid (${hyb.id}): load (ms)`, hybridLoadMs, "the 512-dim static model; USE-Lite loads at the first question"],
    ["hybrid: archive sentences (sentences/s)", sentences.length / (hybridMs / 1000), `static rows, all ${sentences.length} sentences; a question adds one USE-Lite query and its retrieved sentences (${median(oneUse).toFixed(1)} ms each, above) on first touch`],
  );
  await hyb.close?.();

  rows.push(["USE-Lite tokens: sentences vs passages", `${sentenceTokens} / ${passageTokens}`, `${sentences.length} sentences, ${passages.length} passages (clipped at 128 tokens)`]);

  // The full semantic layer, as a whole `briefing ingest` process from no index. The machine is
  // shared, so the process's CPU time (user + system, from /usr/bin/time) is shown beside its wall time.
  const timer = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
  const layer = (embeddings: string) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-embed-"));
    try {
      const started = performance.now();
      const argv = [process.execPath, "--import", "tsx", path.join(root, "src/faces/cli/main.ts"), "ingest", "--json", "--embeddings", embeddings, "--corpus", corpus, "--index", path.join(tmp, "index")];
      const r = timer
        ? spawnSync(timer, ["-f", "CPU %U %S", ...argv], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 })
        : spawnSync(argv[0], argv.slice(1), { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`briefing ingest --embeddings ${embeddings} failed: ${r.stderr}`);
      const report = JSON.parse(r.stdout);
      const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
      return { s: (performance.now() - started) / 1000, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, report };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  const layerNote = (l: ReturnType<typeof layer>) =>
    `CPU ${l.cpuS.toFixed(1)} s; lexical layer ${Number(l.report.lexicalSeconds ?? 0).toFixed(1)} s; ${l.report.sentencesEmbedded} sentences, ${(l.report.sentencesEmbedded / (l.s - (l.report.lexicalSeconds ?? 0))).toFixed(0)}/s after it`;
  for (const candidate of CANDIDATES) {
    console.error(`the full semantic layer with --embeddings ${candidate} …`);
    const s = layer(candidate);
    rows.push([`full semantic layer, ${candidate}, from no index (s)`, s.s, `whole ingest process (target ≤ 150); ${layerNote(s)}; load ${os.loadavg()[0].toFixed(1)} after it`]);
  }
  if (withUseLiteLayer) {
    console.error("the full semantic layer with USE-Lite (minutes) …");
    const u = layer("use-lite");
    rows.push(["full semantic layer, USE-Lite, from no index (s)", u.s, layerNote(u)]);
  }
}
if (withSpeed) console.log(`corpus ${corpus}: ${articles.length} articles, ${sentences.length} distinct sentences; ${os.cpus().length} cores, load ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`);
if (withSpeed) console.log(table(["measure", "value", "note"], rows));

if (withEvals) {
  // Quality beside speed: every candidate against USE-Lite on the same sets (minutes; indexes reused).
  const evalRows: string[][] = [];
  // The corpus as the user names it from the repo root: an index records its corpus by the path given, and
  // the same folder named another way (absolute) would be indexed again from scratch.
  for (const set of evalSets({ squad: squadFile, bbc: corpus.endsWith(`${path.sep}bbc`) ? path.relative(root, corpus) : undefined })) {
    let base: EvalFigures | undefined;
    for (const embeddings of ["use-lite", ...CANDIDATES]) {
      console.error(`eval ${set.name} with --embeddings ${embeddings} …`);
      const fig = runEval(set, embeddings);
      if (embeddings === "use-lite") base = fig;
      evalRows.push(evalRow(set, embeddings, fig, base));
    }
  }
  console.log(`\nEval figures (extractive, hybrid retriever, balanced abstention; load ${os.loadavg()[0].toFixed(1)} at the end). SQuAD rows: R@1/R@5 = gold paragraph @1/@5, cite-R = gold cited, facts = answer contains gold.`);
  console.log(table(EVAL_HEADER, evalRows));
}

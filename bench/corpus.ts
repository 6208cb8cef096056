/**
 * `npm run bench:corpus -- DIR` (default ../shared/corpora/bbc): one table, measured in one run —
 * full ingest (a fresh CLI process, 2 workers), articles/s and chunks/s; the embedder's raw
 * single-core throughput on the same corpus's sentences and the pipeline's ratio to it; index
 * size; peak RSS; warm query p50/p95 beside the raw hnswlib search; no-op re-ingest; cold start
 * to the first answer.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Briefer } from "../src/answer/briefer.js";
import { resolveSettings } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { splitSentences } from "../src/text/sentences.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const corpus = path.resolve(process.argv[2] ?? path.join(root, "../shared/corpora/bbc"));
if (!existsSync(corpus)) {
  console.error(`bench:corpus: no corpus at ${corpus}; pass a folder: npm run bench:corpus -- DIR`);
  process.exit(1);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-corpus-"));
const index = path.join(tmp, "index");
const cli = (args: string[]) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "src/faces/cli/main.ts"), ...args, "--corpus", corpus, "--index", index], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`briefing ${args[0]} failed: ${r.stderr}`);
  return { ms: performance.now() - t, out: r.stdout };
};

// 1. The embedder alone, one core: sentences of this corpus, in the same run.
const { articles } = await loadCorpus(corpus);
const sample = articles.flatMap((a) => splitSentences(a.text).map((s) => s.text)).filter((_, i) => i % 37 === 0).slice(0, 600);
const single = await createEmbeddings("use-lite");
await single.embedQuery("warm up");
let t = performance.now();
await single.embedDocuments(sample);
const rawPerSec = sample.length / ((performance.now() - t) / 1000);

// 2. Full ingest in a fresh process (workers as configured, default 2).
console.error(`ingesting ${articles.length} articles from ${corpus} …`);
const full = cli(["ingest", "--json"]);
const report = JSON.parse(full.out);
const ingestS = full.ms / 1000;
const sizeMb = dirSize(index) / 1e6;

// 3. No-op re-ingest, three times.
const noop = [0, 1, 2].map(() => cli(["ingest", "--json"]).ms);

// 4. Warm queries: titles of random articles, paraphrase-free, plus raw parts.
const briefer = await Briefer.open(resolveSettings({ corpus, index }), { skipRefresh: true });
const questions = articles.filter((_, i) => i % Math.max(1, Math.floor(articles.length / 60)) === 0).slice(0, 60).map((a) => `What happened: ${a.title}?`);
const askMs: number[] = [];
const embedMs: number[] = [];
const searchMs: number[] = [];
for (const q of questions.slice(0, 5)) await briefer.ask(q);
for (const q of questions) {
  t = performance.now();
  const v = await briefer.embeddings.embedQuery(q);
  embedMs.push(performance.now() - t);
  t = performance.now();
  briefer.index.dense.index.searchKnn(v, 40);
  searchMs.push(performance.now() - t);
  t = performance.now();
  await briefer.ask(q);
  askMs.push(performance.now() - t);
}
await briefer.close();
await single.close?.();

// 5. Cold start to the first answer: a fresh `ask` process on the built index.
const cold = [0, 1, 2].map(() => cli(["ask", questions[0], "--json"]).ms);

// Sentences actually embedded: overlapping chunks share some, stored once per chunk but embedded once.
const pipelinePerSec = report.sentencesEmbedded / ingestS;
console.log(`corpus ${corpus}: ${report.documents} articles, ${report.chunks} chunks, ${report.sentencesEmbedded} sentences embedded (${briefer.index.manifest.sentenceCount} stored); ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
console.log(
  table(
    ["measure", "value", "target / note"],
    [
      ["full ingest (s)", ingestS, "≤ 90"],
      ["articles/s", report.documents / ingestS, ""],
      ["chunks/s", report.chunks / ingestS, ""],
      ["sentences/s, pipeline", pipelinePerSec, ""],
      ["raw embedder, 1 core (sentences/s)", rawPerSec, `${sample.length} sentences of this corpus`],
      ["pipeline ÷ raw single core", pipelinePerSec / rawPerSec, "≥ 1.6"],
      ["index size on disk (MB)", sizeMb, ""],
      ["peak RSS of the ingest (MB)", report.peakRssMb, "≤ 700 (main thread + workers)"],
      ["no-op re-ingest, median (s)", median(noop) / 1000, "≤ 2 (whole process)"],
      ["warm query p50 (ms)", median(askMs), `${(median(askMs) / median(embedMs)).toFixed(2)}× one query embedding`],
      ["warm query p95 (ms)", percentile(askMs, 95), "≤ 150"],
      ["raw: one query embedding, p50 (ms)", median(embedMs), ""],
      ["raw: one hnswlib search k=40, p50 (ms)", median(searchMs), ""],
      ["cold start to first answer, median (s)", median(cold) / 1000, "a fresh `briefing ask` process"],
    ],
  ),
);
rmSync(tmp, { recursive: true, force: true });

function dirSize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
}

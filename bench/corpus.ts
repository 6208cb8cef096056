/**
 * `npm run bench:corpus -- DIR` (default ../shared/corpora/bbc): one table, measured in one run —
 * a bare `ask` on no index (whole process: the lexical layer committed, then an answer); the
 * embedding that follows as `briefing ingest` does it, killed with SIGKILL about half way and run
 * again (it resumes from its last checkpoint), so the corpus is embedded once; the embedder's raw
 * single-core throughput on the same corpus's sentences and the pipeline's ratio to it; index size;
 * peak RSS; warm query p50/p95 beside the raw hnswlib search; no-op re-ingest; cold start to the
 * first answer. `--first-answer` stops after the first answer (no embedding).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPipeline } from "../src/pipeline.js";
import { resolveSettings } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { splitSentences } from "../src/text/sentences.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const firstOnly = args.includes("--first-answer");
const corpus = path.resolve(args.find((a) => !a.startsWith("--")) ?? path.join(root, "../shared/corpora/bbc"));
if (!existsSync(corpus)) {
  console.error(`bench:corpus: no corpus at ${corpus}; pass a folder: npm run bench:corpus -- DIR`);
  process.exit(1);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-corpus-"));
const index = path.join(tmp, "index");
const MAIN = ["--import", "tsx", path.join(root, "src/faces/cli/main.ts")];
const cli = (args: string[]) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, [...MAIN, ...args, "--corpus", corpus, "--index", index], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`briefing ${args[0]} failed: ${r.stderr}`);
  return { ms: performance.now() - t, out: r.stdout, err: r.stderr };
};
const manifest = () => {
  try {
    const gen = readFileSync(path.join(index, "CURRENT"), "utf8").trim();
    return JSON.parse(readFileSync(path.join(index, gen, "manifest.json"), "utf8"));
  } catch {
    return null;
  }
};

const { articles } = await loadCorpus(corpus);
const questions = articles.filter((_, i) => i % Math.max(1, Math.floor(articles.length / 60)) === 0).slice(0, 60).map((a) => `What happened: ${a.title}?`);

// 1. A bare `ask` on no index: the whole process, to a cited answer from the lexical layer.
console.error(`asking on no index (${articles.length} articles from ${corpus}) …`);
const first = cli(["ask", questions[1] ?? questions[0], "--json"]);
const firstAnswer = JSON.parse(first.out);
const lexicalGen = manifest();
const firstRow = ["first cited answer from no index (s)", first.ms / 1000, `whole \`ask\` process; ${firstAnswer.citations.length} citation(s), semantic ${Math.round((firstAnswer.semantic ?? 1) * 100)}%`];
if (firstOnly) {
  console.log(`corpus ${corpus}: ${articles.length} articles, ${lexicalGen?.passageCount} chunks, ${lexicalGen?.sentenceCount} sentences; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  console.log(table(["measure", "value", "target / note"], [firstRow, ["index size, lexical layer (MB)", dirSize(index) / 1e6, ""]]));
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}

// 2. The embedder alone, one core: sentences of this corpus, in the same run.
const sample = articles.flatMap((a) => splitSentences(a.text).map((s) => s.text)).filter((_, i) => i % 37 === 0).slice(0, 600);
const single = await createEmbeddings("use-lite");
await single.embedQuery("warm up");
let t = performance.now();
await single.embedDocuments(sample);
const rawPerSec = sample.length / ((performance.now() - t) / 1000);

// 3. The semantic layer, as `briefing ingest` builds it: killed with SIGKILL once about half the
// sentences are committed, then run again; the second run resumes from the last checkpoint.
console.error("embedding (killed about half way, then resumed) …");
t = performance.now();
const killed = spawn(process.execPath, [...MAIN, "ingest", "--json", "--corpus", corpus, "--index", index], { cwd: root, stdio: "ignore" });
let halfAt = 0;
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const m = manifest();
    if (m && m.embeddedCount >= m.sentenceCount / 2) {
      clearInterval(timer);
      halfAt = m.embeddedCount / m.sentenceCount;
      killed.kill("SIGKILL");
    }
  }, 200);
  killed.once("exit", () => (clearInterval(timer), resolve()));
});
const firstRunS = (performance.now() - t) / 1000;
const resumed = cli(["ingest", "--json"]);
const report = JSON.parse(resumed.out);
const resumedS = resumed.ms / 1000;
const fullS = first.ms / 1000 + firstRunS + resumedS;
const sizeMb = dirSize(index) / 1e6;
const stored = manifest();

// 4. No-op re-ingest, three times.
const noop = [0, 1, 2].map(() => cli(["ingest", "--json"]).ms);

// 5. Warm queries: titles of random articles, paraphrase-free, plus raw parts.
const briefer = await openPipeline(resolveSettings({ corpus, index }), { refresh: false });
const askMs: number[] = [];
const embedMs: number[] = [];
const searchMs: number[] = [];
for (const q of questions.slice(0, 5)) await briefer.ask(q);
for (const q of questions) {
  t = performance.now();
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
await single.close?.();

// 6. Cold start to the first answer: a fresh `ask` process on the built index.
const cold = [0, 1, 2, 3, 4].map(() => cli(["ask", questions[0], "--json"]).ms);

// Distinct sentence texts embedded (overlapping chunks share some): the total over both runs is
// the stored rows minus repeats; the resumed run's own count and time give the pipeline's rate.
const pipelinePerSec = report.sentencesEmbedded / (resumedS - (report.lexicalSeconds ?? 0));
console.log(`corpus ${corpus}: ${report.documents} articles, ${report.chunks} chunks, ${stored.sentenceCount} sentences stored; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
console.log(
  table(
    ["measure", "value", "target / note"],
    [
      firstRow,
      ["time to the full semantic layer (s)", fullS, "first answer + killed run + resumed run"],
      [`ingest killed at ${Math.round(halfAt * 100)}% committed, after (s)`, firstRunS, "SIGKILL"],
      ["resumed ingest to completion (s)", resumedS, `${report.sentencesEmbedded} sentences embedded; ${((100 * resumedS) / fullS).toFixed(0)}% of the whole (target ≤ 60%)`],
      ["sentences/s, pipeline (resumed run)", pipelinePerSec, ""],
      ["raw embedder, 1 core (sentences/s)", rawPerSec, `${sample.length} sentences of this corpus`],
      ["pipeline ÷ raw single core", pipelinePerSec / rawPerSec, "≥ 1.8"],
      ["index size on disk (MB)", sizeMb, "current generation + previous"],
      ["peak RSS of the resumed ingest (MB)", report.peakRssMb, "≤ 1000 (main thread + workers)"],
      ["no-op re-ingest, median (s)", median(noop) / 1000, "whole process"],
      ["warm query p50 (ms)", median(askMs), `${(median(askMs) / median(embedMs)).toFixed(2)}× one query embedding`],
      ["warm query p95 (ms)", percentile(askMs, 95), "≤ 150"],
      ["raw: one query embedding, p50 (ms)", median(embedMs), ""],
      ["raw: one hnswlib search k=40, p50 (ms)", median(searchMs), ""],
      ["cold start to first answer, median (s)", median(cold) / 1000, "a fresh `briefing ask` process on the built index (≤ 1.5)"],
      ["cold start to first answer, p95 (s)", percentile(cold, 95) / 1000, ""],
    ],
  ),
);
rmSync(tmp, { recursive: true, force: true });

function dirSize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
}

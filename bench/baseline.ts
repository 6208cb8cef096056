/**
 * `npm run bench:baseline [-- DIR] [--sample N]` (default ../shared/corpora/bbc, questions evals/bbc.jsonl;
 * --sample: N articles including every one a question expects, for a machine too busy for all 2,225): this
 * project beside what a LangChain.js user would build instead, measured in one run on the same machine:
 *
 *  - briefing: a fresh index in a temporary folder, in process: the pipeline opened on no index with
 *    nothing embedded (lexical layer committed) and one question answered = time to the first answer;
 *    then `briefing ingest`'s work (the semantic layer) = the rest of the time to the full index.
 *  - baseline: the files read as LangChain's TextLoader would (path as `source`), split by
 *    `RecursiveCharacterTextSplitter` with LangChain's documented defaults (1000 / 200 characters),
 *    `HNSWLib.fromDocuments` with the same USE-Lite embedder class and worker count (one vector per
 *    chunk), saved; its first answer is the top 5 chunks of the first question, once the whole
 *    index exists (nothing is answerable before).
 *
 * Both are scored by the project's eval definitions (scoreRecord/aggregate: recall@k = share of
 * answerable questions with a passage of an expected article in the top k). Raw parts are measured
 * in the same run: one query embedding, one hnswlib search, the embedder's single-core rate.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { resolveSettings } from "../src/config.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { loadTokenizer } from "../src/embedding/use-lite-model.js";
import { parseEvalSet } from "../src/eval/evalSet.js";
import { aggregate, type EvalRecord } from "../src/eval/metrics.js";
import { runEval } from "../src/eval/runner.js";
import { ingestCorpus, openPipeline } from "../src/pipeline.js";
import { splitSentences } from "../src/text/sentences.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const source = path.resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--sample") ?? path.join(root, "../shared/corpora/bbc"));
const sample = args.includes("--sample") ? Number(args[args.indexOf("--sample") + 1]) : 0;
const setFile = path.join(root, "evals/bbc.jsonl");
if (!existsSync(source) || !Number.isInteger(sample) || sample < 0) {
  console.error(`bench:baseline: no corpus at ${source}, or a bad --sample; usage: npm run bench:baseline -- [DIR] [--sample N]`);
  process.exit(1);
}
const allQuestions = parseEvalSet(readFileSync(setFile, "utf8"), setFile);
const CHUNK = { chunkSize: 1000, chunkOverlap: 200 };
const K = 5;
const loadAtStart = os.loadavg();
const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-baseline-"));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (rmSync(tmp, { recursive: true, force: true }), process.exit(130)));
// --sample N: the articles the questions expect plus others spread evenly over the corpus, N in all,
// copied (paths kept) into the temp folder; questions whose articles are all there are asked.
const corpus = sample ? sampleCorpus(source, sample, path.join(tmp, "corpus")) : source;
const present = new Set(listTxt(corpus).map((f) => path.relative(corpus, f)));
const questions = allQuestions.filter((q) => q.expected_articles.every((a) => present.has(a)));
const s = (ms: number) => ms / 1000;
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}, load ${os.loadavg()[0].toFixed(1)}] ${line}`);

try {
  const settings = resolveSettings({ corpus, index: path.join(tmp, "index") });

  // ---- briefing: lexical layer + first answer, then the semantic layer ----
  log(`briefing: first answer from no index (${corpus}) …`);
  let t = performance.now();
  const lexical = await openPipeline(settings, { embed: "none" });
  const firstBriefing = await lexical.ask(questions[0]!.question);
  const projectFirstMs = performance.now() - t;
  await lexical.close();
  log("briefing: eval on the lexical stage …");
  const lexicalEval = await runEval({ settings, questions, retrievers: [settings.retriever], stage: "lexical" });
  log("briefing: semantic layer (as `briefing ingest`) …");
  t = performance.now();
  const ingested = await ingestCorpus(settings);
  const projectRestMs = performance.now() - t;
  const projectSizeMb = dirSize(settings.index) / 1e6;
  log("briefing: eval on the complete index …");
  const fullEval = await runEval({ settings, questions, retrievers: [settings.retriever] });
  const projectAgg = fullEval.runs[0]!.aggregate;
  const lexicalAgg = lexicalEval.runs[0]!.aggregate;

  // ---- baseline: TextLoader-style read, RecursiveCharacterTextSplitter, HNSWLib.fromDocuments ----
  log("baseline: read, split, embed every chunk, HNSWLib.fromDocuments, save …");
  t = performance.now();
  const docs = listTxt(corpus).map((file) => new Document({ pageContent: readFileSync(file, "utf8"), metadata: { source: file } }));
  const chunks = await new RecursiveCharacterTextSplitter(CHUNK).splitDocuments(docs);
  const pool = await createEmbeddings(settings.embeddings, { workers: settings.workers });
  const built = await HNSWLib.fromDocuments(chunks, pool);
  const saved = path.join(tmp, "langchain");
  await built.save(saved);
  const baselineFullMs = performance.now() - t;
  await pool.close?.();
  // The asking side, as a user's next process would: the saved store loaded with a one-thread embedder.
  const single = await createEmbeddings(settings.embeddings);
  t = performance.now();
  const store = await HNSWLib.load(saved, single);
  await store.similaritySearch(questions[0]!.question, K);
  const baselineFirstMs = baselineFullMs + (performance.now() - t);
  const baselineSizeMb = dirSize(saved) / 1e6;

  log("baseline: the BBC questions …");
  const baselineRecords: EvalRecord[] = [];
  const baselineAskMs: number[] = [];
  for (const q of questions) {
    t = performance.now();
    const hits = await store.similaritySearch(q.question, K);
    baselineAskMs.push(performance.now() - t);
    baselineRecords.push({ question: q, answer: "", abstained: false, citations: [], sentences: [], quoteFound: [], passages: hits.map((d) => ({ articleKey: [String(d.metadata.source)] })), latencyMs: 0 });
  }
  const baselineAgg = aggregate(baselineRecords);

  // ---- raw parts, same run ----
  log("raw parts …");
  const tokenizer = await loadTokenizer();
  const truncated = chunks.filter((c) => tokenizer.encode(c.pageContent.replace(/\s+/g, " ").trim()).length > 128).length;
  const embedMs: number[] = [];
  const searchMs: number[] = [];
  const projectSearchMs: number[] = [];
  const briefer = await openPipeline(settings, { refresh: false });
  const projectAskMs: number[] = [];
  for (const q of questions) await briefer.ask(q.question); // warm
  for (const q of questions) {
    t = performance.now();
    const v = await single.embedQuery(q.question);
    embedMs.push(performance.now() - t);
    t = performance.now();
    store.index.searchKnn(v, K);
    searchMs.push(performance.now() - t);
    t = performance.now();
    briefer.index.rawGraphSearch(v, 40);
    projectSearchMs.push(performance.now() - t);
    t = performance.now();
    await briefer.ask(q.question);
    projectAskMs.push(performance.now() - t);
  }
  await briefer.close();
  const sampleChunks = chunks.filter((_, i) => i % Math.max(1, Math.floor(chunks.length / 96)) === 0).slice(0, 96).map((c) => c.pageContent);
  const sampleSentences = docs.flatMap((d) => splitSentences(d.pageContent).map((x) => x.text)).filter((_, i) => i % 97 === 0).slice(0, 300);
  t = performance.now();
  await single.embedDocuments(sampleChunks);
  const rawChunksPerSec = sampleChunks.length / s(performance.now() - t);
  t = performance.now();
  await single.embedDocuments(sampleSentences);
  const rawSentencesPerSec = sampleSentences.length / s(performance.now() - t);
  await single.close?.();

  const projectFullMs = projectFirstMs + projectRestMs;
  const r = (a: number | null) => (a === null ? "n/a" : a.toFixed(3));
  const ratio = (base: number, ours: number) => `${(base / ours).toFixed(2)}×`;
  console.log(
    `corpus ${sample ? `${source}, a sample of ${docs.length} articles (every article a question expects, the rest spread evenly)` : `${corpus}: ${docs.length} files`}; questions ${path.relative(root, setFile)} (${questions.length} of ${allQuestions.length}); ${os.cpus().length} cores, ${settings.workers} embedding workers each; ` +
      `load average ${loadAtStart.map((x) => x.toFixed(1)).join(" ")} at start, ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} at end`,
  );
  console.log(
    table(
      ["measure", "briefing", "LangChain baseline", "baseline ÷ briefing"],
      [
        ["time to the first answer (s)", `${s(projectFirstMs).toFixed(1)} (${firstBriefing.citations.length} citations)`, s(baselineFirstMs), ratio(baselineFirstMs, projectFirstMs)],
        ["time to the full index (s)", s(projectFullMs), s(baselineFullMs), ratio(baselineFullMs, projectFullMs)],
        ["recall@5, complete index", r(projectAgg.recallAt5), r(baselineAgg.recallAt5), projectAgg.recallAt5 ? ratio(baselineAgg.recallAt5 ?? 0, projectAgg.recallAt5) : "n/a"],
        ["recall@5 at the first answer", `${r(lexicalAgg.recallAt5)} (lexical stage)`, "— (nothing before the full index)", ""],
        ["recall@1 / MRR, complete index", `${r(projectAgg.recallAt1)} / ${r(projectAgg.mrr)}`, `${r(baselineAgg.recallAt1)} / ${r(baselineAgg.mrr)}`, ""],
        ["what is embedded", `${ingested.embedded} sentences (${ingested.passages} passages)`, `${chunks.length} chunks (${truncated} cut at 128 tokens)`, ""],
        ["index size on disk (MB)", projectSizeMb, baselineSizeMb, ratio(baselineSizeMb, projectSizeMb)],
        ["warm question p50 / p95 (ms)", `${median(projectAskMs).toFixed(1)} / ${percentile(projectAskMs, 95).toFixed(1)} (cited briefing)`, `${median(baselineAskMs).toFixed(1)} / ${percentile(baselineAskMs, 95).toFixed(1)} (top-5 chunks)`, ""],
      ],
    ),
  );
  console.log(
    table(
      ["raw part, same run", "value"],
      [
        ["one query embedding, p50 (ms)", median(embedMs)],
        ["one hnswlib search, p50 (ms): baseline k=5 / briefing k=40", `${median(searchMs).toFixed(2)} / ${median(projectSearchMs).toFixed(2)}`],
        ["embedder alone, 1 core: BBC sentences/s", rawSentencesPerSec],
        ["embedder alone, 1 core: baseline chunks/s", rawChunksPerSec],
      ],
    ),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function listTxt(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listTxt(path.join(dir, e.name)) : e.name.endsWith(".txt") ? [path.join(dir, e.name)] : []))
    .sort();
}

function sampleCorpus(from: string, n: number, to: string): string {
  const all = listTxt(from).map((f) => path.relative(from, f));
  const wanted = new Set(allQuestions.flatMap((q) => q.expected_articles).filter((a) => all.includes(a)));
  const rest = all.filter((a) => !wanted.has(a));
  const need = Math.min(rest.length, Math.max(0, n - wanted.size));
  for (let k = 0; k < need; k++) wanted.add(rest[Math.floor((k * rest.length) / need)]!);
  for (const rel of wanted) {
    mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    copyFileSync(path.join(from, rel), path.join(to, rel));
  }
  return to;
}

function dirSize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
}

/**
 * `npm run bench:answerability`: the cost of the answerability check (src/answer/answerability) per
 * question, on SQuAD v2.0 questions (seed 1 sample) over the SQuAD index `briefing eval --squad` builds,
 * beside the raw cost of one query embedding, retrieval, sentence selection and the whole abstention
 * decision, measured in the same run. The check is timed on every question, also those an earlier
 * rule of the decision settles before it runs.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { shouldAbstain } from "../src/answer/abstain.js";
import { unanswered } from "../src/answer/answerability/index.js";
import { selectSentences } from "../src/answer/select.js";
import { resolveSettings } from "../src/config.js";
import { readSquad, sampleSquad, squadCacheDir } from "../src/eval/squad.js";
import { openPipeline } from "../src/pipeline.js";
import { retrieve } from "../src/retrieval/hybrid.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const file = path.resolve(root, "../shared/benchmarks/squad-v2.0-dev.json");
const cache = path.join(root, squadCacheDir());
if (!existsSync(file) || !existsSync(path.join(cache, "index"))) {
  console.log(`bench:answerability needs ${file} and the SQuAD index (run \`briefing eval --squad ${path.relative(root, file)}\` once).`);
  process.exit(0);
}
const settings = resolveSettings({ corpus: path.join(cache, "corpus"), index: path.join(cache, "index") });
const questions = sampleSquad(readSquad(file), { answerable: 150, unanswerable: 50, seed: 1 }).map((q) => q.question);
const briefer = await openPipeline(settings);
const embeddings = briefer.embeddings;
for (const q of questions.slice(0, 5)) await briefer.ask(q); // warm

const embedMs: number[] = [];
const retrieveMs: number[] = [];
const selectMs: number[] = [];
const decideMs: number[] = [];
const checkMs: number[] = [];
const checkCpuMs: number[] = [];
let t = 0;
for (const q of questions) {
  t = performance.now();
  const vector = Float32Array.from(await embeddings.embedQuery(q));
  embedMs.push(performance.now() - t);
  t = performance.now();
  const retrieval = await retrieve(briefer.index, vector, q, { k: settings.k });
  retrieveMs.push(performance.now() - t);
  t = performance.now();
  const chosen = selectSentences(briefer.index, q, retrieval.passages);
  selectMs.push(performance.now() - t);
  // The check first, on cold caches: the decision then reuses its split words, as in an ask.
  const cpu = process.cpuUsage();
  t = performance.now();
  unanswered(briefer.index, q, chosen);
  checkMs.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  checkCpuMs.push((used.user + used.system) / 1000);
  t = performance.now();
  shouldAbstain(briefer.index, q, chosen, { retrieval });
  decideMs.push(performance.now() - t);
}
console.log(`SQuAD v2.0, ${questions.length} questions (seed 1), index ${path.relative(root, settings.index)} (${briefer.index.passages.size} passages)`);
console.log(
  table(
    ["measure", "median ms", "p95 ms", "note"],
    [
      ["raw: one query embedding", median(embedMs), percentile(embedMs, 95), ""],
      ["part: retrieval", median(retrieveMs), percentile(retrieveMs, 95), `hybrid, k = ${settings.k}`],
      ["part: sentence selection", median(selectMs), percentile(selectMs, 95), ""],
      ["part: abstention decision (whole)", median(decideMs), percentile(decideMs, 95), "rules, evidence, answerability, model"],
      ["part: answerability check alone", median(checkMs), percentile(checkMs, 95), "target p95 ≤ 5"],
      ["part: answerability check, CPU time", median(checkCpuMs), percentile(checkCpuMs, 95), "the same calls, process CPU time"],
    ],
  ),
);
await briefer.close();

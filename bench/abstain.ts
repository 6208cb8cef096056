/**
 * `npx tsx bench/abstain.ts [set…]`: the abstention decision's cost on real archives (BBC, the Reuters
 * subset; their indexes built as for `npm run eval:gate`), beside retrieval and sentence selection on the
 * same questions in the same run, and one query embedding. Wall time and process CPU time (all threads)
 * per question: on this shared 2-core machine wall-clock p95s measure the scheduler, CPU time the code.
 * The decision is timed on its first call for each question (nothing cached for that question's articles
 * by an earlier decision), as a user meets it.
 */
import os from "node:os";
import { shouldAbstain } from "../src/answer/abstain.js";
import { selectSentences } from "../src/answer/select.js";
import { resolveSettings } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { openPipeline } from "../src/pipeline.js";
import { retrieve } from "../src/retrieval/hybrid.js";
import { median, percentile, table } from "./stats.js";

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ["bbc", "reuters"];
const rows: (string | number)[][] = [];
for (const set of abstentionSets().filter((s) => wanted.includes(s.name))) {
  if (set.missing) {
    console.log(`${set.name}: not run (${set.missing})`);
    continue;
  }
  const settings = resolveSettings({ corpus: set.corpus, index: set.index, workers: 1 }, {});
  const briefer = await openPipeline(settings);
  const questions = set.questions().map((q) => q.question);
  const embed: number[] = [];
  const retrieval: number[] = [];
  const select: number[] = [];
  const decide: number[] = [];
  const decideCpu: number[] = [];
  const again: number[] = [];
  const slowest: [number, string][] = [];
  // Warm up the model and the code (JIT, alias tables) on questions of no set, as bench/ask.ts does.
  for (const q of ["What did the minister say about the budget?", "How many people attended the match?", "Who won the award?"]) {
    const r = await retrieve(briefer.index, Float32Array.from(await briefer.embeddings.embedQuery(q)), q, { k: settings.k });
    shouldAbstain(briefer.index, q, selectSentences(briefer.index, q, r.passages), { retrieval: r });
  }
  for (const q of questions) {
    let t = performance.now();
    const vector = Float32Array.from(await briefer.embeddings.embedQuery(q));
    embed.push(performance.now() - t);
    t = performance.now();
    const r = await retrieve(briefer.index, vector, q, { k: settings.k });
    retrieval.push(performance.now() - t);
    t = performance.now();
    const chosen = selectSentences(briefer.index, q, r.passages);
    select.push(performance.now() - t);
    const cpu = process.cpuUsage();
    t = performance.now();
    shouldAbstain(briefer.index, q, chosen, { retrieval: r });
    decide.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    decideCpu.push((used.user + used.system) / 1000);
    slowest.push([decide[decide.length - 1]!, q]);
    // The same call again: what is left once this question's articles are read (wall; the scheduler's noise aside).
    t = performance.now();
    shouldAbstain(briefer.index, q, chosen, { retrieval: r });
    again.push(performance.now() - t);
  }
  slowest.sort((a, b) => b[0] - a[0]);
  console.log(`${set.name}: slowest decisions (wall ms): ${slowest.slice(0, 3).map(([ms, q]) => `${ms.toFixed(1)} "${q}"`).join("; ")}`);
  const n = `${set.name}, ${questions.length} questions, ${briefer.index.articles.size} articles`;
  rows.push(
    [`${n}: one query embedding`, median(embed), percentile(embed, 95), ""],
    [`${n}: retrieval`, median(retrieval), percentile(retrieval, 95), "hybrid"],
    [`${n}: sentence selection`, median(select), percentile(select, 95), ""],
    [`${n}: abstention decision`, median(decide), percentile(decide, 95), "wall; target p95 ≤ 5"],
    [`${n}: abstention decision, CPU time`, median(decideCpu), percentile(decideCpu, 95), "process CPU time (all threads)"],
    [`${n}: abstention decision, second call`, median(again), percentile(again, 95), "wall, its articles already read"],
  );
  await briefer.close();
}
console.log(table(["measure", "median ms", "p95 ms", "note"], rows));
console.log(`machine load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);

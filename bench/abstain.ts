/**
 * `npx tsx bench/abstain.ts [bbc] [reuters]`: the abstention decision's cost on real archives (BBC, the Reuters
 * subset; their indexes built as for `npm run eval:gate`), beside retrieval and sentence selection on the
 * same questions in the same run, and one query embedding. Each archive's questions are its answerable and
 * unanswerable sets and its leave-one-article-out set (asked of indexes derived by deletion, as the eval does):
 * BBC 24 + 12 + 24. Wall time and process CPU time (all threads)
 * per question: on this shared 2-core machine wall-clock p95s measure the scheduler, CPU time the code.
 * The decision is timed on its first call for each question (nothing cached for that question's articles
 * by an earlier decision), as a user meets it. Its cited articles are not read: which of the question's
 * terms they hold comes from the index (src/answer/article-terms.ts); only the best article's sentences
 * are tokenised, once, and only the features the shipped model reads are worked out (evidence.ts). The CPU time is also shown less the
 * garbage-collection pauses that fell inside the decision (a full collection of the heap the index holds
 * costs ~10 ms whichever code it interrupts).
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { shouldAbstain } from "../src/answer/abstain.js";
import { selectSentences } from "../src/answer/select.js";
import { resolveSettings } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { articleKeysOf, readFrontMatterSources, type ArticleText } from "../src/eval/keys.js";
import { batchLeaveOut, leaveOutCap, planLeaveOut } from "../src/eval/leaveOut.js";
import { BriefingIndex } from "../src/index/store.js";
import { openPipeline } from "../src/pipeline.js";
import { retrieve } from "../src/retrieval/hybrid.js";
import { median, percentile, table } from "./stats.js";

// Garbage-collection pauses, to tell the decision's own cost from a collection of the whole heap (the index's
// arrays make a full one cost ~10 ms) that happens to start during it.
const gcs: { start: number; end: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
}).observe({ entryTypes: ["gc"] });
const gcWithin = (from: number, to: number) => gcs.reduce((n, g) => n + Math.max(0, Math.min(to, g.end) - Math.max(from, g.start)), 0);

// The main thread's own CPU time (Linux schedstat, ns): the decision runs there; process CPU time also counts
// the collector's helper threads and the embedder's, busy with other work at the same moments.
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const threadMs = existsSync(schedstat) ? () => Number(readFileSync(schedstat, "utf8").split(" ")[0]) / 1e6 : null;

// `--collect`: a full collection before each timed decision, so retrieval's and selection's garbage (a
// question's retrieval allocates far more than its decision) is not billed to the decision that follows.
const collect = process.argv.includes("--collect");
if (collect) v8.setFlagsFromString("--expose-gc");
const gc = collect ? (vm.runInNewContext("gc") as () => void) : () => {};

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
// An archive's questions are its answerable and unanswerable sets and the leave-one-article-out set (each
// answerable question asked of the index without its articles): the population a decision meets, so on
// BBC the p95 is read off 60 questions (its 4th slowest), not 36 (the 2nd slowest).
const ARCHIVES: Record<string, string[]> = { bbc: ["bbc", "bbc-leave-out"], reuters: ["reuters", "reuters-leave-out"] };
const wanted = args.length ? args : Object.keys(ARCHIVES);
const rows: (string | number)[][] = [];
const sets = abstentionSets();
for (const archive of wanted) {
  const names = ARCHIVES[archive] ?? [archive];
  const specs = names.map((n) => sets.find((s) => s.name === n)).filter((s) => s !== undefined);
  const missing = specs.find((s) => s.missing);
  if (!specs.length || missing) {
    console.log(`${archive}: not run (${missing?.missing ?? "no such question set"})`);
    continue;
  }
  const settings = resolveSettings({ corpus: specs[0]!.corpus, index: specs[0]!.index, workers: 1 }, {});
  const briefer = await openPipeline(settings);
  const embed: number[] = [];
  const retrieval: number[] = [];
  const select: number[] = [];
  const decide: number[] = [];
  const decideCpu: number[] = [];
  const spans: [number, number][] = [];
  const decideThread: number[] = [];
  const again: number[] = [];
  const slowest: [number, string][] = [];
  let vocabulary: number[] = [];
  // The leave-one-out questions meet indexes derived by deletion, as `briefing eval --leave-out` asks them.
  const batches: { index: BriefingIndex; questions: string[]; label: string }[] = [];
  for (const spec of specs) {
    const questions = spec.questions();
    if (!spec.leaveOut) {
      batches.push({ index: briefer.index, questions: questions.map((q) => q.question), label: spec.name });
      continue;
    }
    const { articles } = await loadCorpus(settings.corpus);
    const frontMatter = await readFrontMatterSources(articles);
    const texts = new Map<string, ArticleText>(articles.map((a) => [a.id, { text: a.text, keys: articleKeysOf(a, frontMatter.get(a.id)) }]));
    for (const batch of batchLeaveOut(planLeaveOut(questions, texts).planned, leaveOutCap(briefer.index.articles.size))) {
      const reduced = await BriefingIndex.open(settings.index, briefer.embeddings);
      for (const id of batch.remove) reduced.remove(id);
      batches.push({ index: reduced, questions: batch.questions.map((q) => q.question), label: spec.name });
    }
  }
  let warm = false;
  for (const { index, questions } of batches) {
    // Once per opened index: its vocabulary filed by first four letters (other forms of a name, article-terms.ts).
    const once = process.cpuUsage();
    const t0 = performance.now();
    index.lexical.termsStartingWith("none");
    const onceUsed = process.cpuUsage(once);
    if (index === briefer.index) vocabulary = [performance.now() - t0, (onceUsed.user + onceUsed.system) / 1000];
    // Warm up the model and the code (JIT, alias tables) on questions of no set, as bench/ask.ts does.
    for (const q of warm ? [] : ["What did the minister say about the budget?", "How many people attended the match?", "Who won the award?"]) {
      const r = await retrieve(index, Float32Array.from(await briefer.embeddings.embedQuery(q)), q, { k: settings.k });
      shouldAbstain(index, q, selectSentences(index, q, r.passages), { retrieval: r });
    }
    warm = true;
    for (const q of questions) {
      let t = performance.now();
      const vector = Float32Array.from(await briefer.embeddings.embedQuery(q));
      embed.push(performance.now() - t);
      t = performance.now();
      const r = await retrieve(index, vector, q, { k: settings.k });
      retrieval.push(performance.now() - t);
      t = performance.now();
      const chosen = selectSentences(index, q, r.passages);
      select.push(performance.now() - t);
      gc();
      const thread0 = threadMs?.() ?? 0;
      const cpu = process.cpuUsage();
      t = performance.now();
      shouldAbstain(index, q, chosen, { retrieval: r });
      decide.push(performance.now() - t);
      spans.push([t, performance.now()]);
      const used = process.cpuUsage(cpu);
      if (threadMs) decideThread.push(threadMs() - thread0);
      decideCpu.push((used.user + used.system) / 1000);
      slowest.push([decide[decide.length - 1]!, q]);
      // The same call again: what is left once this question's articles are read (wall; the scheduler's noise aside).
      t = performance.now();
      shouldAbstain(index, q, chosen, { retrieval: r });
      again.push(performance.now() - t);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // the observer reports collections asynchronously
  const paused = spans.map(([from, to]) => gcWithin(from, to));
  const ownCpu = decideCpu.map((ms, i) => Math.max(0, ms - paused[i]!));
  slowest.sort((a, b) => b[0] - a[0]);
  console.log(`${archive}: slowest decisions (wall ms): ${slowest.slice(0, 3).map(([ms, q]) => `${ms.toFixed(1)} "${q}"`).join("; ")}`);
  const counts = specs.map((s) => `${s.name} ${batches.filter((b) => b.label === s.name).reduce((n, b) => n + b.questions.length, 0)}`).join(" + ");
  const n = `${archive}, ${decide.length} questions (${counts}), ${briefer.index.articles.size} articles`;
  rows.push(
    [`${n}: one query embedding`, median(embed), percentile(embed, 95), ""],
    [`${n}: retrieval`, median(retrieval), percentile(retrieval, 95), "hybrid"],
    [`${n}: sentence selection`, median(select), percentile(select, 95), ""],
    [`${n}: abstention decision`, median(decide), percentile(decide, 95), "wall; target p95 ≤ 5"],
    [`${n}: abstention decision, CPU time`, median(decideCpu), percentile(decideCpu, 95), "process CPU time (all threads)"],
    ...(threadMs ? [[`${n}: abstention decision, main thread CPU time`, median(decideThread), percentile(decideThread, 95), "schedstat: the thread the decision runs on"]] : []),
    [`${n}: abstention decision, CPU time less GC pauses`, median(ownCpu), percentile(ownCpu, 95), `${paused.filter((x) => x > 0).length} of ${paused.length} decisions met a collection (max ${Math.max(...paused).toFixed(1)} ms)`],
    [`${n}: abstention decision, second call`, median(again), percentile(again, 95), "wall, its articles already read"],
    [`${n}: once per index, vocabulary by prefix`, vocabulary[0]!, vocabulary[1]!, "wall / CPU (columns), before the first question"],
  );
  await briefer.close();
}
console.log(table(["measure", "median ms", "p95 ms", "note"], rows));
console.log(`machine load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores${collect ? "; a full collection before each timed decision (--collect)" : ""}`);

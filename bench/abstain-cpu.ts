/**
 * `npx tsx bench/abstain-cpu.ts [--runs 3] bbc reuters`: the abstention decision's CPU time on each question's
 * first call (process CPU, all threads), on a loaded machine: each run is a fresh process (so every call is a
 * first call), and each question's figure is its minimum over the runs, which drops most of what other
 * processes and stray collections add. Prints median, p95 and sum per set. Set beside the same run of another
 * checkout (main) to compare code, not load; `bench/abstain.ts` gives the full picture at one run.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { shouldAbstain } from "../src/answer/abstain.js";
import { selectSentences } from "../src/answer/select.js";
import { resolveSettings } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { openPipeline } from "../src/pipeline.js";
import { retrieve } from "../src/retrieval/hybrid.js";
import { median, percentile } from "./stats.js";

const argv = process.argv.slice(2);
const runsAt = argv.indexOf("--runs");
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
const sets = argv.filter((a, i) => !a.startsWith("--") && (runsAt < 0 || i !== runsAt + 1));
const out = process.env.ABSTAIN_CPU_OUT;

if (!out) {
  // The driver: one child process per run, each writing its per-question figures to a file.
  const files = Array.from({ length: runs }, (_, i) => path.join(os.tmpdir(), `abstain-cpu-${process.pid}-${i}.json`));
  for (const file of files) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...sets], { env: { ...process.env, ABSTAIN_CPU_OUT: file }, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const read = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as Record<string, number[]>);
  files.forEach((f) => rmSync(f, { force: true }));
  for (const set of Object.keys(read[0]!)) {
    const mins = read[0]![set]!.map((_, i) => Math.min(...read.map((r) => r[set]![i]!)));
    console.log(`${set}: ${mins.length} questions, decision CPU ms (each question's minimum of ${runs} runs): median ${median(mins).toFixed(2)}, p95 ${percentile(mins, 95).toFixed(2)}, sum ${mins.reduce((a, b) => a + b, 0).toFixed(1)}`);
  }
  console.log(`machine load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
} else {
  const rec: Record<string, number[]> = {};
  for (const name of sets) {
    const set = abstentionSets().find((s) => s.name === name);
    if (!set || set.missing) {
      console.error(`${name}: not run (${set?.missing ?? "no such set"})`);
      continue;
    }
    const settings = resolveSettings({ corpus: set.corpus, index: set.index, workers: 1 }, {});
    const briefer = await openPipeline(settings);
    // Once per index, before the first question (as bench/abstain.ts). A checkout from before index.lexical
    // (main at 0a25d14) asked the index itself: tolerated, so this file measures both sides of a change.
    const index = briefer.index as unknown as { lexical?: { termsStartingWith(p: string): unknown }; termsStartingWith?(p: string): unknown };
    (index.lexical ?? (index as { termsStartingWith(p: string): unknown })).termsStartingWith("none");
    const prepared = [];
    for (const q of set.questions().map((q) => q.question)) {
      const r = await retrieve(briefer.index, Float32Array.from(await briefer.embeddings.embedQuery(q)), q, { k: settings.k });
      prepared.push({ q, r, chosen: selectSentences(briefer.index, q, r.passages) });
    }
    for (const q of ["What did the minister say about the budget?", "How many people attended the match?", "Who won the award?"]) {
      const r = await retrieve(briefer.index, Float32Array.from(await briefer.embeddings.embedQuery(q)), q, { k: settings.k });
      shouldAbstain(briefer.index, q, selectSentences(briefer.index, q, r.passages), { retrieval: r });
    }
    rec[name] = prepared.map(({ q, r, chosen }) => {
      const c = process.cpuUsage();
      shouldAbstain(briefer.index, q, chosen, { retrieval: r });
      const u = process.cpuUsage(c);
      return (u.user + u.system) / 1000;
    });
    await briefer.close();
  }
  writeFileSync(out, JSON.stringify(rec));
}

/**
 * `npx tsx bench/hybrid-ask.ts CORPUS INDEX [--embeddings hybrid|use-lite] [--n 40]`: warm question latency
 * of one embedder on a built index, as `npm run bench:corpus` asks them (40 article titles, "What happened:
 * TITLE?", one process, the first 5 asked once to warm up), with the hybrid's per-question cost beside it:
 * the USE-Lite sentences each question embeds exactly (its dense pool and retrieved passages, on first
 * touch) and one query embedding measured in the same loop. Prints p50 / p95 of wall and process CPU.
 */
import { cpuUsage } from "node:process";
import { resolveSettings } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load.js";
import type { HybridEmbeddings } from "../src/embedding/static-hybrid.js";
import { openPipeline } from "../src/pipeline.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const [corpus, index] = args;
const embeddings = flag("--embeddings") ?? "hybrid";
const n = Number(flag("--n") ?? 40);
const { articles } = await loadCorpus(corpus);
const questions = articles.filter((_, i) => i % Math.max(1, Math.floor(articles.length / n)) === 0).slice(0, n).map((a) => `What happened: ${a.title}?`);
const briefer = await openPipeline(resolveSettings({ corpus, index, embeddings }), { refresh: false });
const exact = () => (briefer.embeddings as Partial<HybridEmbeddings>).exactEmbedded ?? 0;
for (const q of questions.slice(0, 5)) await briefer.ask(q);
const wall: number[] = [];
const cpu: number[] = [];
const embedMs: number[] = [];
const sentences: number[] = [];
for (const q of questions) {
  let t = performance.now();
  await briefer.embeddings.embedQuery(q);
  embedMs.push(performance.now() - t);
  const before = exact();
  const c = cpuUsage();
  t = performance.now();
  await briefer.ask(q);
  wall.push(performance.now() - t);
  const used = cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
  sentences.push(exact() - before);
}
await briefer.close();
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} / p95 ${pct(xs, 95).toFixed(1)}`;
console.log(`${embeddings} on ${index}: ${questions.length} warm questions (load ${(await import("node:os")).loadavg()[0].toFixed(1)})`);
console.log(`  question wall ms ${f(wall)}; process CPU ms ${f(cpu)}`);
console.log(`  one query embedding ms ${f(embedMs)}`);
console.log(`  USE-Lite sentences embedded exactly per question: ${f(sentences)}, mean ${(sentences.reduce((a, b) => a + b, 0) / sentences.length).toFixed(1)}`);

/**
 * `npm run bench:briefings` (and the tail of `npm run bench`): warm overview and timeline latency on the
 * Reuters subset (scripts/briefings/reuters-subset.ts, indexed once with `briefing ingest`), beside the
 * raw cost of the parts measured in the same run: one query embedding and one hnswlib search.
 *
 *   npx tsx bench/briefings.ts [subset-dir]
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPipeline } from "../src/pipeline.js";
import { resolveSettings } from "../src/config.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const corpus = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), "briefing-reuters-subset"));
if (!existsSync(corpus)) {
  console.log(`Briefing bench skipped: no Reuters subset at ${corpus} (run \`npx tsx scripts/briefings/reuters-subset.ts\`, then \`npm run briefing -- ingest --corpus ${corpus}\`).`);
  process.exit(0);
}
const gold = readFileSync(path.join(root, "evals/briefings/reuters.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { kind: string; question: string });
const settings = resolveSettings({ corpus });
const briefer = await openPipeline(settings, { refresh: false }).catch((e: Error) => {
  console.log(`Briefing bench skipped: ${e.message} (run \`npm run briefing -- ingest --corpus ${corpus}\` first: it embeds about 17,700 sentences).`);
  process.exit(0);
});
const ROUNDS = 3;
const kinds: Record<string, number[]> = { overview: [], timeline: [], "whats-new": [] };
// CPU time of the process beside wall time: on a machine shared by many, wall time is mostly waiting for a core.
const cpu: Record<string, number[]> = { overview: [], timeline: [], "whats-new": [], embed: [] };
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const loadBefore = os.loadavg()[0];
const embedMs: number[] = [];
const searchMs: number[] = [];
for (const g of gold) await briefer.ask(g.question); // warm: every question once
for (let r = 0; r < ROUNDS; r++) {
  for (const g of gold) {
    let t = performance.now();
    let c = process.cpuUsage();
    const v = await briefer.embeddings.embedQuery(g.question);
    embedMs.push(performance.now() - t);
    cpu.embed.push(cpuMs(c));
    t = performance.now();
    briefer.index.rawGraphSearch(v, 40);
    searchMs.push(performance.now() - t);
    t = performance.now();
    c = process.cpuUsage();
    await briefer.ask(g.question);
    kinds[g.kind].push(performance.now() - t);
    cpu[g.kind].push(cpuMs(c));
  }
}
console.log(`Reuters subset ${corpus}: ${briefer.index.articles.size} articles, ${briefer.index.passages.size} passages; ${gold.length} gold questions × ${ROUNDS}; load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
console.log(
  table(
    ["measure", "median ms", "p95 ms", "CPU median ms", "CPU p95 ms", "note"],
    [
      ["raw: one query embedding", median(embedMs), percentile(embedMs, 95), median(cpu.embed), percentile(cpu.embed, 95), ""],
      ["raw: one hnswlib search (k=40)", median(searchMs), percentile(searchMs, 95), "", "", ""],
      ...Object.entries(kinds).map(([k, xs]) => [`warm ${k} briefing`, median(xs), percentile(xs, 95), median(cpu[k]), percentile(cpu[k], 95), `${(median(xs) / median(embedMs)).toFixed(1)}× one embedding${k === "whats-new" ? "" : "; target p95 ≤ 300"}`] as (string | number)[]),
    ],
  ),
);
await briefer.close();

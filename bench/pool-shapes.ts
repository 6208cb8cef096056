/**
 * `npx tsx bench/pool-shapes.ts [DIR] [--shapes 32x768,16x384,64x1536] [--sample N] [--rounds N]`: whether
 * another batch shape (rows and padded tokens per model call) makes two busy cores cheaper. Raw USE-Lite
 * in two separate processes (pool-ceiling.ts), one alone and then both at once, per shape, alternating;
 * medians of CPU seconds per 1,000 sentences (robust to a shared machine) and of the wall ratio.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCorpus } from "../src/corpus/load.js";
import { splitSentences } from "../src/text/sentences.js";
import { pairRun, RawProcess } from "./pool-ceiling.js";
import { median, table } from "./stats.js";

const args = process.argv.slice(2);
const valued = new Set(["--shapes", "--sample", "--rounds"]);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const corpus = path.resolve(args.find((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? "")) ?? path.join(import.meta.dirname, "../../shared/corpora/bbc"));
if (!existsSync(corpus)) {
  console.error(`pool-shapes: no corpus at ${corpus}; pass a folder`);
  process.exit(1);
}
const shapes = option("--shapes", "32x768,16x384,64x1536").split(",").map((s) => {
  const [rows, budget] = s.split("x").map(Number);
  return { name: s, rows: rows!, budget: budget! };
});
const wanted = Number(option("--sample", "400"));
const rounds = Number(option("--rounds", "3"));
const { articles } = await loadCorpus(corpus);
const sentences = [...new Set(articles.flatMap((a) => splitSentences(a.text).map((s) => s.text)))];
const sample = sentences.filter((_, i) => i % Math.max(1, Math.floor(sentences.length / wanted)) === 0).slice(0, wanted);
const procs = [new RawProcess(), new RawProcess()] as const;
await Promise.all(procs.map((p) => p.ready));
for (const shape of shapes) await Promise.all(procs.map((p) => p.run(sample, shape))); // each shape's kernels and heap, once
const loads: string[] = [];
const res = new Map(shapes.map((s) => [s.name, { alone: [] as number[], pair: [] as number[], ratio: [] as number[] }]));
for (let round = 0; round < rounds; round++) {
  loads.push(os.loadavg()[0].toFixed(1));
  console.error(`  round ${round + 1} of ${rounds} (load ${loads.at(-1)}) …`);
  for (const shape of shapes) {
    const r = res.get(shape.name)!;
    const alone = await procs[round % 2]!.run(sample, shape);
    const pair = await pairRun(procs[0], procs[1], sample, shape);
    r.alone.push(alone.cpuMs / sample.length);
    r.pair.push(...pair.runs.map((x) => x.cpuMs / sample.length));
    r.ratio.push((2 * alone.ms) / pair.ms);
  }
}
procs.forEach((p) => p.close());
console.log(`corpus ${corpus}: sample ${sample.length}; load ${loads.join(" / ")} at each round`);
console.log(
  table(
    ["rows × tokens per call", "CPU s / 1,000 alone", "each of 2 at once", "at once ÷ alone", "wall: 2 at once ÷ 1 alone"],
    shapes.map((s) => {
      const r = res.get(s.name)!;
      return [s.name, median(r.alone).toFixed(2), median(r.pair).toFixed(2), (median(r.pair) / median(r.alone)).toFixed(3), `${median(r.ratio).toFixed(2)}×`];
    }),
  ),
);

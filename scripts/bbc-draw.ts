/**
 * Draws BBC articles (a fixed seed, so the same on every machine) to write new eval questions
 * against: evals/bbc-more.jsonl was written from this draw, one or two questions per article,
 * each checked against the article's text. Articles already asked about by evals/bbc*.jsonl are
 * skipped, so the new questions meet other stories.
 *
 *   npx tsx scripts/bbc-draw.ts [--corpus ../shared/corpora/bbc] [--n 16] [--seed 12] [--print]
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { mulberry32 } from "../src/eval/squad.js";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "../shared/corpora/bbc" },
    n: { type: "string", default: "16" },
    seed: { type: "string", default: "12" },
    print: { type: "boolean", default: false },
  },
});
const corpus = values.corpus!;
const asked = new Set<string>();
for (const f of readdirSync("evals").filter((x) => x.startsWith("bbc") && x.endsWith(".jsonl"))) {
  for (const l of readFileSync(path.join("evals", f), "utf8").split("\n").filter((x) => x.trim())) {
    for (const a of (JSON.parse(l) as { expected_articles?: string[] }).expected_articles ?? []) asked.add(a);
  }
}
const all = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(corpus, d.name)).filter((f) => f.endsWith(".txt")).map((f) => `${d.name}/${f}`))
  .sort();
// Fisher–Yates with the eval's seeded PRNG.
const random = mulberry32(Number(values.seed));
const order = [...all];
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const drawn = order.filter((a) => !asked.has(a)).slice(0, Number(values.n));
for (const a of drawn) {
  console.log(a);
  if (values.print) console.log(readFileSync(path.join(corpus, a), "utf8").trim() + "\n");
}

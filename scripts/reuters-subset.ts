/**
 * The Reuters eval corpus: the stories evals/reuters.jsonl asks about (expected and `related`, the
 * stories that mention every name its unanswerable questions use) plus a fixed random draw of
 * other stories as distractors. Embedding all 19,035 stories takes ~25 min of both cores; this
 * subset (~1,900 stories) takes a few minutes and keeps every question's names in the corpus.
 * The draw fills the subset up to a fixed size (1,787: the 287 stories the first 46 questions named
 * plus 1,500), so questions added later over stories already in it leave the subset, and its index,
 * unchanged; `--distractors N` instead draws N beyond the named stories (the old behaviour).
 *
 *   npx tsx scripts/reuters-subset.ts [--source ../shared/corpora/reuters/reuters-21578.jsonl] [--out .briefing/reuters/subset] [--size 1787 | --distractors 1500] [--seed 7]
 * then
 *   npm run --silent briefing -- eval --set evals/reuters.jsonl --corpus .briefing/reuters/subset
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { mulberry32 } from "../src/eval/squad.js";

const { values } = parseArgs({
  options: {
    source: { type: "string", default: "../shared/corpora/reuters/reuters-21578.jsonl" },
    set: { type: "string", default: "evals/reuters.jsonl" },
    out: { type: "string", default: ".briefing/reuters/subset" },
    size: { type: "string", default: "1787" },
    distractors: { type: "string" },
    seed: { type: "string", default: "7" },
  },
});
if (!existsSync(values.source!)) {
  console.error(`${values.source} does not exist: pass --source with the path to reuters-21578.jsonl`);
  process.exit(1);
}
const lines = readFileSync(values.source!, "utf8").split("\n").filter((l) => l.trim());
const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
const wanted = new Set<string>();
for (const l of readFileSync(values.set!, "utf8").split("\n").filter((x) => x.trim())) {
  const q = JSON.parse(l) as { expected_articles: string[]; related?: string[] };
  for (const id of [...q.expected_articles, ...(q.related ?? [])]) wanted.add(id);
}
// Fisher–Yates with the eval's seeded PRNG: the same draw on every machine.
const random = mulberry32(Number(values.seed));
const order = ids.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const keep = new Set(ids.flatMap((id, i) => (wanted.has(id) ? [i] : [])));
const size = values.distractors !== undefined ? wanted.size + Number(values.distractors) : Number(values.size);
for (const i of order) {
  if (keep.size >= size) break;
  keep.add(i);
}
const text = [...keep].sort((a, b) => a - b).map((i) => lines[i]).join("\n") + "\n";
mkdirSync(values.out!, { recursive: true });
const file = path.join(values.out!, "reuters-subset.jsonl");
if (!existsSync(file) || readFileSync(file, "utf8") !== text) writeFileSync(file, text);
console.log(`${file}: ${keep.size} stories (${wanted.size} named by ${values.set}, the rest drawn with seed ${values.seed})`);

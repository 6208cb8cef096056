/**
 * Hand-checked sentence boundaries on Reuters-21578 (issue 10): 20 stories drawn with a fixed
 * seed, whose prose sentences were read and marked by hand. `evals/reuters-boundaries.json` holds
 * only ids and offsets (no Reuters text); offsets are into Article.text as the loader builds it.
 *
 *   npx tsx test/support/reuters-boundaries.ts show    # print the drawn stories, with line offsets, to check by hand
 *   npx tsx test/support/reuters-boundaries.ts score   # how the splitter's boundaries match the gold
 *
 * Sign-off lines (REUTER, MORE) and earnings-table lines (`Shr 34 cts vs 1.19 dlrs`) are not prose
 * sentences, so the gold lists none for them; the splitter must not return them as sentences either.
 */
import { createReadStream, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Article } from "../../src/corpus/types.js";
import { parseJsonlLines } from "../../src/corpus/formats/json.js";
import { splitSentences } from "../../src/text/sentences.js";
import { mulberry32 } from "../../src/eval/squad.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const REUTERS = path.resolve(ROOT, "../shared/corpora/reuters/reuters-21578.jsonl");
export const GOLD_FILE = path.join(ROOT, "evals/reuters-boundaries.json");
export const SEED = 20261130;
export const STORIES = 20;

export interface Gold {
  seed: number;
  note: string;
  stories: { id: string; sentences: [number, number][] }[];
}


/** `count` distinct record numbers (0-based lines) out of `total`, drawn with `seed`. */
export function drawLines(total: number, count = STORIES, seed = SEED): number[] {
  const next = mulberry32(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(count, total)) picked.add(Math.floor(next() * total));
  return [...picked];
}

/** The drawn stories as the loader reads them, in draw order. */
export async function drawnStories(file = REUTERS): Promise<Article[]> {
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim());
  const wanted = drawLines(lines.length);
  const { articles } = await parseJsonlLines(wanted.map((i) => lines[i]!), file);
  return articles;
}

/** Gold articles by id, read from the corpus file by streaming (ids, not line numbers, are the key). */
export async function storiesById(ids: string[], file = REUTERS): Promise<Map<string, Article>> {
  const want = new Set(ids);
  const found: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
    const m = /"id":\s*"([^"]+)"/.exec(line);
    if (m && want.has(m[1]!)) found.push(line);
  }
  const { articles } = await parseJsonlLines(found, file);
  return new Map(articles.map((a) => [JSON.parse(found[articles.indexOf(a)]!).id as string, a]));
}

/** The splitter's prose sentences of a whole article as [start, end]. */
export function predicted(text: string): [number, number][] {
  return splitSentences(text)
    .filter((s) => s.kind === "sentence")
    .map((s) => [s.start, s.end]);
}

/**
 * Boundaries are each sentence's start and end offset. Recall: gold boundaries the splitter also
 * has; precision: the splitter's boundaries that are in the gold.
 */
export function score(gold: [number, number][], got: [number, number][]): { goldN: number; gotN: number; matched: number; precise: number } {
  const ends = (spans: [number, number][]) => spans.flatMap(([s, e]) => [`s${s}`, `e${e}`]);
  const g = ends(gold);
  const p = ends(got);
  const gs = new Set(g);
  const ps = new Set(p);
  return { goldN: g.length, gotN: p.length, matched: g.filter((b) => ps.has(b)).length, precise: p.filter((b) => gs.has(b)).length };
}

export function readGold(): Gold {
  return JSON.parse(readFileSync(GOLD_FILE, "utf8")) as Gold;
}

async function main(): Promise<void> {
  const cmd = process.argv[2];
  if (!existsSync(REUTERS)) throw new Error(`${REUTERS} is absent`);
  if (cmd === "show") {
    for (const a of await drawnStories()) {
      console.log(`=== ${a.source} (${a.text.length} chars)`);
      let at = 0;
      for (const line of a.text.split("\n")) {
        console.log(`${String(at).padStart(5)}| ${line}`);
        at += line.length + 1;
      }
    }
  } else if (cmd === "score") {
    const gold = readGold();
    const byId = await storiesById(gold.stories.map((s) => s.id));
    let goldN = 0, gotN = 0, matched = 0, precise = 0;
    for (const s of gold.stories) {
      const a = byId.get(s.id)!;
      const r = score(s.sentences, predicted(a.text));
      goldN += r.goldN; gotN += r.gotN; matched += r.matched; precise += r.precise;
      if (r.matched < r.goldN || r.precise < r.gotN) {
        const gs = new Set(s.sentences.flatMap(([x, y]) => [`s${x}`, `e${y}`]));
        const miss = predicted(a.text).filter(([x, y]) => !gs.has(`s${x}`) || !gs.has(`e${y}`));
        console.log(`${s.id}: ${r.matched}/${r.goldN} gold boundaries found, ${r.precise}/${r.gotN} predicted in gold`);
        if (process.argv[3] === "-v") for (const [x, y] of miss) console.log(`   predicted [${x}, ${y}] ${JSON.stringify(a.text.slice(x, y))}`);
      }
    }
    console.log(`recall ${(matched / goldN).toFixed(3)} (${matched}/${goldN}) · precision ${(precise / gotN).toFixed(3)} (${precise}/${gotN})`);
  } else {
    console.log("usage: tsx test/support/reuters-boundaries.ts show|score [-v]");
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();

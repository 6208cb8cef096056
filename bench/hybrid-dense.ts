/**
 * `npx tsx bench/hybrid-dense.ts USE_LITE_INDEX HYBRID_INDEX (--squad FILE [--sample N --seed S] | --set FILE)
 *  [--pool DENSE:EXACT[:LEXICAL] ...]`: how the hybrid embedder's retrieval compares with USE-Lite's on one question
 * set, without running the answer: gold article @1 / @5 and where the rankings differ, for each
 * (dense pool, exact pool) setting. The exact vectors a question would embed are read from the
 * complete USE-Lite index (by sentence text), so a setting costs no USE-Lite run beyond one query
 * vector per question (cached beside the hybrid index's parent); "exact" counts the sentences
 * the hybrid would have embedded with USE-Lite (the per-question cost), over all questions.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { searchOf, searchText, understand } from "../src/conversation/understand.js";
import { cleanQuestion } from "../src/answer/question.js";
import { loadHybridEmbeddings } from "../src/embedding/static-hybrid.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { readSquad, sampleSquad, splitSample } from "../src/eval/squad.js";
import { parseEvalSet } from "../src/eval/evalSet.js";
import { sentenceText } from "../src/index/passage.js";
import { BriefingIndex } from "../src/index/store.js";
import { retrieve } from "../src/retrieval/hybrid.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const [useDir, hybDir] = args;
const squad = flag("--squad");
const setFile = flag("--set");
const questions = squad
  ? sampleSquad(readSquad(squad), { ...splitSample(Number(flag("--sample") ?? 400), 0.75), seed: Number(flag("--seed") ?? 1) })
  : parseEvalSet(readFileSync(setFile!, "utf8"), setFile!);
const answerable = questions.filter((q) => q.answerable);
const pools = args.flatMap((a, i) => (args[i - 1] === "--pool" ? [a.split(":").map(Number) as number[]] : []));

const use = new UseLiteEmbeddings();
const hybrid = await loadHybridEmbeddings();
const useIndex = await BriefingIndex.open(useDir, use);
if (useIndex.semantic.embedded < useIndex.semantic.total) throw new Error(`${useDir}: USE-Lite layer incomplete`);
const exact = new Map<string, Float32Array>();
for (const p of useIndex.passages.values()) p.sentences.forEach((_, i) => exact.set(sentenceText(p, i), useIndex.sentenceVector(p, i)));

// Query vectors, cached: the only USE-Lite work here.
const cacheFile = path.join(path.dirname(hybDir), `qvec-${path.basename(squad ?? setFile!)}.json`);
const cached: Record<string, number[]> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, "utf8")) : {};
const texts = answerable.map((q) => searchText(searchOf(understand(cleanQuestion(q.question), []))));
for (const t of texts) cached[t] ??= await use.embedQuery(t);
writeFileSync(cacheFile, JSON.stringify(cached));

const gold = (q: (typeof answerable)[number], articleId: string, source: string) => q.expected_articles.some((k) => articleId.endsWith(k) || source.endsWith(k));

async function run(index: BriefingIndex, pool?: number[]) {
  let exactCount = 0;
  const ranks: number[] = [];
  const lists: string[] = [];
  for (const [j, q] of answerable.entries()) {
    const r = await retrieve(index, Float32Array.from(cached[texts[j]]), texts[j], {
      k: 5,
      ...(pool
        ? {
            approximate: true,
            densePool: pool[0],
            exactPool: pool[1],
            ...(pool[2] !== undefined ? { lexicalPool: pool[2] } : {}),
            ...(pool[3] !== undefined ? { denseKeep: pool[3] } : {}),
            embedMissing: async (ts: string[]) => ((exactCount += ts.length), ts.map((t) => exact.get(t)!)),
          }
        : {}),
    });
    ranks.push(r.passages.findIndex((p) => gold(q, p.articleId, p.source)));
    lists.push(r.passages.map((p) => p.id).join(" "));
  }
  return { ranks, exactCount, lists };
}
const base = await run(useIndex);
const show = (name: string, x: { ranks: number[]; exactCount: number; lists: string[] }) => {
  const other = x.lists.filter((l, i) => l !== base.lists[i]).length;
  const at = (k: number) => (x.ranks.filter((r) => r >= 0 && r < k).length / x.ranks.length).toFixed(3);
  const diff = x.ranks.map((r, i) => (r === base.ranks[i] ? null : `${answerable[i].id}:${base.ranks[i]}→${r}`)).filter(Boolean);
  console.log(`${name.padEnd(16)} @1 ${at(1)} @5 ${at(5)} exact sentences ${x.exactCount} (${(x.exactCount / x.ranks.length).toFixed(1)}/q); other top-5 on ${other}; gold rank differs on ${diff.length}: ${diff.slice(0, 12).join(" ")}`);
};
show("use-lite", base);
for (const pool of pools) {
  const index = await BriefingIndex.open(hybDir, hybrid); // fresh: no exact vectors kept from another setting
  show(pool.join(":"), await run(index, pool));
}
await use.close();
await hybrid.close();

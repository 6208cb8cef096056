/**
 * `npx tsx bench/hybrid-why.ts USE_LITE_INDEX HYBRID_INDEX EXACT_INDEX --set FILE --id QID [--pool DENSE:EXACT:LEXICAL]`:
 * where one question's gold passages sit in each list the fusion reads, under USE-Lite and under the
 * hybrid embedder: USE-Lite's graph, the static graph, BM25 (passages, articles), the hybrid's exact
 * re-ranking of its pool, and both final top-5s. Exact vectors are read by sentence text from
 * EXACT_INDEX (a complete USE-Lite index holding the same texts; may equal USE_LITE_INDEX).
 */
import { readFileSync } from "node:fs";
import { searchOf, searchText, understand } from "../src/conversation/understand.js";
import { cleanQuestion } from "../src/answer/question.js";
import { loadHybridEmbeddings } from "../src/embedding/static-hybrid.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { dot, unitMean } from "../src/embedding/vectors.js";
import { parseEvalSet } from "../src/eval/evalSet.js";
import { sentenceText, type IndexedPassage } from "../src/index/passage.js";
import { BriefingIndex } from "../src/index/store.js";
import { retrieve } from "../src/retrieval/hybrid.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const [useDir, hybDir, exactDir] = args;
const ids = new Set(flag("--id")!.split(","));
const pool = (flag("--pool") ?? "40:40:10").split(":").map(Number);
const use = new UseLiteEmbeddings();
const hybrid = await loadHybridEmbeddings();
const useIndex = await BriefingIndex.open(useDir, use);
const exactIndex = exactDir === useDir ? useIndex : await BriefingIndex.open(exactDir, use);
const exact = new Map<string, Float32Array>();
for (const p of exactIndex.passages.values()) p.sentences.forEach((_, i) => exact.set(sentenceText(p, i), exactIndex.sentenceVector(p, i)));
const hyb = await BriefingIndex.open(hybDir, hybrid);
const setFile = flag("--set")!;
for (const q of parseEvalSet(readFileSync(setFile, "utf8"), setFile).filter((x) => ids.has(x.id))) {
  const text = searchText(searchOf(understand(cleanQuestion(q.question), [])));
  const qv = Float32Array.from(await use.embedQuery(text));
  const gold = (p: { articleId: string }) => q.expected_articles.some((k) => p.articleId.endsWith(k));
  const exactSims = (p: IndexedPassage) => p.sentences.map((_, i) => dot(qv, exact.get(sentenceText(p, i))!));
  const exactPassage = (p: IndexedPassage) => dot(qv, unitMean(p.sentences.map((_, i) => exact.get(sentenceText(p, i))!), 512));
  const where = (list: IndexedPassage[]) => list.flatMap((p, r) => (gold(p) ? [`${r}`] : [])).join(",") || "-";
  console.log(`${q.id} "${q.question}" search text "${text}"`);
  for (const [name, index] of [["use-lite", useIndex], ["hybrid", hyb]] as const) {
    const graph = await index.denseSearch(qv, 200);
    const bm = index.lexical.search(text, 40).map((h) => h.passage);
    const art = index.lexical.articleSearch(text, 40).map((h) => h.articleId);
    console.log(`  ${name}: graph(200) gold at ${where(graph)}; BM25 passages at ${where(bm)}; BM25 articles at ${art.flatMap((a, r) => (q.expected_articles.some((k) => a.endsWith(k)) ? [r] : [])).join(",") || "-"}`);
    if (name === "hybrid") {
      const cand = [...new Set([...graph.slice(0, pool[1]), ...bm.slice(0, pool[2])])];
      const byExact = [...cand].sort((a, b) => exactPassage(b) - exactPassage(a));
      const kept = byExact.slice(0, 40);
      const ranked = [...kept].sort((a, b) => Math.max(...exactSims(b)) - Math.max(...exactSims(a)));
      const g = cand.filter(gold);
      console.log(`  hybrid pool ${pool.join(":")}: ${cand.length} candidates; gold by exact passage vector at ${where(byExact)}; dense list (best sentence) at ${where(ranked)}; gold best-sentence sims ${g.map((p) => Math.max(...exactSims(p)).toFixed(3)).join(",")}, passage sims ${g.map((p) => exactPassage(p).toFixed(3)).join(",")}`);
      const useGraph = (await useIndex.denseSearch(qv, 40)).map((p) => p.text);
      const candTexts = new Set(cand.map((p) => p.text));
      console.log(`  USE-Lite's 40 nearest in the hybrid pool: ${useGraph.filter((t) => candTexts.has(t)).length}/40; static top 40 holds ${graph.slice(0, 40).filter((p) => useGraph.includes(p.text)).length}`);
    }
    const r = await retrieve(index, qv, text, {
      k: 5,
      ...(name === "hybrid" ? { approximate: true, densePool: pool[0], exactPool: pool[1], lexicalPool: pool[2], embedMissing: async (ts: string[]) => ts.map((t) => exact.get(t)!) } : {}),
    });
    for (const p of r.passages) console.log(`    ${gold(p) ? "*" : " "} ${p.score.toFixed(5)} dense ${p.dense?.toFixed(3)} bm25 ${p.bm25?.toFixed(2)} ${p.articleId.split("#")[1]} ${p.title.slice(0, 50)}`);
  }
}
await use.close();
await hybrid.close();

/**
 * `npx tsx bench/hybrid-keep.ts USE_LITE_INDEX HYBRID_INDEX SET_FILE`: how many of the hybrid's exact pool
 * (the static graph's 40 nearest and BM25's best 10 passages), ordered by exact passage vector, are among
 * USE-Lite's true 40 nearest — the share of the pool's nearest k that are (precision) and the share of
 * USE-Lite's 40 they hold (recall), for k = 10…40: what `DENSE_KEEP` in src/retrieval/hybrid.ts was chosen
 * by. Exact vectors are read from the USE-Lite index by sentence text.
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
const [useDir, hybDir, setFile] = process.argv.slice(2);
const use = new UseLiteEmbeddings();
const hybrid = await loadHybridEmbeddings();
const u = await BriefingIndex.open(useDir, use);
const h = await BriefingIndex.open(hybDir, hybrid);
const exact = new Map<string, Float32Array>();
for (const p of u.passages.values()) p.sentences.forEach((_, i) => exact.set(sentenceText(p, i), u.sentenceVector(p, i)));
const qs = parseEvalSet(readFileSync(setFile, "utf8"), setFile);
const rows: number[][] = [];
for (const q of qs) {
  const text = searchText(searchOf(understand(cleanQuestion(q.question), [])));
  const qv = Float32Array.from(await use.embedQuery(text));
  const ps = (p: IndexedPassage) => dot(qv, unitMean(p.sentences.map((_, i) => exact.get(sentenceText(p, i))!), 512));
  const truth = (await u.denseSearch(qv, 40)).map((p) => p.text);
  const truthSet = new Set(truth);
  const static40 = await h.denseSearch(qv, 40);
  const lex = h.lexical.search(text, 10).map((x) => x.passage);
  const pool = [...new Set([...static40, ...lex])];
  const order = [...pool].sort((a, b) => ps(b) - ps(a));
  // For each pool rank r (0-based), is the passage in USE-Lite's true 40?
  rows.push(order.map((p) => (truthSet.has(p.text) ? 1 : 0)));
}
// precision of the top-k of the pool ordering (share in USE-Lite's true 40), and recall of the true 40.
for (const k of [10, 15, 20, 25, 30, 35, 40]) {
  const prec = rows.map((r) => r.slice(0, k).reduce((a, b) => a + b, 0) / Math.min(k, r.length));
  const rec = rows.map((r) => r.slice(0, k).reduce((a, b) => a + b, 0) / 40);
  console.log(`keep ${k}: precision ${(prec.reduce((a, b) => a + b) / prec.length).toFixed(3)} recall of true 40 ${(rec.reduce((a, b) => a + b) / rec.length).toFixed(3)}`);
}
await use.close(); await hybrid.close();

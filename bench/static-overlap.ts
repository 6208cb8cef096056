/**
 * `npx tsx bench/static-overlap.ts USE_LITE_INDEX QUERY_VECTORS.json MODEL.bin...`: how well a static model ranks passages
 * like USE-Lite: for each cached question vector (bench/hybrid-dense.ts writes them), the share of USE-Lite's 40 nearest
 * passages (exact passage vectors, brute force) found among the static model's nearest 40, 100 and 200.
 */
import { readFileSync } from "node:fs";
import { sentenceText } from "../src/index/passage.js";
import { BriefingIndex } from "../src/index/store.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { embedStatic, readStaticModel } from "../src/embedding/static-model.js";
import { loadTokenizer } from "../src/embedding/use-lite-model.js";
import { dot, unitMean } from "../src/embedding/vectors.js";
const [useDir, qfile, ...models] = process.argv.slice(2);
const ui = await BriefingIndex.open(useDir, new UseLiteEmbeddings());
const qv = Object.values(JSON.parse(readFileSync(qfile, "utf8")) as Record<string, number[]>).map((v) => Float32Array.from(v));
const passages = [...ui.passages.values()];
const exactPV = passages.map((p) => unitMean(p.sentences.map((_, i) => ui.sentenceVector(p, i)), 512));
const tok = await loadTokenizer();
const top = (pv: Float32Array[], q: Float32Array, k: number) => pv.map((v, i) => [dot(q, v), i]).sort((a, b) => b[0] - a[0]).slice(0, k).map((x) => x[1]);
for (const file of models) {
  const m = readStaticModel(file);
  const pv = passages.map((p) => unitMean(p.sentences.map((_, i) => embedStatic(m, tok, sentenceText(p, i))), 512));
  let o40 = 0, r100 = 0, r200 = 0, top10in40 = 0;
  for (const q of qv) {
    const e = top(exactPV, q, 40);
    const s = top(pv, q, 200);
    const s40 = new Set(s.slice(0, 40)), s100 = new Set(s.slice(0, 100)), s200 = new Set(s);
    o40 += e.filter((i) => s40.has(i)).length / 40;
    r100 += e.filter((i) => s100.has(i)).length / 40;
    r200 += e.filter((i) => s200.has(i)).length / 40;
    top10in40 += e.slice(0, 10).filter((i) => s40.has(i)).length / 10;
  }
  const n = qv.length;
  console.log(`${file}: USE-Lite top-40 found in static top-40 ${(o40 / n).toFixed(3)}, top-100 ${(r100 / n).toFixed(3)}, top-200 ${(r200 / n).toFixed(3)}; USE-Lite top-10 in static top-40 ${(top10in40 / n).toFixed(3)}`);
}

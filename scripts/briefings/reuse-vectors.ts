/**
 * One-off used on 2026-11-30: brings an index of an older format or text pipeline up to date by running the
 * ordinary ingest with an embedder that returns the old generation's stored vector for every sentence whose
 * text is unchanged (same model, same text, same vector) and embeds only the rest (evals/README.md, "The index used").
 * Reads docstore.json and sentences.f32 of a format-2/3 generation (copy it aside first: the ingest prunes it).
 *
 *   npx tsx scripts/briefings/reuse-vectors.ts <old generation folder> <corpus folder>
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createEmbeddings } from "../../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../../src/embedding/types.js";
import { ingest } from "../../src/index/build.js";
import { resolveSettings } from "../../src/config.js";
const [oldGen, corpus] = process.argv.slice(2);
const docs = JSON.parse(readFileSync(path.join(oldGen, "docstore.json"), "utf8")) as [string, { pageContent: string; metadata: { start: number; sentences: [number, number, number][]; row: number } }][];
const buf = readFileSync(path.join(oldGen, "sentences.f32"));
const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const d = 512;
const known = new Map<string, Float32Array>();
for (const [, doc] of docs) doc.metadata.sentences.forEach(([s, e], i) => known.set(doc.pageContent.slice(s - doc.metadata.start, e - doc.metadata.start), all.slice((doc.metadata.row + i) * d, (doc.metadata.row + i + 1) * d)));
console.log(`old vectors: ${known.size} distinct texts`);
const settings = resolveSettings({ corpus });
const real = await createEmbeddings(settings.embeddings);
let hits = 0, misses = 0;
const rows = async (texts: string[]): Promise<Float32Array[]> => {
  const miss = texts.filter((t) => !known.has(t));
  hits += texts.length - miss.length; misses += miss.length;
  if (miss.length) { const vs = real.embedRows ? await real.embedRows(miss) : (await real.embedDocuments(miss)).map((v) => Float32Array.from(v)); miss.forEach((t, i) => known.set(t, vs[i])); }
  return texts.map((t) => known.get(t)!);
};
const cached = Object.assign(Object.create(Object.getPrototypeOf(real)), real, { embedRows: rows, embedDocuments: async (t: string[]) => (await rows(t)).map((v) => Array.from(v)), embedQuery: (t: string) => real.embedQuery(t) }) as BriefingEmbeddings;
const r = await ingest({ corpus, indexDir: settings.index, embeddings: cached, rebuild: true, onNotice: (l) => console.log(l) });
console.log(`index ${settings.index}: ${r.articles} articles, ${r.passages} passages; embedded ${r.embedded} texts: ${hits} reused, ${misses} new; ${r.seconds.toFixed(0)} s`);
await real.close?.();

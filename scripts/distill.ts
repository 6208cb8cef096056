/**
 * `npm run distill`: makes the static embedding model (src/embedding/distill.ts) from the installed
 * USE-Lite weights and writes it to models/static-use-lite.bin, the file `--embeddings static` uses.
 *   1. every SentencePiece token embedded alone by USE-Lite (Model2Vec's start);
 *   2. USE-Lite's vectors of `--sentences` (24,000) distinct sentences of `--corpus` (Reuters-21578
 *      in ../shared: every third story, so the eval sets — seed, BBC, SQuAD — are never fitted on),
 *      embedded on a worker pool and cached under .briefing/distill/ (minutes of both cores, once);
 *   3. the token rows fitted to them (ridge, conjugate gradients), projected to `--dimension` (256).
 * `--from-index DIR` fits to the sentence vectors of a complete USE-Lite index instead (nothing is
 * embedded: seconds, not minutes), leaving out the articles a question set names (`--exclude-set FILE`,
 * repeatable) and taking every second distinct sentence of the rest.
 * `--no-fit` writes the plain Model2Vec model instead (steps 1 and PCA, no corpus), for comparison.
 * Options: --corpus FILE.jsonl, --sentences N, --lambda X, --iterations N, --dimension N, --out FILE.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fitStatic, staticFromTokenVectors, tokenVectors } from "../src/embedding/distill.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { SHIPPED_STATIC_MODEL } from "../src/embedding/static.js";
import { writeStaticModel } from "../src/embedding/static-model.js";
import { loadVocabulary } from "../src/embedding/use-lite-model.js";
import { splitSentences } from "../src/text/sentences.js";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: path.join(root, "../shared/corpora/reuters/reuters-21578.jsonl") },
    sentences: { type: "string", default: "24000" },
    lambda: { type: "string", default: "0.01" },
    iterations: { type: "string", default: "30" },
    dimension: { type: "string", default: "256" },
    out: { type: "string" },
    "no-fit": { type: "boolean", default: false },
    "from-index": { type: "string" },
    "exclude-set": { type: "string", multiple: true, default: [] },
  },
});
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const log = (line: string) => process.stderr.write(`[${seconds()} s] ${line}\n`);
let shown = 0;
const start = await tokenVectors((done, total) => {
  if (done - shown >= 2000 || done === total) log(`tokens embedded alone: ${(shown = done)} / ${total}`);
});
const vocabulary = await loadVocabulary();
const dimension = Number(values.dimension);

let model;
if (values["no-fit"]) {
  model = staticFromTokenVectors(start, vocabulary, { dimension });
} else if (values["from-index"]) {
  const { texts, targets, source } = await fromIndex(values["from-index"], values["exclude-set"] ?? [], Number(values.sentences));
  model = fitStatic(start, vocabulary, {
    texts,
    targets,
    source,
    dimension,
    lambda: Number(values.lambda),
    iterations: Number(values.iterations),
    onIteration: (it, residual) => it % 5 === 0 && log(`fit iteration ${it}: relative residual ${residual.toFixed(4)}`),
  });
} else {
  if (!existsSync(values.corpus)) {
    console.error(`distill: no corpus at ${values.corpus}; pass --corpus FILE.jsonl (one {"title","text"} story a line), or --no-fit`);
    process.exit(1);
  }
  const texts = trainingSentences(values.corpus, Number(values.sentences));
  const targets = await useLiteTargets(texts);
  model = fitStatic(start, vocabulary, {
    texts,
    targets,
    source: `${path.basename(values.corpus)}: ${texts.length} distinct sentences of every third story`,
    dimension,
    lambda: Number(values.lambda),
    iterations: Number(values.iterations),
    onIteration: (it, residual) => it % 5 === 0 && log(`fit iteration ${it}: relative residual ${residual.toFixed(4)}`),
  });
}
const out = values.out ?? SHIPPED_STATIC_MODEL;
writeStaticModel(out, model);
console.log(`${model.header.id}: ${model.header.vocabSize} tokens × ${model.header.dimension} dims, made in ${seconds()} s → ${path.relative(root, out)}`);

/** Titles and sentences (4+ words, each text once) of every third story, from the second on. */
function trainingSentences(file: string, limit: number): string[] {
  const seen = new Set<string>();
  const texts: string[] = [];
  const stories = readFileSync(file, "utf8").trim().split("\n");
  for (let i = 1; i < stories.length && texts.length < limit; i += 3) {
    const story = JSON.parse(stories[i]) as { title?: string; text?: string };
    for (const raw of [story.title ?? "", ...splitSentences((story.text ?? "").replace(/\s+/g, " ")).map((s) => s.text)]) {
      const text = raw.trim();
      if (text.split(" ").length < 4 || seen.has(text)) continue;
      seen.add(text);
      texts.push(text);
    }
  }
  return texts.slice(0, limit);
}

/** Every second distinct sentence (4+ words) of a complete USE-Lite index, without the articles the sets name. */
async function fromIndex(dir: string, sets: string[], limit: number): Promise<{ texts: string[]; targets: Float32Array; source: string }> {
  const { BriefingIndex } = await import("../src/index/store.js");
  const index = await BriefingIndex.open(dir, await createEmbeddings("use-lite"));
  if (index.semantic.embedded < index.semantic.total) throw new Error(`the index at ${dir} is not fully embedded; run \`briefing ingest\` first`);
  const asked = sets.flatMap((f) => readFileSync(f, "utf8").trim().split("\n").flatMap((l) => {
    // A set's related articles are its corpus too (the Reuters subset): none of them is fitted on.
    const q = JSON.parse(l) as { expected_articles?: string[]; related?: string[] };
    return [...(q.expected_articles ?? []), ...(q.related ?? [])];
  }));
  const excluded = new Map<string, boolean>();
  const seen = new Set<string>();
  const texts: string[] = [];
  const vectors: Float32Array[] = [];
  let k = 0;
  for (const p of [...index.passages.values()].sort((a, b) => a.label - b.label)) {
    let out = excluded.get(p.articleId);
    if (out === undefined) excluded.set(p.articleId, (out = asked.some((a) => p.articleId.replace(/\\/g, "/").includes(a))));
    if (out) continue;
    p.sentences.forEach((span, i) => {
      const text = p.text.slice(span.start - p.start, span.end - p.start).trim();
      if (text.split(" ").length < 4 || seen.has(text)) return;
      seen.add(text);
      if (k++ % 2 === 0 && texts.length < limit) {
        texts.push(text);
        vectors.push(index.sentenceVector(p, i));
      }
    });
  }
  const targets = new Float32Array(texts.length * 512);
  vectors.forEach((v, i) => targets.set(v, i * 512));
  const source = `${texts.length} distinct sentences of the index of ${index.manifest.corpus}` + (sets.length ? ` (without the articles ${sets.map((f) => path.basename(f)).join(", ")} asks about)` : "");
  log(`fitting to ${source}`);
  return { texts, targets, source };
}

/** USE-Lite's vectors of the texts, cached by the texts' digest. */
async function useLiteTargets(texts: string[]): Promise<Float32Array> {
  const digest = createHash("sha256").update(JSON.stringify(texts)).digest("hex").slice(0, 16);
  const cache = path.join(root, ".briefing", "distill", `targets-${digest}.f32`);
  if (existsSync(cache)) {
    const buf = readFileSync(cache);
    if (buf.byteLength === texts.length * 512 * 4) {
      log(`USE-Lite vectors of ${texts.length} sentences from ${path.relative(root, cache)}`);
      return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    }
  }
  log(`embedding ${texts.length} sentences with USE-Lite on 2 workers (minutes; cached for next time) …`);
  let next = 0;
  const pool = await createEmbeddings("use-lite", {
    workers: 2,
    onProgress: (done, total) => {
      if (done >= next) log(`sentences embedded: ${done} / ${total}`), (next += 2000);
    },
  });
  try {
    const rows = await pool.embedRows!(texts);
    const flat = new Float32Array(texts.length * 512);
    rows.forEach((r, i) => flat.set(r, i * 512));
    mkdirSync(path.dirname(cache), { recursive: true });
    writeFileSync(cache, new Uint8Array(flat.buffer));
    return flat;
  } finally {
    await pool.close?.();
  }
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { RESERVED, sifWeights } from "../src/embedding/distill.js";
import { bagOfTokens, fitRows } from "../src/embedding/distill-fit.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { embedStatic, readStaticModel, type StaticModel, writeStaticModel } from "../src/embedding/static-model.js";
import { loadStaticEmbeddings, SHIPPED_STATIC_MODEL } from "../src/embedding/static.js";
import { Tokenizer, type Vocabulary } from "../src/embedding/tokenizer.js";
import { UserError } from "../src/errors.js";

const dir = mkdtempSync(path.join(tmpdir(), "briefing-static-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * Six reserved symbols, then whole words with log-probabilities (most frequent first), then single
 * letters (as every SentencePiece vocabulary has: without them the tokenizer prefers unknowns).
 */
const letters = [..."abcdefghijklmnopqrstuvwxyz▁"].map((c) => [c, -20] as const);
const tinyVocabulary: Vocabulary = [
  ["<unk>", 0],
  ["<s>", 0],
  ["</s>", 0],
  ["x1", 0],
  ["x2", 0],
  ["x3", 0],
  ["▁the", -2],
  ["▁bank", -6],
  ["▁rates", -7],
  ["▁goal", -7],
  ["▁striker", -9],
  ["▁rose", -8],
  [":", null as unknown as number],
  ...letters,
];
const V = tinyVocabulary.length;

function seededRows(n: number, d: number, seed: number): Float32Array {
  let s = seed;
  const out = new Float32Array(n * d);
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

describe("static model file", () => {
  const model: StaticModel = { header: { id: "test-static", vocabSize: V, dimension: 8, recipe: { note: "test" } }, rows: seededRows(V, 8, 7) };
  const file = path.join(dir, "m.bin");

  it("round-trips through int8 rows within a 1% error per row", () => {
    writeStaticModel(file, model);
    const back = readStaticModel(file);
    expect(back.header).toEqual(model.header);
    for (let t = 0; t < V; t++) {
      const a = model.rows.subarray(t * 8, t * 8 + 8);
      const b = back.rows.subarray(t * 8, t * 8 + 8);
      const max = Math.max(...Array.from(a, Math.abs));
      for (let j = 0; j < 8; j++) expect(Math.abs(a[j] - b[j])).toBeLessThanOrEqual(max / 127 / 2 + 1e-7);
    }
  });

  it("names a truncated, foreign or missing file in one UserError", () => {
    const cut = path.join(dir, "cut.bin");
    writeFileSync(cut, readFileSync(file).subarray(0, 60));
    const foreign = path.join(dir, "foreign.bin");
    writeFileSync(foreign, "not a model at all");
    for (const f of [cut, foreign, path.join(dir, "missing.bin")]) {
      const error = (() => {
        try {
          readStaticModel(f);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toContain(f);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("embeds a text as the normalised sum of its tokens' rows; a text of no known token gets a fixed unit vector", () => {
    const tokenizer = new Tokenizer(tinyVocabulary);
    const v = embedStatic(model, tokenizer, "the bank rates");
    expect(dot(v, v)).toBeCloseTo(1, 5);
    const sum = new Float32Array(8);
    for (const id of [6, 7, 8]) for (let j = 0; j < 8; j++) sum[j] += model.rows[id * 8 + j];
    expect(dot(v, sum) / Math.sqrt(dot(sum, sum))).toBeCloseTo(1, 5);
    // Whitespace runs fold to one space, as for USE-Lite.
    expect(Array.from(embedStatic(model, tokenizer, "the\n\tbank  rates"))).toEqual(Array.from(v));
    const empty = embedStatic(model, tokenizer, "   ");
    expect(dot(empty, empty)).toBeCloseTo(1, 5);
    expect(Array.from(embedStatic(model, tokenizer, ""))).toEqual(Array.from(empty));
  });
});

describe("distillation maths", () => {
  it("SIF weights: frequent pieces weigh less than rare ones; reserved ids nothing; a piece without a score the median", () => {
    const w = sifWeights(tinyVocabulary, 1e-3);
    for (let id = 0; id < RESERVED; id++) expect(w[id]).toBe(0);
    expect(w[6]).toBeLessThan(w[7]); // "the" < "bank"
    expect(w[7]).toBeLessThan(w[10]); // "bank" < "striker"
    const scored = tinyVocabulary.map(([, score], id) => ({ score, id })).filter((p) => p.id >= RESERVED && typeof p.score === "number").map((p) => w[p.id]).sort((a, b) => a - b);
    expect(w[12]).toBe(scored[Math.floor(scored.length / 2)]);
    expect(Array.from(sifWeights(tinyVocabulary, 0).subarray(RESERVED))).toEqual(new Array(V - RESERVED).fill(1));
  });

  it("the ridge fit by conjugate gradients reproduces targets made from planted rows", () => {
    const tokenizer = new Tokenizer(tinyVocabulary);
    const weights = sifWeights(tinyVocabulary, 1e-3);
    const texts = ["the bank rates", "the goal", "striker rose", "bank rose", "the striker goal", "rates rose", "the bank", "goal rates striker", "the"];
    const x = bagOfTokens(texts, tokenizer, (id) => weights[id]);
    const d = 4;
    const planted = seededRows(V, d, 3);
    const targets = new Float32Array(texts.length * d);
    for (let i = 0; i < texts.length; i++)
      for (let k = x.start[i]; k < x.start[i + 1]; k++) for (let j = 0; j < d; j++) targets[i * d + j] += x.vals[k] * planted[x.cols[k] * d + j];
    const residual = (rows: Float32Array) => {
      let s = 0;
      for (let i = 0; i < texts.length; i++) {
        for (let j = 0; j < d; j++) {
          let y = 0;
          for (let k = x.start[i]; k < x.start[i + 1]; k++) y += x.vals[k] * rows[x.cols[k] * d + j];
          s += (y - targets[i * d + j]) ** 2;
        }
      }
      return Math.sqrt(s);
    };
    const start = new Float32Array(V * d);
    const fitted = fitRows(x, targets, start, d, { lambda: 1e-6, iterations: 50 });
    expect(residual(start)).toBeGreaterThan(0.5);
    expect(residual(fitted)).toBeLessThan(1e-3 * residual(start));
    // Tokens no text uses keep their start rows (here ":" and the reserved ids).
    expect(Array.from(fitted.subarray(12 * d, 13 * d))).toEqual([0, 0, 0, 0]);
  });
});

describe("the shipped static embedder (real model file)", () => {
  it("loads the shipped model, embeds on this thread, and ranks related sentences above unrelated ones", async () => {
    const embeddings = await loadStaticEmbeddings();
    expect(embeddings.id).toMatch(/^static-use-lite-v\d/);
    expect(embeddings.dimension).toBe(readStaticModel(SHIPPED_STATIC_MODEL).header.dimension);
    const [bank, rates, striker] = await embeddings.embedDocuments([
      "The central bank raised interest rates by half a point.",
      "Borrowing costs went up after the bank's decision on rates.",
      "The striker scored twice in the second half to win the cup final.",
    ]);
    expect(dot(bank, bank)).toBeCloseTo(1, 5);
    expect(dot(bank, rates)).toBeGreaterThan(dot(bank, striker) + 0.1);
    const query = await embeddings.embedQuery("Who won the cup final?");
    expect(dot(query, striker)).toBeGreaterThan(dot(query, bank));
    // Same text, same vector, however it is asked for.
    expect(Array.from((await embeddings.embedRows(["The central bank raised interest rates by half a point."]))[0])).toEqual(bank.map(Math.fround));
  });

  it("is chosen by --embeddings static or static:FILE, and keeps its own default index", async () => {
    const embeddings = await createEmbeddings("static");
    expect(embeddings.id).toMatch(/^static-use-lite/);
    const other = await createEmbeddings(`static:${SHIPPED_STATIC_MODEL}`);
    expect(other.id).toBe(embeddings.id);
    const error = await createEmbeddings(`static:${path.join(dir, "nope.bin")}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const useLite = resolveSettings({ corpus: "corpus" }, {});
    const stat = resolveSettings({ corpus: "corpus", embeddings: "static" }, {});
    expect(stat.index).toBe(`${useLite.index}-static`);
    expect(resolveSettings({ corpus: "corpus", embeddings: "static", index: "x" }, {}).index).toBe("x");
  });
});

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { bagOfTokens, fitRows } from "./distill-fit.js";
import type { StaticModel } from "./static-model.js";
import { Tokenizer, type Vocabulary } from "./tokenizer.js";
import { embedTokenRows, loadUseLite, loadVocabulary, modelFiles, USE_LITE_DIMENSION } from "./use-lite-model.js";

/**
 * Distils USE-Lite into a static token-embedding model from the shipped weights alone (nothing is
 * downloaded, no corpus is read), the Model2Vec recipe:
 *   1. every SentencePiece token is embedded alone by USE-Lite (8k one-token texts, seconds);
 *   2. the vectors are centred and reduced by PCA (the common direction every token shares is
 *      dropped, and the index holds half the floats);
 *   3. each row is scaled by its SIF weight a / (a + p), p the token's unigram probability, which
 *      the vocabulary itself records as its log-probability score: frequent pieces ("▁the", ".")
 *      weigh little, rare, meaningful ones much.
 * A text's vector is then the normalised sum of its tokens' rows (static-model.ts).
 */

/** Bump when the recipe changes: indexes built with another recipe's vectors must not be mixed with these. */
export const RECIPE_VERSION = 1;
/** Token ids below this are unknown/control symbols: zero rows. */
export const RESERVED = 6;

export interface DistillOptions {
  /** Dimensions kept by PCA; 0 keeps all 512 (no PCA). */
  dimension?: number;
  /** SIF coefficient a; 0 weighs every token 1. */
  sif?: number;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_DISTILL = { dimension: 256, sif: 1e-3 } as const;

/** The static model's id for these options: stored in index manifests. */
export function staticModelId(opts: DistillOptions = {}): string {
  const { dimension, sif } = { ...DEFAULT_DISTILL, ...opts };
  const isDefault = dimension === DEFAULT_DISTILL.dimension && sif === DEFAULT_DISTILL.sif;
  return `static-use-lite-v${RECIPE_VERSION}` + (isDefault ? "" : `-d${dimension}-a${sif}`);
}

/** Digest of the USE-Lite files the model is distilled from (a new weights package makes a new model). */
export function sourceDigest(): string {
  const hash = createHash("sha256");
  for (const file of modelFiles()) hash.update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

/** Step 1: USE-Lite's vector of every token id ≥ RESERVED embedded alone, in id order. */
export async function tokenVectors(onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
  const [model, vocabulary] = await Promise.all([loadUseLite(), loadVocabulary()]);
  const ids = Array.from({ length: vocabulary.length - RESERVED }, (_, i) => [i + RESERVED]);
  // One-token rows: a call of 512 of them costs about what 20 sentences do.
  return embedTokenRows(model, ids, 512, (done) => onProgress?.(done, ids.length));
}

/** The Model2Vec model (steps 1–3), from the shipped weights alone. */
export async function distill(opts: DistillOptions = {}): Promise<StaticModel> {
  return staticFromTokenVectors(await tokenVectors(opts.onProgress), await loadVocabulary(), opts);
}

/** Steps 2 and 3 of the recipe, from USE-Lite's vector of each token id ≥ RESERVED, in id order. */
export function staticFromTokenVectors(vectors: Float32Array[], vocabulary: Vocabulary, opts: DistillOptions = {}): StaticModel {
  const { dimension, sif } = { ...DEFAULT_DISTILL, ...opts };
  const n = vocabulary.length;
  const reduced = dimension > 0 && dimension < USE_LITE_DIMENSION ? pca(vectors, dimension) : vectors;
  const d = reduced[0].length;
  const weights = sifWeights(vocabulary, sif);
  const rows = new Float32Array(n * d);
  reduced.forEach((v, i) => {
    const id = i + RESERVED;
    for (let j = 0; j < d; j++) rows[id * d + j] = v[j] * weights[id];
  });
  return {
    header: {
      id: staticModelId(opts),
      vocabSize: n,
      dimension: d,
      recipe: { from: "use-lite", sourceDigest: sourceDigest(), recipeVersion: RECIPE_VERSION, pca: reduced === vectors ? 0 : d, sif },
    },
    rows,
  };
}

export interface FitStaticOptions {
  /** Sentences USE-Lite embedded, and their vectors (n × 512, unit rows). */
  texts: readonly string[];
  targets: Float32Array;
  /** Where the sentences came from, recorded in the model's header. */
  source: string;
  /** Dimensions kept (projection on the targets' principal axes); 512 keeps USE-Lite's space whole. */
  dimension?: number;
  sif?: number;
  lambda?: number;
  iterations?: number;
  onIteration?: (iteration: number, residual: number) => void;
}

export const FIT_ID = "static-use-lite-v2";

/**
 * The fitted model (distill-fit.ts): token rows start as Model2Vec's (unreduced) and are fitted so
 * pooled sentences reproduce USE-Lite's sentence vectors; then projected on the targets' top
 * principal axes (uncentred: the rows stay in USE-Lite's space, cut to its busiest directions)
 * and scaled by the SIF weights.
 */
export function fitStatic(start: Float32Array[], vocabulary: Vocabulary, opts: FitStaticOptions): StaticModel {
  const d = USE_LITE_DIMENSION;
  const n = vocabulary.length;
  const sif = opts.sif ?? DEFAULT_DISTILL.sif;
  const lambda = opts.lambda ?? 0.01;
  const iterations = opts.iterations ?? 30;
  const keep = Math.min(opts.dimension ?? DEFAULT_DISTILL.dimension, d);
  const weights = sifWeights(vocabulary, sif);
  const initial = new Float32Array(n * d);
  start.forEach((v, i) => initial.set(v, (i + RESERVED) * d));
  const x = bagOfTokens(opts.texts, new Tokenizer(vocabulary), (id) => weights[id]);
  const fitted = fitRows(x, opts.targets, initial, d, { lambda, iterations, onIteration: opts.onIteration });
  const axes = keep < d ? principalAxes(opts.targets, d, keep) : null;
  const rows = new Float32Array(n * keep);
  for (let t = RESERVED; t < n; t++) {
    const row = fitted.subarray(t * d, (t + 1) * d);
    for (let m = 0; m < keep; m++) {
      let v = row[m];
      if (axes) {
        v = 0;
        const axis = axes[m];
        for (let j = 0; j < d; j++) v += row[j] * axis[j];
      }
      rows[t * keep + m] = v * weights[t];
    }
  }
  return {
    header: {
      id: FIT_ID + (keep === DEFAULT_DISTILL.dimension ? "" : `-d${keep}`),
      vocabSize: n,
      dimension: keep,
      recipe: { from: "use-lite", sourceDigest: sourceDigest(), fittedOn: opts.source, sentences: opts.texts.length, lambda, iterations, sif, projection: keep },
    },
    rows,
  };
}

/** The top `k` eigenvectors of the uncentred second moment of the rows of `y` (n × d). */
function principalAxes(y: Float32Array, d: number, k: number): Float64Array[] {
  const acc = new Float64Array(d * d);
  for (let at = 0; at < y.length; at += d) {
    for (let r = 0; r < d; r++) {
      const x = y[at + r];
      for (let c = r; c < d; c++) acc[r * d + c] += x * y[at + c];
    }
  }
  return topEigenvectors(acc, d, k);
}

function topEigenvectors(upper: Float64Array, d: number, k: number): Float64Array[] {
  const m = new Matrix(Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (r <= c ? upper[r * d + c] : upper[c * d + r]))));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, i) => ({ value, i })).sort((a, b) => b.value - a.value).slice(0, k);
  return order.map(({ i }) => Float64Array.from(evd.eigenvectorMatrix.getColumn(i)));
}

/**
 * SIF weights a / (a + p) from the vocabulary's log-probabilities. A handful of pieces in the
 * shipped vocabulary carry no usable score (null or non-negative: ":", "://", ":30"…): they get
 * the median probability, neither stop word nor rare term.
 */
export function sifWeights(vocabulary: Vocabulary, a: number): Float64Array {
  const weights = new Float64Array(vocabulary.length);
  const valid = (s: unknown): s is number => typeof s === "number" && Number.isFinite(s) && s < 0;
  const scores = vocabulary.slice(RESERVED).map(([, s]) => s).filter(valid).sort((x, y) => x - y);
  const median = scores[Math.floor(scores.length / 2)] ?? -10;
  vocabulary.forEach(([, score], id) => {
    if (id < RESERVED) return;
    const p = Math.exp(valid(score) ? score : median);
    weights[id] = a > 0 ? a / (a + p) : 1;
  });
  return weights;
}

/** Centres the vectors and projects them on their top `k` principal components. */
function pca(vectors: Float32Array[], k: number): Float32Array[] {
  const n = vectors.length;
  const d = vectors[0].length;
  const mean = new Float64Array(d);
  for (const v of vectors) for (let j = 0; j < d; j++) mean[j] += v[j] / n;
  const acc = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (const v of vectors) {
    for (let j = 0; j < d; j++) centred[j] = v[j] - mean[j];
    for (let r = 0; r < d; r++) {
      const x = centred[r];
      for (let c = r; c < d; c++) acc[r * d + c] += x * centred[c];
    }
  }
  const components = topEigenvectors(acc, d, k);
  return vectors.map((v) => {
    for (let j = 0; j < d; j++) centred[j] = v[j] - mean[j];
    const out = new Float32Array(k);
    components.forEach((c, m) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += centred[j] * c[j];
      out[m] = s;
    });
    return out;
  });
}

import { dot } from "./vectors.js";
import type { StaticModel } from "./static-model.js";
import type { Tokenizer } from "./tokenizer.js";

/**
 * The second distillation step (tokenlearn-style): the token rows are fitted so that a sentence's
 * pooled static vector reproduces USE-Lite's vector of the whole sentence, over sentences USE-Lite
 * embedded once. Each sentence is a row of weights over its tokens (each token's base weight,
 * normalised to sum 1), X; the rows E solve the ridge problem
 *     min ‖X E − Y‖² + λ ‖E − E₀‖²,   i.e.  (XᵀX + λI) E = XᵀY + λE₀,
 * by conjugate gradients on all columns at once (the operator is the same for each column).
 * E₀ is the Model2Vec start (each token embedded alone): tokens the sentences never use keep it,
 * so the fit only moves what the data speaks for.
 */

export interface FitOptions {
  /** Ridge strength towards the start rows. */
  lambda?: number;
  iterations?: number;
  onIteration?: (iteration: number, residual: number) => void;
}

interface Sparse {
  /** Row i holds entries start[i] .. start[i+1]-1. */
  start: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
}

/** Weighted bag of tokens per text: token weights normalised to sum 1 (mean pooling with weights). */
export function bagOfTokens(texts: readonly string[], tokenizer: Tokenizer, weightOf: (id: number) => number): Sparse {
  const start = new Int32Array(texts.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  texts.forEach((text, i) => {
    const counts = new Map<number, number>();
    for (const id of tokenizer.encode(text.replace(/\s+/g, " ").trim())) {
      const w = weightOf(id);
      if (w > 0) counts.set(id, (counts.get(id) ?? 0) + w);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
    for (const [id, w] of counts) {
      cols.push(id);
      vals.push(w / total);
    }
    start[i + 1] = cols.length;
  });
  return { start, cols: Int32Array.from(cols), vals: Float32Array.from(vals) };
}

/** out (n × d) = X · E */
function times(x: Sparse, e: Float32Array, d: number, out: Float32Array): void {
  out.fill(0);
  addProduct(x, e, d, out, false);
}

/** out (vocab × d) += Xᵀ · Z */
function transposeTimesAdd(x: Sparse, z: Float32Array, d: number, out: Float32Array): void {
  addProduct(x, z, d, out, true);
}

/** out += X · A (A is vocab × d), or with `transpose` out += Xᵀ · A (A is n × d): one walk over X's entries. */
function addProduct(x: Sparse, a: Float32Array, d: number, out: Float32Array, transpose: boolean): void {
  const n = x.start.length - 1;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let k = x.start[i]; k < x.start[i + 1]; k++) {
      const at = x.cols[k] * d;
      const v = x.vals[k];
      if (transpose) for (let j = 0; j < d; j++) out[at + j] += v * a[o + j];
      else for (let j = 0; j < d; j++) out[o + j] += v * a[at + j];
    }
  }
}

/**
 * Fits the rows of `start` (vocab × d, unweighted token vectors) to the targets (n × d, USE-Lite's
 * unit vectors of `texts`); returns the fitted rows (a new array).
 */
export function fitRows(x: Sparse, targets: Float32Array, start: Float32Array, d: number, opts: FitOptions = {}): Float32Array {
  const lambda = opts.lambda ?? 0.01;
  const iterations = opts.iterations ?? 40;
  const n = x.start.length - 1;
  const scratch = new Float32Array(n * d);
  const apply = (p: Float32Array, out: Float32Array) => {
    times(x, p, d, scratch);
    for (let i = 0; i < out.length; i++) out[i] = lambda * p[i];
    transposeTimesAdd(x, scratch, d, out);
  };
  // r = b − A e, b = XᵀY + λE₀, starting from e = E₀: r = Xᵀ(Y − X E₀).
  const e = Float32Array.from(start);
  times(x, e, d, scratch);
  for (let i = 0; i < scratch.length; i++) scratch[i] = targets[i] - scratch[i];
  const r = new Float32Array(start.length);
  transposeTimesAdd(x, scratch, d, r);
  const p = Float32Array.from(r);
  const ap = new Float32Array(start.length);
  let rr = dot(r, r);
  const rr0 = rr || 1;
  for (let it = 1; it <= iterations && rr > 1e-10 * rr0; it++) {
    apply(p, ap);
    const alpha = rr / dot(p, ap);
    for (let i = 0; i < e.length; i++) {
      e[i] += alpha * p[i];
      r[i] -= alpha * ap[i];
    }
    const next = dot(r, r);
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < p.length; i++) p[i] = r[i] + beta * p[i];
    opts.onIteration?.(it, Math.sqrt(rr / rr0));
  }
  return e;
}

/** A static model whose rows are `fitted` (vocab × d) times each token's base weight. */
export function weightedModel(fitted: Float32Array, weights: ArrayLike<number>, header: StaticModel["header"]): StaticModel {
  const d = header.dimension;
  const rows = new Float32Array(fitted.length);
  for (let t = 0; t < header.vocabSize; t++) for (let j = 0; j < d; j++) rows[t * d + j] = fitted[t * d + j] * weights[t];
  return { header, rows };
}

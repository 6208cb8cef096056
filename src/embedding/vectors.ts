/**
 * Vector maths for the embedders' unit vectors, in one place. Float32 throughout, as the
 * embedders and hnswlib store them; sums of squares in float64, as every caller did before.
 */

/** Dot product; for the unit vectors the embedders return, their cosine similarity. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** L2 length. */
export function norm(v: ArrayLike<number>): number {
  return Math.sqrt(dot(v, v));
}

/** Scales `v` to unit length in place (a zero vector stays zero). */
export function normaliseInPlace(v: Float32Array): Float32Array {
  const n = norm(v) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** `v` at unit length, as a new float32 vector (a zero vector stays zero). */
export function unit(v: ArrayLike<number>): Float32Array {
  const n = norm(v) || 1;
  return Float32Array.from(v as ArrayLike<number>, (x) => x / n);
}

/** The direction of the vectors' sum (summed in float32), at unit length: an article's centroid, a passage's vector. */
export function unitMean(vectors: Iterable<ArrayLike<number>>, dimension: number): Float32Array {
  const sum = new Float32Array(dimension);
  for (const v of vectors) for (let d = 0; d < dimension; d++) sum[d] += v[d];
  return normaliseInPlace(sum);
}

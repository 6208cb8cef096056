import hnswlib from "hnswlib-node";
import type { IndexedPassage } from "./store.js";

const { HierarchicalNSW } = hnswlib;
export type Hnsw = InstanceType<typeof HierarchicalNSW>;

/**
 * The passage-vector graph. A passage joins it once every one of its sentences has a vector (its
 * vector is their normalised mean); until then it is found by BM25 alone. Passages are added in
 * label order, so a build that embeds in one go makes the same graph as one that adds them all at
 * the end (hnswlib's defaults: M 16, efConstruction 200, seed 100, as LangChain's HNSWLib uses).
 */
export function newHnsw(dimension: number, capacity: number): Hnsw {
  const h = new HierarchicalNSW("cosine", dimension);
  h.initIndex(Math.max(1, capacity));
  return h;
}

export function passageVector(vectors: Float32Array, d: number, p: IndexedPassage): number[] {
  const mean = new Float32Array(d);
  for (let j = 0; j < p.sentences.length; j++) {
    const v = vectors.subarray((p.row + j) * d, (p.row + j + 1) * d);
    for (let x = 0; x < d; x++) mean[x] += v[x];
  }
  let n = 0;
  for (const x of mean) n += x * x;
  n = Math.sqrt(n) || 1;
  return Array.from(mean, (x) => x / n);
}

/** Adds passages (label order) to the graph, growing it as needed. */
export function addPassages(h: Hnsw, vectors: Float32Array, d: number, passages: IndexedPassage[]): void {
  const needed = h.getCurrentCount() + passages.length;
  if (needed > h.getMaxElements()) h.resizeIndex(Math.max(needed, Math.ceil(h.getMaxElements() * 1.5)));
  for (const p of [...passages].sort((a, b) => a.label - b.label)) h.addPoint(passageVector(vectors, d, p), p.label);
}

/**
 * Share of the graph's elements marked deleted above which it is rebuilt from the kept passages'
 * vectors (no re-embedding): hnswlib never reclaims a deleted element, so an archive edited one
 * article at a time would grow its graph without end.
 */
export const COMPACT_AT = 0.1;

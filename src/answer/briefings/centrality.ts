import { dot, unitMean } from "../../embedding/vectors.js";

/** Fellow articles an article's centrality is measured against. */
const NEIGHBOURS = 5;

/**
 * Each article's sentence centroid, kept per first sentence vector: the briefings read an article's
 * sentences once per loaded index (gather.ts), so the same vector object stands for the same sentences.
 */
const centroids = new WeakMap<Float32Array, Float32Array>();
function centroidOf(vectors: Float32Array[]): Float32Array {
  let c = centroids.get(vectors[0]);
  if (!c) centroids.set(vectors[0], (c = unitMean(vectors, vectors[0].length)));
  return c;
}

/**
 * How much each article is about the subject's main story, 0 (the least) to 1 (the most): the mean
 * closeness of its sentences' centroid to its `k` nearest fellow articles (degree centrality, as in
 * LexRank, over articles). Follow-ups on the main story resemble many others; a side story that names
 * the subject — a unit's sale, a rating review, quarterly results — resembles few.
 */
export function articleCentrality(sentences: readonly { articleId: string; vector: Float32Array }[], k = NEIGHBOURS): Map<string, number> {
  const byArticle = new Map<string, Float32Array[]>();
  for (const s of sentences) {
    const list = byArticle.get(s.articleId);
    if (list) list.push(s.vector);
    else byArticle.set(s.articleId, [s.vector]);
  }
  const ids = [...byArticle.keys()];
  const vectors = ids.map((id) => centroidOf(byArticle.get(id)!));
  const n = ids.length;
  const close: number[][] = ids.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = dot(vectors[i], vectors[j]);
      close[i].push(d);
      close[j].push(d);
    }
  }
  const degree = close.map((ds) => {
    const near = ds.sort((a, b) => b - a).slice(0, k);
    return near.reduce((a, b) => a + b, 0) / (near.length || 1);
  });
  // Scaled over the subject, so the weight means the same for a story of 5 articles and of 60.
  const lo = Math.min(...degree);
  const hi = Math.max(...degree);
  return new Map(ids.map((id, i) => [id, hi > lo ? (degree[i] - lo) / (hi - lo) : 1]));
}

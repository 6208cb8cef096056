import { dot, unitMean } from "../../embedding/vectors.js";

/** Fellow articles an article's centrality is measured against. */
const NEIGHBOURS = 5;

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
  const vectors = ids.map((id) => {
    const vs = byArticle.get(id)!;
    return unitMean(vs, vs[0].length);
  });
  const degree = vectors.map((v, i) => {
    const near = vectors.filter((_, j) => j !== i).map((w) => dot(v, w)).sort((a, b) => b - a).slice(0, k);
    return near.reduce((a, b) => a + b, 0) / (near.length || 1);
  });
  // Scaled over the subject, so the weight means the same for a story of 5 articles and of 60.
  const lo = Math.min(...degree);
  const hi = Math.max(...degree);
  return new Map(ids.map((id, i) => [id, hi > lo ? (degree[i] - lo) / (hi - lo) : 1]));
}

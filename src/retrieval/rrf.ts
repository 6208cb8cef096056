/**
 * Reciprocal rank fusion (Cormack et al. 2009): each ranked list gives an item
 * 1 / (k + rank); ranks, not raw scores, are combined, so BM25 and cosine scores
 * never need a common scale.
 */
export function reciprocalRankFusion<T>(lists: T[][], k = 60, weights?: number[]): Map<T, number> {
  const fused = new Map<T, number>();
  lists.forEach((list, i) => {
    const w = weights?.[i] ?? 1;
    list.forEach((item, rank) => fused.set(item, (fused.get(item) ?? 0) + w / (k + rank + 1)));
  });
  return fused;
}

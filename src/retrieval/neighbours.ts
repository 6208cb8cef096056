/** A retrieved chunk's neighbours within its article: the chunk before, the sentence after, touching chunks joined. */
import type { IndexedPassage } from "../index/passage.js";
import type { BriefingIndex } from "../index/store.js";

/** The chunk of the article before the group's first one, if any. */
export function chunkBefore(index: BriefingIndex, parts: IndexedPassage[]): IndexedPassage | undefined {
  const labels = index.articles.get(parts[0].articleId)?.labels ?? [];
  const first = Math.min(...parts.map((p) => labels.indexOf(p.label)));
  return first > 0 ? index.passages.get(labels[first - 1]) : undefined;
}

/** The first sentence of the article after `end`, in the chunk following the group's last one, if any. */
export function sentenceAfter(index: BriefingIndex, parts: IndexedPassage[], end: number): { part: IndexedPassage; i: number } | null {
  const labels = index.articles.get(parts[0].articleId)?.labels ?? [];
  const last = Math.max(...parts.map((p) => labels.indexOf(p.label)));
  const part = last >= 0 ? index.passages.get(labels[last + 1]) : undefined;
  if (!part) return null;
  const i = part.sentences.findIndex((s) => s.start >= end);
  return i >= 0 && part.sentences[i].kind === "sentence" ? { part, i } : null;
}

/**
 * Groups chosen chunks of one article that overlap or follow each other, keeping the rank
 * order of groups: two neighbouring chunks read as one passage and use one slot.
 */
export function mergeNeighbours(index: BriefingIndex, chosen: IndexedPassage[]): IndexedPassage[][] {
  const position = (p: IndexedPassage) => index.articles.get(p.articleId)?.labels.indexOf(p.label) ?? -10;
  const groups: IndexedPassage[][] = [];
  for (const p of chosen) {
    const g = groups.find((g) => g[0].articleId === p.articleId && g.some((q) => (p.start <= q.end && q.start <= p.end) || Math.abs(position(p) - position(q)) === 1));
    if (g) g.push(p);
    else groups.push([p]);
  }
  // Joining may chain groups that each touch a new member; a second pass folds those.
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const touch = groups[i][0].articleId === groups[j][0].articleId && groups[i].some((p) => groups[j].some((q) => Math.abs(position(p) - position(q)) <= 1));
      if (touch) groups[i].push(...groups.splice(j--, 1)[0]);
    }
  }
  for (const g of groups) g.sort((a, b) => a.start - b.start);
  return groups;
}

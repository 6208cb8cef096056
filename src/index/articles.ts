import { chunkArticle } from "../corpus/chunk.js";
import type { Article, ChunkingSettings } from "../corpus/types.js";
import { splitSentences } from "../text/sentences.js";
import type { ArticleEntry } from "./manifest.js";
import type { IndexedPassage } from "./passage.js";

/**
 * An article as the index takes it in: chunked into passages, each split into sentences, labels
 * and sentence-vector rows handed out from `label` and `row` on. Pure: the index adds the result.
 */
export async function passagesOfArticle(article: Article, chunking: ChunkingSettings, label: number, row: number): Promise<IndexedPassage[]> {
  const out: IndexedPassage[] = [];
  for (const p of await chunkArticle(article, chunking)) {
    // Headings are embedded (they help find the passage) but flagged so they are never quoted alone.
    const spans = splitSentences(p.text).map((s) => ({ start: p.start + s.start, end: p.start + s.end, kind: s.kind }));
    const sentences = spans.length ? spans : [{ start: p.start, end: p.end, kind: "sentence" as const }];
    out.push({ ...p, sentences, row, label: label++ });
    row += sentences.length;
  }
  return out;
}

/** The article's entry in the index: what it is and which passages hold it (its text stays in the corpus). */
export function articleEntry(article: Article, labels: number[]): ArticleEntry {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    source: article.source,
    url: article.url,
    hash: article.hash,
    length: article.text.length,
    labels,
  };
}

import { Document } from "@langchain/core/documents";
import { chunkArticle } from "../corpus/chunk.js";
import type { Article, ChunkingSettings } from "../corpus/types.js";
import { splitSentences } from "../text/sentences.js";
import { BriefingIndex, SEGMENT_KIND, type IndexedPassage, type SentenceSpan } from "./store.js";

/** How articles enter and leave the index: the lexical half of an ingest (semantic.ts embeds). */
export function removeArticle(index: BriefingIndex, id: string): void {
  const entry = index.articles.get(id);
  if (!entry) return;
  if (entry.labels.length) index.articleBm25.remove(entry.labels[0]);
  for (const label of entry.labels) {
    index.removeFromDense(label);
    index.dense.docstore._docs.delete(String(label));
    index.bm25.remove(label);
    index.passages.delete(label);
  }
  index.articles.delete(id);
  index.lexicalChanged = true;
}

/**
 * Chunks articles, splits their passages into sentences and adds them to BM25 and the passage
 * store, with a sentence-vector row per sentence left to embed (semantic.ts). Returns the
 * sentence rows added.
 */
export async function addArticles(
  index: BriefingIndex,
  fresh: Article[],
  chunking: ChunkingSettings,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  if (fresh.length === 0) return 0;
  const d = index.dimension;
  let row = index.embedded.length;
  let label = index.manifest.nextLabel ?? 0;
  const added: IndexedPassage[][] = [];
  for (const [i, article] of fresh.entries()) {
    const mine: IndexedPassage[] = [];
    for (const p of await chunkArticle(article, chunking)) {
      // Headings are embedded (they help find the passage) but flagged so they are never quoted alone.
      const spans = splitSentences(p.text).map((s) => [p.start + s.start, p.start + s.end, SEGMENT_KIND[s.kind]] as SentenceSpan);
      const sentences = spans.length ? spans : [[p.start, p.end, 0] as SentenceSpan];
      mine.push({ ...p, sentences, row, label: label++ });
      row += sentences.length;
    }
    added.push(mine);
    onProgress?.(i + 1, fresh.length);
  }
  const grown = new Float32Array(row * d);
  grown.set(index.sentenceVectors);
  index.sentenceVectors = grown;
  const flags = new Uint8Array(row);
  flags.set(index.embedded);
  const rowsAdded = row - index.embedded.length;
  index.embedded = flags;
  index.manifest.nextLabel = label;

  fresh.forEach((article, i) => {
    const mine = added[i];
    for (const m of mine) {
      index.passages.set(m.label, m);
      const { text, ...meta } = m;
      index.dense.docstore._docs.set(String(m.label), new Document({ pageContent: text, metadata: meta }));
      index.bm25.add(m.label, `${article.title}\n${m.text}`);
    }
    if (mine.length) index.articleBm25.add(mine[0].label, `${article.title}\n${article.text}`);
    index.articles.set(article.id, {
      id: article.id,
      title: article.title,
      date: article.date,
      source: article.source,
      url: article.url,
      hash: article.hash,
      length: article.text.length,
      labels: mine.map((m) => m.label),
    });
  });
  index.lexicalChanged = true;
  return rowsAdded;
}

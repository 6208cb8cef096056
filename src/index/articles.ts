import { Document } from "@langchain/core/documents";
import { chunkArticle } from "../corpus/chunk.js";
import type { Article, ChunkingSettings } from "../corpus/types.js";
import { UserError } from "../errors.js";
import { splitSentences } from "../text/sentences.js";
import type { IngestOptions } from "./build.js";
import { BriefingIndex, SEGMENT_KIND, type IndexedPassage, type SentenceSpan } from "./store.js";

/** How articles enter and leave both indexes: the embedding half of an ingest. */
export function removeArticle(index: BriefingIndex, id: string): void {
  const entry = index.articles.get(id);
  if (!entry) return;
  if (entry.labels.length) index.articleBm25.remove(entry.labels[0]);
  for (const label of entry.labels) {
    index.dense.index.markDelete(label);
    index.dense.docstore._docs.delete(String(label));
    index.bm25.remove(label);
    index.passages.delete(label);
  }
  index.articles.delete(id);
}

/** Chunks, embeds (one vector per sentence) and adds articles to both indexes; returns the sentences embedded. */
export async function addArticles(index: BriefingIndex, fresh: Article[], chunking: ChunkingSettings, opts: IngestOptions): Promise<number> {
  if (fresh.length === 0) return 0;
  const planned: { article: Article; passages: Omit<IndexedPassage, "label" | "row">[] }[] = [];
  const sentenceTexts: string[] = [];
  // Each distinct sentence text is embedded once: overlapping chunks share sentences, and an
  // archive repeats some (duplicate articles, boilerplate lines); the same text gets the same vector.
  const sentenceKey = new Map<string, number>();
  const sentenceRows: number[][] = [];
  const articleOfText: number[] = []; // for "articles done" in the progress
  for (const [i, article] of fresh.entries()) {
    const passages = (await chunkArticle(article, chunking)).map((p) => {
      // Headings are embedded (they help find the passage) but flagged so they are never quoted alone.
      const spans = splitSentences(p.text).map((s) => [p.start + s.start, p.start + s.end, SEGMENT_KIND[s.kind]] as SentenceSpan);
      const sentences = spans.length ? spans : [[p.start, p.end, 0] as SentenceSpan];
      sentenceRows.push(
        sentences.map(([s, e]) => {
          const key = article.text.slice(s, e);
          let row = sentenceKey.get(key);
          if (row === undefined) {
            row = sentenceTexts.push(key) - 1;
            articleOfText.push(i);
            sentenceKey.set(key, row);
          }
          return row;
        }),
      );
      return { ...p, sentences };
    });
    planned.push({ article, passages });
    opts.onProgress?.({ stage: "chunking", done: i + 1, total: fresh.length });
  }

  // Rows of the sentence-vector table: the old ones, then each new passage's sentences in turn.
  // Each embedded sentence is written straight to its row(s), with no intermediate copy.
  const d = index.dimension;
  const oldRows = index.sentenceVectors.length / d;
  const totalNew = sentenceRows.reduce((n, r) => n + r.length, 0);
  const grown = new Float32Array((oldRows + totalNew) * d);
  grown.set(index.sentenceVectors);
  const destinations: number[][] = sentenceTexts.map(() => []);
  let next = oldRows;
  for (const rows of sentenceRows) for (const r of rows) destinations[r].push(next++);
  await embedWithProgress(opts, sentenceTexts, d, articleOfText, fresh.length, (t, v) => {
    for (const row of destinations[t]) grown.set(v, row * d);
  });
  index.sentenceVectors = grown;

  // HNSWLib numbers new documents from the current element count; labels follow that.
  const first = currentCount(index);
  const metas: IndexedPassage[] = [];
  let row = oldRows;
  let k = 0;
  for (const { passages } of planned) {
    for (const p of passages) {
      const count = sentenceRows[k++].length;
      metas.push({ ...p, row, label: first + metas.length } as IndexedPassage);
      row += count;
    }
  }
  // A passage's vector is the mean of its sentences'; added in slices to bound memory.
  for (let i = 0; i < metas.length; i += 1000) {
    const slice = metas.slice(i, i + 1000);
    const vectors = slice.map((m) => {
      const mean = new Float32Array(d);
      for (let j = 0; j < m.sentences.length; j++) {
        const v = grown.subarray((m.row + j) * d, (m.row + j + 1) * d);
        for (let x = 0; x < d; x++) mean[x] += v[x];
      }
      return Array.from(normalise(mean));
    });
    const docs = slice.map(({ text, ...meta }) => new Document({ pageContent: text, metadata: meta }));
    await index.dense.addVectors(vectors, docs);
  }
  let at = 0;
  for (const { article, passages } of planned) {
    const mine = metas.slice(at, at + passages.length);
    at += passages.length;
    for (const m of mine) {
      index.passages.set(m.label, m);
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
  }
  return sentenceTexts.length;
}

function currentCount(index: BriefingIndex): number {
  try {
    return index.dense.index.getCurrentCount();
  } catch {
    return 0; // not initialised yet: HNSWLib starts at 0
  }
}

/** Above this many sentences, a worker pool (when offered) is worth its start-up. */
const BULK_THRESHOLD = 400;

/**
 * Embeds in large calls (they keep both pool workers busy) and hands each vector over as it
 * arrives: 40k sentences held as number[][] would cost several hundred MB.
 */
async function embedWithProgress(
  opts: IngestOptions,
  texts: string[],
  d: number,
  articleOfText: number[],
  articlesTotal: number,
  onVector: (text: number, vector: ArrayLike<number>) => void,
): Promise<void> {
  const embedder = opts.bulk && texts.length > BULK_THRESHOLD ? await opts.bulk() : opts.embeddings;
  try {
    // A model on this thread blocks it for a whole call: small calls, so signals and the UI get turns.
    const batch = embedder.offThread ? 1024 : 64;
    for (let i = 0; i < texts.length; i += batch) {
      const slice = texts.slice(i, i + batch);
      const rows: ArrayLike<number>[] = embedder.embedRows ? await embedder.embedRows(slice) : await embedder.embedDocuments(slice);
      rows.forEach((v, j) => {
        if (v.length !== d) {
          throw new UserError(`the embedder "${opts.embeddings.id}" returned ${v.length}-dim vectors, the index holds ${d}`, "run `briefing ingest --rebuild`");
        }
        onVector(i + j, v);
      });
      const done = Math.min(i + batch, texts.length);
      opts.onProgress?.({ stage: "embedding", done, total: texts.length, articlesDone: articleOfText[done - 1] + 1, articlesTotal });
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    if (embedder !== opts.embeddings) await embedder.close?.();
  }
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

import { chunkArticle } from "../corpus/chunk.js";
import type { Article, ChunkingSettings, Passage } from "../corpus/types.js";
import { type Sentence, splitSentences } from "../text/sentences.js";
import type { ArticleEntry } from "./manifest.js";
import type { IndexedPassage, SentenceSpan } from "./passage.js";

/**
 * An article as the index takes it in: chunked into passages, each split into sentences, labels
 * and sentence-vector rows handed out from `label` and `row` on. Pure: the index adds the result.
 */
export async function passagesOfArticle(article: Article, chunking: ChunkingSettings, label: number, row: number): Promise<IndexedPassage[]> {
  // The article is split into sentences once; each passage takes the sentences within it. Splitting a
  // passage's text again would see less context (a heading at its last line, a sentence cut at its edge).
  const all = splitSentences(article.text);
  const out: IndexedPassage[] = [];
  let from = 0;
  for (const p of await chunkArticle(article, chunking, all)) {
    // Passages go forward through the article (overlapping only by the sentences they repeat).
    while (from < all.length && all[from]!.end <= p.start) from++;
    const spans = spansWithin(article.text, all, from, p);
    // Headings are embedded (they help find the passage) but flagged so they are never quoted alone.
    const sentences = spans.length ? spans : [{ start: p.start, end: p.end, kind: "sentence" as const }];
    out.push({ ...p, sentences, row, label: label++ });
    row += sentences.length;
  }
  return out;
}

/**
 * Articles as the index takes them in, one `passagesOfArticle` each, labels and rows handed out in
 * order from `label` and `row` on. Returns each article's passages and the next free label and row.
 */
export async function passagesOfArticles(
  articles: readonly Article[],
  chunking: ChunkingSettings,
  label: number,
  row: number,
  onProgress?: (done: number, total: number) => void,
): Promise<{ passages: IndexedPassage[][]; label: number; row: number }> {
  const passages: IndexedPassage[][] = [];
  for (const [i, article] of articles.entries()) {
    const mine = await passagesOfArticle(article, chunking, label, row);
    label += mine.length;
    for (const m of mine) row += m.sentences.length;
    passages.push(mine);
    onProgress?.(i + 1, articles.length);
  }
  return { passages, label, row };
}

/** The article's sentences that overlap the passage, from `from` on, cut at its edges (without edge whitespace). */
function spansWithin(text: string, all: readonly Sentence[], from: number, p: Passage): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (let i = from; i < all.length && all[i]!.start < p.end; i++) {
    const s = all[i]!;
    let start = Math.max(s.start, p.start);
    let end = Math.min(s.end, p.end);
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) spans.push({ start, end, kind: s.kind });
  }
  return spans;
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

/** An article's text between two offsets, rebuilt from its passages (in article order): whitespace the chunker dropped between passages comes back as spaces of the same length, so offsets stay aligned. */
export function textBetween(passages: readonly IndexedPassage[], start: number, end: number): string {
  let text = "";
  let at = start;
  for (const p of passages) {
    if (p.end <= at || p.start >= end) continue;
    if (p.start > at) text += " ".repeat(p.start - at);
    const from = Math.max(at, p.start);
    text += p.text.slice(from - p.start, Math.min(end, p.end) - p.start);
    at = Math.min(end, p.end);
  }
  return text;
}

/** Sources that begin with the corpus as named before (`before` + id) begin with it as named now; for `BriefingIndex.nameCorpus`, on its own maps. */
export function renameSources(articles: Map<string, ArticleEntry>, passages: Map<number, IndexedPassage>, before: string, now: string): void {
  const renamed = (source: string, id: string) => (source === before + id ? now + id : source);
  for (const a of articles.values()) a.source = renamed(a.source, a.id);
  for (const [label, p] of passages) {
    const source = renamed(p.source, p.articleId);
    if (source !== p.source) passages.set(label, { ...p, source });
  }
}

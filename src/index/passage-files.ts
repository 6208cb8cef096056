import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ArticleEntry } from "./manifest.js";
import { STORED_KIND as KINDS, type IndexedPassage } from "./passage.js";

/**
 * The passages of a format-4 generation as three flat files, read without parsing JSON (format 3's
 * 30 MB docstore.json took most of a second to parse on Reuters, on every `ask`):
 * - `passages.i32`: per passage `label, article, ordinal, start, end, row, textEnd, spans`, where
 *   `article` is the position of its article in articles.json, `ordinal` its place in the article
 *   (its id is `${articleId}::${ordinal}`), `textEnd` the byte offset in passages.txt where its
 *   text ends, `spans` its sentence count;
 * - `spans.i32`: `start, end, kind` per sentence, passage after passage;
 * - `passages.txt`: the passage texts, UTF-8, one after another.
 * Title, date and source are the article's, so they are kept once, in articles.json.
 */
export const PASSAGE_FILES = ["passages.i32", "spans.i32", "passages.txt"];

const FIELDS = 8;

export function writePassages(dir: string, passages: Iterable<IndexedPassage>, articles: readonly ArticleEntry[]): void {
  const articleAt = new Map(articles.map((a, i) => [a.id, i]));
  const list = [...passages];
  const table = new Int32Array(list.length * FIELDS);
  const spans = new Int32Array(list.reduce((n, p) => n + p.sentences.length, 0) * 3);
  const texts = Buffer.from(list.map((p) => p.text).join(""), "utf8");
  let bytes = 0;
  let s = 0;
  list.forEach((p, i) => {
    const a = articleAt.get(p.articleId);
    const ordinal = Number(p.id.slice(p.articleId.length + 2));
    const entry = a === undefined ? undefined : articles[a];
    // What is not stored is derived on reading: it must derive back to exactly this passage.
    if (!entry || p.id !== `${p.articleId}::${ordinal}` || p.title !== entry.title || p.date !== entry.date || p.source !== entry.source) {
      throw new Error(`passage ${p.id} does not match its article entry`);
    }
    bytes += Buffer.byteLength(p.text, "utf8");
    table.set([p.label, a!, ordinal, p.start, p.end, p.row, bytes, p.sentences.length], i * FIELDS);
    for (const span of p.sentences) {
      spans[s++] = span.start;
      spans[s++] = span.end;
      spans[s++] = KINDS.indexOf(span.kind);
    }
  });
  writeFileSync(path.join(dir, "passages.i32"), table);
  writeFileSync(path.join(dir, "spans.i32"), spans);
  writeFileSync(path.join(dir, "passages.txt"), texts);
}

export function readPassages(dir: string, articles: readonly ArticleEntry[]): IndexedPassage[] {
  const table = int32s(readFileSync(path.join(dir, "passages.i32")));
  const spans = int32s(readFileSync(path.join(dir, "spans.i32")));
  const texts = readFileSync(path.join(dir, "passages.txt"));
  if (table.length % FIELDS !== 0) throw new Error("passages.i32 has the wrong size");
  const out: IndexedPassage[] = [];
  let from = 0;
  let s = 0;
  for (let at = 0; at < table.length; at += FIELDS) {
    const label = table[at], a = table[at + 1], ordinal = table[at + 2], start = table[at + 3], end = table[at + 4], row = table[at + 5], textEnd = table[at + 6], count = table[at + 7];
    const article = articles[a];
    if (!article || textEnd < from || textEnd > texts.length || s + count * 3 > spans.length) throw new Error("passages.i32 does not match the other index files");
    const sentences = new Array(count);
    for (let i = 0; i < count; i++, s += 3) {
      const kind = KINDS[spans[s + 2]];
      if (!kind) throw new Error("spans.i32 holds an unknown sentence kind");
      sentences[i] = { start: spans[s], end: spans[s + 1], kind };
    }
    out.push({ id: `${article.id}::${ordinal}`, articleId: article.id, title: article.title, date: article.date, source: article.source, start, end, text: texts.toString("utf8", from, textEnd), sentences, row, label });
    from = textEnd;
  }
  if (s !== spans.length || from !== texts.length) throw new Error("spans.i32 or passages.txt does not match passages.i32");
  return out;
}

/** The bytes of a file as Int32s (copied when the buffer is not 4-byte aligned). */
export function int32s(buf: Buffer): Int32Array {
  if (buf.byteLength % 4 !== 0) throw new Error("a table file has a size that is not a whole number of entries");
  if (buf.byteOffset % 4 === 0) return new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  return new Int32Array(new Uint8Array(buf).buffer);
}

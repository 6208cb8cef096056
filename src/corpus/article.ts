import { createHash } from "node:crypto";
import path from "node:path";
import type { Article, LoadProblem } from "./types.js";
import { cleanArticleText } from "../text/sanitize.js";
import { normalizeDate } from "./dates.js";

/** What every format parser hands back for one file. */
export interface FormatResult {
  articles: Article[];
  problems: LoadProblem[];
}

/** One file as a format parser sees it: decoded text, the user-facing source path, the file name. */
export interface FileInput {
  text: string;
  source: string;
  fileName: string;
}

/** sha256 over title, date and text: what the incremental indexer compares. */
export function articleHash(title: string, date: string | null, text: string): string {
  return createHash("sha256").update(JSON.stringify([title, date, text])).digest("hex");
}

/**
 * Line endings unified to \n, escape sequences, controls and zero-width characters removed (see
 * cleanArticleText), outer whitespace trimmed; passage offsets refer to this string.
 */
export function cleanText(text: string): string {
  return cleanArticleText(text).trim();
}

/**
 * Build an Article; null when the text is empty (the caller reports that). A missing title
 * falls back to `fallbackTitle`, then to the first line of the text.
 */
export function makeArticle(f: {
  title?: string | null;
  date?: string | null;
  text: string;
  source: string;
  url?: string | null;
  fallbackTitle?: string;
}): Article | null {
  const text = cleanText(f.text);
  if (!text) return null;
  const title = oneLine(f.title ?? "") || oneLine(f.fallbackTitle ?? "") || titleFromText(text);
  const date = f.date ?? null;
  const article: Article = { id: f.source, title, date, source: f.source, text, hash: articleHash(title, date, text) };
  const url = f.url ? oneLine(f.url) : "";
  if (url) article.url = url;
  return article;
}

function oneLine(s: string): string {
  return cleanArticleText(s).replace(/\s+/g, " ").trim();
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})[-_ ]+/;

/** "2024-01-31-us-uk-defence_chiefs.md" → "Us uk defence chiefs": readable enough for a citation. */
export function titleFromFileName(fileName: string): string {
  const base = path.basename(fileName, path.extname(fileName));
  const words = base.replace(DATE_PREFIX, "").replace(/[_\-.]+/g, " ").replace(/\s+/g, " ").trim();
  if (!words) return base;
  return words[0]!.toUpperCase() + words.slice(1);
}

/** A date written at the start of a file name (`2024-01-31-…`), used when the content gives none. */
export function dateFromFileName(fileName: string): string | null {
  const m = DATE_PREFIX.exec(path.basename(fileName));
  return m ? normalizeDate(m[1]) : null;
}

/** A title for a record that has none: its first line, or the start of its first sentence. */
export function titleFromText(text: string): string {
  const first = oneLine(text.split("\n", 1)[0] ?? "");
  if (first.length <= 100) return first;
  const sentence = /^.{20,100}?[.!?](?=\s|$)/.exec(first)?.[0];
  if (sentence) return sentence;
  return first.slice(0, 80).replace(/\s+\S*$/, "") + "…";
}

const TEXT_FIELDS = ["text", "content", "body"] as const;
const DATE_FIELDS = ["date", "published", "published_at", "publishedAt", "pubDate"] as const;

/**
 * One record of a .json/.jsonl/.csv file as an Article, or the reason it cannot be one.
 * Its source is `file#id` (the record's id field, else `fallbackId`: line or record number).
 */
export function recordToArticle(
  rec: unknown,
  fileSource: string,
  fallbackId: number,
  seenIds: Set<string>,
): Article | { problem: string } {
  if (typeof rec !== "object" || rec === null || Array.isArray(rec)) return { problem: "not an object with a text field" };
  const r = rec as Record<string, unknown>;
  const field = TEXT_FIELDS.find((k) => r[k] !== undefined && r[k] !== null);
  if (!field) return { problem: "no text, content or body field" };
  if (typeof r[field] !== "string") return { problem: `${field} is not a string` };
  const rawId = r.id;
  const id = typeof rawId === "string" || typeof rawId === "number" ? shownPath(String(rawId).trim()) : "";
  const key = id || String(fallbackId);
  if (seenIds.has(key)) return { problem: `duplicate id "${key}" in this file; record skipped` };
  seenIds.add(key);
  const dateField = DATE_FIELDS.find((k) => r[k] !== undefined && r[k] !== null);
  const article = makeArticle({
    title: scalar(r.title) ?? scalar(r.headline),
    date: dateField ? normalizeDate(r[dateField]) : null,
    text: r[field] as string,
    url: scalar(r.url) ?? scalar(r.link),
    source: `${fileSource}#${key}`,
  });
  return article ?? { problem: "empty (no text)" };
}

/**
 * A path (or record id) as it is shown and used as a source: a newline or tab in a file name is
 * written as backslash-n or backslash-t, so a printed source or problem line is never split.
 * (Escape sequences are removed wherever text reaches the terminal.)
 */
export function shownPath(p: string): string {
  return p.replace(/[\n\r\t\v\f\u0085\u2028\u2029]/g, (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

function scalar(v: unknown): string | null {
  return typeof v === "string" || typeof v === "number" ? String(v) : null;
}

import { dateFromFileName, makeArticle, titleFromFileName, type FileInput, type FormatResult } from "../article.js";
import { normalizeDate } from "../dates.js";

// " date 2024-01-31 In a significant move…": the scraped seed layout, date then body on one line.
const INLINE_ISO_DATE = /^\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*/i;
// "Date: 31 January 2024" alone on the first line.
const DATE_LINE = /^\s*date\s*:\s*([^\n]+)\n/i;

/**
 * Plain text. A leading `date …` gives the date and is removed from the body. A short first
 * line followed by a blank line is the headline (the BBC layout); otherwise the title comes
 * from the file name.
 */
export function parseTxt(input: FileInput): FormatResult {
  let body = input.text.replace(/\r\n?/g, "\n");
  let date: string | null = null;
  const inline = INLINE_ISO_DATE.exec(body);
  const line = inline ? null : DATE_LINE.exec(body);
  if (inline && normalizeDate(inline[1])) {
    date = normalizeDate(inline[1]);
    body = body.slice(inline[0].length);
  } else if (line && normalizeDate(line[1])) {
    date = normalizeDate(line[1]);
    body = body.slice(line[0].length);
  }
  const { title, rest } = splitHeadline(body);
  const article = makeArticle({
    title,
    date: date ?? dateFromFileName(input.fileName),
    text: rest,
    source: input.source,
    fallbackTitle: titleFromFileName(input.fileName),
  });
  if (!article) return { articles: [], problems: [{ path: input.source, reason: "empty (no text)" }] };
  return { articles: [article], problems: [] };
}

/** A headline is at most 120 characters, not ending like a sentence or clause, then a blank line. */
export function splitHeadline(body: string): { title: string | null; rest: string } {
  const m = /^\s*([^\n]+)\n[ \t]*\n/.exec(body);
  if (!m) return { title: null, rest: body };
  const first = m[1]!.trim();
  const rest = body.slice(m[0].length);
  const sentenceLike = /[,;:]$/.test(first) || (/\.$/.test(first) && !/\.\.\.$/.test(first));
  if (first.length > 120 || sentenceLike || !rest.trim()) return { title: null, rest: body };
  return { title: first, rest };
}

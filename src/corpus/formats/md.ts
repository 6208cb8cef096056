import { parse as parseYaml } from "yaml";
import { firstLine } from "../../errors.js";
import { dateFromFileName, makeArticle, titleFromFileName, type FileInput, type FormatResult } from "../article.js";
import { normalizeDate } from "../dates.js";

/**
 * Markdown with optional YAML front matter (title, date, url; `source` counts as the url only
 * when it is a web address). Front matter that is not valid YAML makes the file a load problem
 * rather than being read as body text: the user meant it as metadata, and indexing it as prose
 * would hide the mistake. A leading `---` with no closing `---` is a thematic break, not front matter.
 * Title: front matter, else a leading `# heading` (removed from the body), else the file name.
 */
export function parseMd(input: FileInput): FormatResult {
  const problem = (reason: string): FormatResult => ({ articles: [], problems: [{ path: input.source, reason }] });
  const lines = input.text.replace(/\r\n?/g, "\n").split("\n");
  let meta: Record<string, unknown> = {};
  let bodyLines = lines;
  if (lines[0]?.trim() === "---") {
    const close = lines.findIndex((l, i) => i > 0 && (l.trim() === "---" || l.trim() === "..."));
    if (close > 0) {
      let parsed: unknown;
      try {
        parsed = parseYaml(lines.slice(1, close).join("\n"));
      } catch (err) {
        return problem(`front matter is not valid YAML (${firstLine(err)}); fix it, or remove the --- lines`);
      }
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        meta = parsed as Record<string, unknown>;
        bodyLines = lines.slice(close + 1);
      } else if (parsed === null || parsed === undefined) {
        bodyLines = lines.slice(close + 1); // empty front matter
      }
    }
  }
  let body = bodyLines.join("\n");
  let title = str(meta.title);
  if (!title) {
    const h1 = /^\s*#[ \t]+(.+?)[ \t#]*(?:\n|$)/.exec(body);
    if (h1) {
      title = h1[1]!.trim();
      body = body.slice(h1[0].length);
    } else {
      title = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1]?.trim() ?? null;
    }
  }
  const source = str(meta.source);
  const url = str(meta.url) ?? str(meta.link) ?? (source && /^https?:\/\//i.test(source) ? source : null);
  const article = makeArticle({
    title,
    date: normalizeDate(meta.date ?? meta.published) ?? dateFromFileName(input.fileName),
    text: body,
    url,
    source: input.source,
    fallbackTitle: titleFromFileName(input.fileName),
  });
  if (!article) return problem("empty (no text)");
  return { articles: [article], problems: [] };
}

function str(v: unknown): string | null {
  if (typeof v === "string" && v.trim()) return v.trim();
  if (typeof v === "number") return String(v);
  return null;
}

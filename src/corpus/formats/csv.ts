import { parse } from "csv-parse/sync";
import { recordToArticle, type FileInput, type FormatResult } from "../article.js";

/**
 * CSV with a header row; a `text` column (or `content`/`body`) is required, and `title`, `date`,
 * `url`, `id` are used when present. Header names are matched case-insensitively. The delimiter
 * is a comma unless the header row has none and uses semicolons or tabs. Record ids default to
 * the 1-based data row number; problems name the file line.
 */
export function parseCsv(input: FileInput): FormatResult {
  const { source } = input;
  const text = input.text.replace(/^\uFEFF/, "");
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = header.includes(",") ? "," : header.includes(";") ? ";" : header.includes("\t") ? "\t" : ",";
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: (names: string[]) => names.map((n) => n.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as typeof rows;
  } catch (err) {
    return { articles: [], problems: [{ path: source, reason: `not valid CSV (${(err as Error).message})` }] };
  }
  const columns = header.split(delimiter).map((n) => n.trim().replace(/^"|"$/g, "").toLowerCase());
  if (!["text", "content", "body"].some((c) => columns.includes(c))) {
    return {
      articles: [],
      problems: [{ path: source, reason: `no "text" column (columns: ${columns.join(", ") || "none"}); name the article text column "text"` }],
    };
  }
  const out: FormatResult = { articles: [], problems: [] };
  const seen = new Set<string>();
  rows.forEach(({ record, info }, i) => {
    // Empty cells are absent values, so a blank `id` or `date` falls back like a missing one.
    const rec = Object.fromEntries(Object.entries(record).filter(([k, v]) => k && v !== ""));
    for (const c of ["text", "content", "body"]) if (c in record && !(c in rec)) rec[c] = "";
    const r = recordToArticle(rec, source, i + 1, seen);
    if ("problem" in r) out.problems.push({ path: `${source}:${info.lines}`, reason: r.problem });
    else out.articles.push(r);
  });
  if (rows.length === 0) out.problems.push({ path: source, reason: "empty (no records)" });
  return out;
}

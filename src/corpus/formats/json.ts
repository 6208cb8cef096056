import { recordToArticle, type FileInput, type FormatResult } from "../article.js";

/**
 * JSON Lines: one record per line; a bad line is reported as `file.jsonl:LINE` and the other
 * lines still load. Takes any (async) iterable of lines so big files can be streamed.
 * Record ids default to the 1-based line number, so `file.jsonl#12` and `file.jsonl:12` agree.
 */
export async function parseJsonlLines(lines: Iterable<string> | AsyncIterable<string>, source: string): Promise<FormatResult> {
  const out: FormatResult = { articles: [], problems: [] };
  const seen = new Set<string>();
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.trim();
    if (!line) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (err) {
      out.problems.push({ path: `${source}:${n}`, reason: `not valid JSON (${(err as Error).message})` });
      continue;
    }
    const r = recordToArticle(rec, source, n, seen);
    if ("problem" in r) out.problems.push({ path: `${source}:${n}`, reason: r.problem });
    else out.articles.push(r);
  }
  if (out.articles.length === 0 && out.problems.length === 0) out.problems.push({ path: source, reason: "empty (no records)" });
  return out;
}

export function parseJsonl(input: FileInput): Promise<FormatResult> {
  return parseJsonlLines(input.text.replace(/^\uFEFF/, "").split(/\r?\n/), input.source);
}

/**
 * JSON: an array of records, an object holding one (`articles`, `items`, `records` or `data`),
 * or a single record, which is then the whole file (source without `#id`).
 */
export function parseJson(input: FileInput): FormatResult {
  const { source } = input;
  let doc: unknown;
  try {
    doc = JSON.parse(input.text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? `:${input.text.slice(0, +pos[1]!).split("\n").length}` : "";
    return { articles: [], problems: [{ path: `${source}${where}`, reason: `not valid JSON (${msg})` }] };
  }
  let records: unknown[] | null = Array.isArray(doc) ? doc : null;
  if (!records && doc && typeof doc === "object") {
    const o = doc as Record<string, unknown>;
    const key = ["articles", "items", "records", "data"].find((k) => Array.isArray(o[k]));
    if (key) records = o[key] as unknown[];
    else if (["text", "content", "body"].some((k) => k in o)) {
      const r = recordToArticle(o, source, 1, new Set());
      if ("problem" in r) return { articles: [], problems: [{ path: source, reason: r.problem }] };
      // A single-record file is one article: its source is the file itself.
      return { articles: [{ ...r, id: source, source }], problems: [] };
    }
  }
  if (!records) {
    return {
      articles: [],
      problems: [{ path: source, reason: "no articles found: expected an array of records with text, {\"articles\": [...]}, or one record" }],
    };
  }
  const out: FormatResult = { articles: [], problems: [] };
  const seen = new Set<string>();
  records.forEach((rec, i) => {
    const r = recordToArticle(rec, source, i + 1, seen);
    if ("problem" in r) out.problems.push({ path: `${source}#${i + 1}`, reason: r.problem });
    else out.articles.push(r);
  });
  if (records.length === 0) out.problems.push({ path: source, reason: "empty (no records)" });
  return out;
}

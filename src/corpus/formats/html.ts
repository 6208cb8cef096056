import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { dateFromFileName, makeArticle, titleFromFileName, type FileInput, type FormatResult } from "../article.js";
import { normalizeDate } from "../dates.js";

// Minimal DOM shapes we touch; linkedom's own types are loose.
interface El {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<El>;
  getAttribute(name: string): string | null;
}
interface Doc {
  title: string;
  body: El | null;
  querySelector(sel: string): El | null;
}

const DATE_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date"]',
];

/**
 * HTML: the main text via Mozilla Readability (menus, ads and footers dropped), falling back to
 * the whole body when Readability finds no article. Title from og:title, <title>, then <h1>;
 * date from article:published_time / date metas or the first <time datetime>.
 */
export function parseHtml(input: FileInput): FormatResult {
  const html = /<html[\s>]/i.test(input.text) ? withHead(input.text) : `<!doctype html><html><head></head><body>${input.text}</body></html>`;
  const { document } = parseHTML(html) as unknown as { document: Doc };
  const meta = (sel: string) => document.querySelector(sel)?.getAttribute("content")?.trim() || null;

  // Read metadata before Readability, which rewrites the document.
  const title =
    meta('meta[property="og:title"]') ?? meta('meta[name="twitter:title"]') ?? (document.title?.trim() || null) ??
    (document.querySelector("h1")?.textContent?.trim() || null);
  let date: string | null = null;
  for (const sel of DATE_SELECTORS) date ??= normalizeDate(meta(sel));
  date ??= normalizeDate(document.querySelector("time[datetime]")?.getAttribute("datetime"));
  const url = document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? meta('meta[property="og:url"]');
  const fallbackText = document.body ? blockText(document.body) : "";

  let text = "";
  try {
    const parsed = new Readability(document as never).parse();
    if (parsed?.content) {
      const { document: inner } = parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`) as unknown as { document: Doc };
      text = inner.body ? blockText(inner.body) : "";
    }
  } catch {
    // Readability can throw on odd markup; the whole body is still usable.
  }
  if (!text.trim()) text = fallbackText;

  const article = makeArticle({
    title,
    date: date ?? dateFromFileName(input.fileName),
    text,
    url,
    source: input.source,
    fallbackTitle: titleFromFileName(input.fileName),
  });
  if (!article) return { articles: [], problems: [{ path: input.source, reason: "empty (no text)" }] };
  return { articles: [article], problems: [] };
}

/**
 * `<html><title>…</title><body>…` with no `<head>` (hand-written pages often leave it out, as HTML allows):
 * linkedom then makes an empty body and leaves the real one beside it, so the page read as empty.
 * The elements before `<body>` are wrapped in the `<head>` a browser would infer.
 */
function withHead(html: string): string {
  if (/<head[\s>]/i.test(html)) return html;
  const open = /<html[^>]*>/i.exec(html);
  if (!open) return html;
  const at = open.index + open[0].length;
  const lead = /^(?:\s*(?:<!--[\s\S]*?-->|<(title|script|style|noscript)\b[\s\S]*?<\/\1\s*>|<(?:meta|link|base)\b[^>]*>))*/i.exec(html.slice(at))![0];
  let rest = html.slice(at + lead.length);
  // No <body> either: what follows the head's elements is the body.
  if (!/<body[\s>]/i.test(rest)) rest = `<body>${rest.replace(/<\/html\s*>\s*$/i, "")}</body></html>`;
  return `${html.slice(0, at)}<head>${lead}</head>${rest}`;
}

const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME", "HEAD"]);
const BLOCK = new Set(
  ("P DIV SECTION ARTICLE MAIN HEADER FOOTER ASIDE NAV H1 H2 H3 H4 H5 H6 UL OL LI BLOCKQUOTE PRE TABLE THEAD TBODY " +
    "TR FIGURE FIGCAPTION DL DT DD HR ADDRESS").split(" "),
);

/** Text with paragraph breaks kept: block elements become blank-line separated, <li> become "- " lines. */
export function blockText(root: El): string {
  const parts: string[] = [];
  const walk = (node: El, pre: boolean) => {
    if (node.nodeType === 3) {
      const t = node.textContent ?? "";
      parts.push(pre ? t : t.replace(/\s+/g, " "));
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === "BR") return void parts.push("\n");
    const block = BLOCK.has(name);
    if (block) parts.push(name === "LI" ? "\n- " : name === "TR" ? "\n" : "\n\n");
    for (const child of Array.from(node.childNodes)) walk(child, pre || name === "PRE");
    if (name === "TD" || name === "TH") parts.push(" | ");
    // The next <li>/<tr> opens its own line, so list items stay on consecutive lines.
    if (block && name !== "LI" && name !== "TR") parts.push("\n\n");
  };
  walk(root, false);
  return parts
    .join("")
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

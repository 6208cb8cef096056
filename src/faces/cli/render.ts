import type { Briefing } from "../../answer/types.js";
import { sanitizeForTerminal } from "../../text/sanitize.js";

export interface RenderOptions {
  width?: number;
  color?: boolean;
}

/** Wraps text to a width at spaces, with a hanging indent for continuation lines. */
export function wrap(text: string, width: number, indent = ""): string {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let line = /^\s*/.exec(para)![0]; // keep a paragraph's own indent
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const prefix = lines.length && !line ? indent : "";
      if (line.trim() && (line + " " + word).length > width) {
        lines.push(line);
        line = indent + word;
      } else line = line.trim() ? `${line} ${word}` : line + prefix + word;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

export function groupByArticle<T extends { articleId: string }>(citations: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const c of citations) groups.set(c.articleId, [...(groups.get(c.articleId) ?? []), c]);
  return [...groups.values()];
}

export function sourceLine(c: { n: number; title: string; date: string | null; source: string }): string {
  return `[${c.n}] ${sanitizeForTerminal(c.title)} — ${c.date ?? "undated"} — ${sanitizeForTerminal(c.source)}`;
}

/** A briefing as plain text: the answer, then numbered sources with their quotes. Corpus text is sanitised. */
export function renderPlain(b: Briefing, opts: RenderOptions = {}): string {
  const width = Math.max(40, Math.min(opts.width ?? 100, 120));
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[22m` : s);
  const cyan = (s: string) => (opts.color ? `\x1b[36m${s}\x1b[39m` : s);
  const out: string[] = [];
  if (b.understoodAs) out.push(wrap(`(understood as: ${sanitizeForTerminal(b.understoodAs)})`, width));
  for (const n of b.notices) out.push(wrap(`! ${sanitizeForTerminal(n)}`, width, "  "));
  // A timeline's lines keep their dates in a column: continuation lines indent past the date.
  const answer = (b.digest ? sanitizeForTerminal(b.answer).split("\n").map((l) => wrap(l, width, /^(?:\d{4}-\d{2}-\d{2}|undated) {2}/.test(l) ? " ".repeat(12) : /^• /.test(l) ? "  " : "")).join("\n") : wrap(sanitizeForTerminal(b.answer), width)).replace(/\[(\d+)\]/g, (m) => cyan(m));
  out.push(answer);
  // "Nothing more on …" cites nothing new, and the nearest sources are the ones already quoted.
  if (b.nothingMore) return out.join("\n");
  out.push("");
  if (b.abstained) {
    out.push(bold("Nearest sources:"));
    b.passages.slice(0, 3).forEach((p, i) => out.push(wrap(sourceLine({ n: i + 1, ...p }), width, "    ")));
  } else {
    out.push(bold("Sources:"));
    // Several quotes from one article share one source line.
    for (const group of groupByArticle(b.citations)) {
      const head = group.length === 1 ? sourceLine(group[0]) : sourceLine({ ...group[0] }).replace(/^\[\d+\]/, `[${group.map((c) => c.n).join(", ")}]`);
      out.push(wrap(head, width, "    "));
      for (const c of group) out.push(wrap(`    ${group.length > 1 ? `[${c.n}] ` : ""}“${sanitizeForTerminal(c.quote.trim())}”`, width, "      "));
    }
  }
  return out.join("\n");
}

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
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const prefix = lines.length && !line ? indent : "";
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = indent + word;
      } else line = line ? `${line} ${word}` : prefix + word;
    }
    lines.push(line);
  }
  return lines.join("\n");
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
  const answer = wrap(sanitizeForTerminal(b.answer), width).replace(/\[(\d+)\]/g, (m) => cyan(m));
  out.push(answer, "");
  if (b.abstained) {
    out.push(bold("Nearest sources:"));
    b.passages.slice(0, 3).forEach((p, i) => out.push(wrap(sourceLine({ n: i + 1, ...p }), width, "    ")));
  } else {
    out.push(bold("Sources:"));
    for (const c of b.citations) {
      out.push(wrap(sourceLine(c), width, "    "));
      out.push(wrap(`    “${sanitizeForTerminal(c.quote.trim())}”`, width, "     "));
    }
  }
  return out.join("\n");
}

/**
 * Laid-out lines as printed text (ask, timeline, the piped chat): styles become SGR codes when
 * colour is on, nothing otherwise. Deciding colour is color.ts's.
 */
import type { Paint } from "./briefing.js";
import { layoutText, terminalSafe, type Line, type Style } from "./wrap.js";

const COLORS: Record<string, number> = { black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37, gray: 90 };

/** Text in a style, as SGR codes around it (nothing when there is no style). */
export function styled(style: Style | undefined, s: string): string {
  if (!style) return s;
  const on: number[] = [];
  const off: number[] = [];
  if (style.bold || style.dimColor) (on.push(...(style.bold ? [1] : []), ...(style.dimColor ? [2] : [])), off.push(22));
  if (style.italic) (on.push(3), off.push(23));
  if (style.underline) (on.push(4), off.push(24));
  if (style.color && COLORS[style.color]) (on.push(COLORS[style.color]!), off.push(39));
  return on.length ? `\x1b[${on.join(";")}m${s}\x1b[${off.join(";")}m` : s;
}

/** How printed output looks: citation markers in cyan, headings in bold, a quote in /open bold yellow; plain without colour. */
export function printPaint(color: boolean): Paint {
  return (role) => {
    if (!color) return undefined;
    if (role === "marker") return { color: "cyan" };
    if (role === "heading") return { bold: true };
    if (role === "quoted") return { bold: true, color: "yellow" };
    return undefined;
  };
}

/** Lines as text, one per line; an empty line prints nothing, not its indent. */
export function printLines(lines: Line[]): string {
  return lines.map((l) => (l.runs.length ? l.lead + l.runs.map((r) => styled(r.style, r.text)).join("") : "")).join("\n");
}

/**
 * Plain text wrapped at `width`, continuation lines indented by `hang` columns, every line by
 * `indent` (a paragraph's own indent is kept, a long word is not cut).
 */
export function printText(text: string, width: number, hang = 0, indent = 0): string {
  return printLines(layoutText([{ text }], width, { hang, indent, keepIndent: true }));
}

/** One line for a terminal, made safe (notices and errors can carry corpus file names). */
export function printLine(text: string): string {
  return terminalSafe(text);
}

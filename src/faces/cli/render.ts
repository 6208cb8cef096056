import type { Briefing } from "../../answer/types.js";
import { briefingLines, sourceLines, type SourceHead } from "../terminal/briefing.js";
import { printLines, printPaint } from "../terminal/print.js";

export interface RenderOptions {
  width?: number;
  color?: boolean;
}

/** `[n] Title — date — source` on one line, terminal-safe. */
export function sourceLine(c: SourceHead): string {
  return printLines(sourceLines(c, { width: Infinity, form: "print", paint: printPaint(false) }));
}

/** A briefing as printed text: the answer, then numbered sources with their quotes. Laid out by terminal/briefing.ts. */
export function renderPlain(b: Briefing, opts: RenderOptions = {}): string {
  const width = Math.max(40, Math.min(opts.width ?? 100, 120));
  return printLines(briefingLines(b, { width, form: "print", paint: printPaint(Boolean(opts.color)) }));
}

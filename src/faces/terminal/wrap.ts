/**
 * Word wrapping for every face: the chat's Ink views and the printed (plain) output lay text out
 * here, as lines of styled runs. Line filling is wrap-ansi's and widths are string-width's
 * (wide East Asian characters and emoji take two columns, combining marks none). Done here rather
 * than by Ink, whose wrapper (wrap-ansi with trim off) starts a continuation line with a space
 * whenever a line fills exactly and cannot hang an indent under a "[1] " tag.
 *
 * This is also the boundary where text enters the terminal: every run is passed through
 * sanitizeForTerminal here, so corpus text (titles, file names, quotes) cannot drive the terminal
 * whichever view draws it.
 */
import stringWidth from "string-width";
import wrapAnsi from "wrap-ansi";
import { sanitizeForTerminal } from "../../text/sanitize.js";

export interface Style {
  bold?: boolean;
  dimColor?: boolean;
  italic?: boolean;
  underline?: boolean;
  color?: string;
}

export interface Run {
  text: string;
  style?: Style;
}

/** A laid-out line: `lead` is its indent (spaces, or a paragraph's own indent kept), then its runs. An empty line has no runs. */
export interface Line {
  lead: string;
  runs: Run[];
}

export interface WrapOptions {
  /** Columns every line is indented by. */
  indent?: number;
  /** Columns continuation lines (and later paragraphs) are indented by beyond `indent`. */
  hang?: number;
  /**
   * Keep a paragraph's own leading whitespace (printed output: a passage's indented lines stay
   * indented). It stands in for the hang on that paragraph's first line.
   */
  keepIndent?: boolean;
  /** Cut a word longer than a whole line (long URLs, paths); off, it overflows its own line (printed output keeps URLs whole). */
  breakWords?: boolean;
}

/** Columns of text a line keeps however narrow the terminal, before indents and hangs give way. */
const MIN_TEXT = 8;

/** Display width in columns. */
export function displayWidth(s: string): number {
  return stringWidth(s);
}

/** Text as it may reach a terminal: escape sequences, controls and bidi overrides removed. */
export const terminalSafe = sanitizeForTerminal;

/** A paragraph flattened: whitespace runs collapsed to one space (belonging to the run the last whitespace was in), with each character's run. */
interface Flat {
  text: string;
  owners: number[];
  runs: Run[];
}

function flatten(runs: Run[]): { own: string; flat: Flat } {
  let text = "";
  const owners: number[] = [];
  let own = "";
  let leading = true;
  runs.forEach((run, r) => {
    for (const ch of run.text) {
      if (/\s/.test(ch)) {
        if (leading) own += ch;
        else if (text.endsWith(" ")) owners[owners.length - 1] = r;
        else {
          text += " ";
          owners.push(r);
        }
        continue;
      }
      leading = false;
      text += ch;
      for (let i = 0; i < ch.length; i++) owners.push(r);
    }
  });
  if (text.endsWith(" ")) {
    text = text.slice(0, -1);
    owners.pop();
  }
  return { own, flat: { text, owners, runs } };
}

/** The runs of `flat` between two offsets: a piece of each run they cross, in its style. */
function slice(flat: Flat, from: number, to: number): Run[] {
  const out: Run[] = [];
  for (let i = from; i < to; ) {
    let j = i + 1;
    while (j < to && flat.owners[j] === flat.owners[i]) j++;
    const style = flat.runs[flat.owners[i]!]!.style;
    out.push(style ? { text: flat.text.slice(i, j), style } : { text: flat.text.slice(i, j) });
    i = j;
  }
  return out;
}

/** How many of `words` wrap-ansi puts on a line of `limit` columns (at least one). */
function fitting(words: string[], widths: number[], limit: number): number {
  // Only the words that could fit are handed over: the first line never holds more.
  let n = 0;
  for (let used = -1; n < words.length && used <= limit; n++) used += 1 + widths[n]!;
  const first = wrapAnsi(words.slice(0, n + 1).join(" "), Math.max(1, limit), { hard: false, trim: true, wordWrap: true }).split("\n")[0]!;
  return Math.max(1, first.split(" ").length);
}

/** The longest start of `word` that fits in `room` columns, cut between code points (at least one). */
function cut(word: string, room: number): string {
  let piece = "";
  for (const ch of word) {
    const w = displayWidth(ch);
    if (w > room && piece) break;
    piece += ch;
    room -= w;
  }
  return piece;
}

/**
 * Lays out styled text in `width` columns: newlines are kept as line breaks, every run is made
 * terminal-safe, continuation lines hang by `hang` columns.
 */
export function layoutText(runs: Run[], width: number, opts: WrapOptions = {}): Line[] {
  // On a narrow terminal indents and hangs give way, so every line keeps MIN_TEXT columns of text (or
  // the whole width) and still fits: a line wider than the terminal is wrapped again by it, ragged.
  const w = Math.max(1, width);
  const room = Math.min(MIN_TEXT, w);
  // One that does not fit shrinks to a two-column step: `[1, 2, 3]` then its title under it, indented by two.
  const giveWay = (want: number, used: number) => (w - used - want >= room ? want : Math.max(0, Math.min(want, 2, w - used - room)));
  const indent = giveWay(opts.indent ?? 0, 0);
  const hang = giveWay(opts.hang ?? 0, indent);
  const inner = w - indent;
  // The very first line has the whole width; every later one (continuations and later paragraphs) hangs.
  const limitFor = (first: boolean) => Math.max(1, first ? inner : inner - hang);
  const lines: Line[] = [];
  const lead = (first: boolean) => " ".repeat(indent + (first ? 0 : hang));

  // Split into paragraphs at newlines, keeping each run's style.
  const paragraphs: Run[][] = [[]];
  for (const run of runs) {
    const parts = terminalSafe(run.text).split("\n");
    parts.forEach((part, i) => {
      if (i > 0) paragraphs.push([]);
      if (part) paragraphs.at(-1)!.push({ text: part, style: run.style });
    });
  }

  for (const para of paragraphs) {
    const { own: ownRaw, flat } = flatten(para);
    const own = opts.keepIndent ? ownRaw : "";
    if (!flat.text) {
      // An empty paragraph is an empty line; one of only whitespace keeps it when indents are kept.
      lines.push(own ? { lead: " ".repeat(indent), runs: [{ text: own }] } : { lead: lead(lines.length === 0), runs: [] });
      continue;
    }
    const words = flat.text.split(" ");
    const starts: number[] = [];
    words.reduce((at, w) => (starts.push(at), at + w.length + 1), 0);
    const widths = words.map(displayWidth);
    let i = 0;
    let offset = 0; // characters of words[i] already laid out (a long word cut across lines)
    let paraFirst = true;
    while (i < words.length) {
      const first = lines.length === 0;
      // A kept indent replaces the hang on its paragraph's first line, and takes its own columns.
      const withOwn = paraFirst && own !== "";
      const limit = withOwn ? Math.max(1, limitFor(true) - own.length) : limitFor(first);
      const rest = words.slice(i);
      rest[0] = rest[0]!.slice(offset);
      const restWidths = widths.slice(i);
      restWidths[0] = offset ? displayWidth(rest[0]) : restWidths[0]!;
      const from = starts[i]! + offset;
      let to: number;
      if (opts.breakWords && restWidths[0]! > limit) {
        // A word wider than the line is cut; what is left of it starts the next line.
        const piece = cut(rest[0]!, limit);
        to = from + piece.length;
        offset += piece.length;
        if (offset >= words[i]!.length) {
          i += 1;
          offset = 0;
        }
      } else {
        const n = fitting(rest, restWidths, limit);
        to = starts[i + n - 1]! + words[i + n - 1]!.length;
        i += n;
        offset = 0;
      }
      const body = slice(flat, from, to);
      lines.push(withOwn ? { lead: " ".repeat(indent), runs: [{ text: own }, ...body] } : { lead: lead(first && paraFirst), runs: body });
      paraFirst = false;
    }
  }
  return lines;
}

/**
 * Wraps styled text to `width` columns; continuation lines get `hang` columns less (the caller
 * indents them). Newlines in the text are kept as line breaks. Returns the lines' runs.
 */
export function wrapRuns(runs: Run[], width: number, hang = 0): Run[][] {
  return layoutText(runs, width, { hang, breakWords: true }).map((l) => l.runs);
}

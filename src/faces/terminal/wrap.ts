/**
 * Word wrapping for the chat, done here rather than by Ink: Ink's wrapper (wrap-ansi with
 * trim off) starts a continuation line with a space whenever a line fills exactly, and
 * cannot hang an indent under a "[1] " tag. Styled runs are wrapped together as one text.
 */

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

type Token = { kind: "word"; runs: Run[]; width: number } | { kind: "space"; style?: Style } | { kind: "break"; count: number };

/** Display width in columns: wide East Asian characters and emoji take two, combining marks none. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|\u200b|\u200d|\ufe0f/u.test(ch)) continue;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

function tokenize(runs: Run[]): Token[] {
  const tokens: Token[] = [];
  let word: Run[] | null = null;
  for (const run of runs) {
    for (const part of run.text.split(/(\s+)/)) {
      if (!part) continue;
      if (/^\s+$/.test(part)) {
        word = null;
        const count = (part.match(/\n/g) ?? []).length;
        tokens.push(count ? { kind: "break", count } : { kind: "space", style: run.style });
      } else {
        // A word may span runs, e.g. `militias,` followed by a highlighted `[1]`.
        if (!word) {
          word = [];
          tokens.push({ kind: "word", runs: word, width: 0 });
        }
        word.push({ text: part, style: run.style });
        (tokens.at(-1) as { width: number }).width += displayWidth(part);
      }
    }
  }
  return tokens;
}

/** Splits a word wider than a whole line into line-sized pieces (long URLs, paths). */
function hardBreak(runs: Run[], first: number, rest: number): Run[][] {
  const pieces: Run[][] = [[]];
  let room = first;
  for (const run of runs) {
    let buf = "";
    for (const ch of run.text) {
      const w = displayWidth(ch);
      if (w > room && (buf || pieces.at(-1)!.length)) {
        if (buf) pieces.at(-1)!.push({ text: buf, style: run.style });
        pieces.push([]);
        buf = "";
        room = rest;
      }
      buf += ch;
      room -= w;
    }
    if (buf) pieces.at(-1)!.push({ text: buf, style: run.style });
  }
  return pieces;
}

/**
 * Wraps styled text to `width` columns; continuation lines get `hang` columns less (the caller
 * indents them). Newlines in the text are kept as line breaks. Returns the lines' runs.
 */
export function wrapRuns(runs: Run[], width: number, hang = 0): Run[][] {
  const lines: Run[][] = [[]];
  let used = 0;
  let space = false;
  let spaceStyle: Style | undefined;
  const limit = () => Math.max(8, lines.length === 1 ? width : width - hang);
  const newLine = () => {
    lines.push([]);
    used = 0;
    space = false;
  };
  for (const t of tokenize(runs)) {
    if (t.kind === "space") {
      space = used > 0;
      spaceStyle = t.style;
      continue;
    }
    if (t.kind === "break") {
      for (let i = 0; i < t.count; i++) newLine();
      continue;
    }
    if (used > 0 && used + (space ? 1 : 0) + t.width > limit()) newLine();
    if (space) {
      lines.at(-1)!.push({ text: " ", style: spaceStyle });
      used += 1;
    }
    space = false;
    if (t.width > limit() - used) {
      const pieces = hardBreak(t.runs, limit() - used, Math.max(8, width - hang));
      pieces.forEach((p, i) => {
        if (i > 0) newLine();
        lines.at(-1)!.push(...p);
        used += p.reduce((n, r) => n + displayWidth(r.text), 0);
      });
      continue;
    }
    lines.at(-1)!.push(...t.runs);
    used += t.width;
  }
  return lines.map(merge);
}

const sameStyle = (a?: Style, b?: Style) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** Joins neighbouring runs of one style, so a line is drawn with few Text nodes. */
function merge(line: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of line) {
    const last = out.at(-1);
    if (last && sameStyle(last.style, r.style)) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}

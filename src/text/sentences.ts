/**
 * Sentence segmentation with character offsets, tuned for news text: abbreviations (U.S., Mr.,
 * Oct. 7), decimals ($6.5), quotes, scraped text with a missing space ("conflict.The meeting"),
 * and the bullet lists and pipe tables that scraped articles contain.
 */

export type SegmentKind = "sentence" | "heading" | "bullet" | "table";

/** A sentence (or a bullet line, table row or heading); `text === input.slice(start, end)`. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  kind: SegmentKind;
}

// Titles before a name: a period after them never ends a sentence.
const TITLES = new Set(
  "mr mrs ms dr prof gen sen rep gov lt col capt sgt st rev hon pres maj adm cmdr fr supt insp det mt messrs".split(" "),
);
// Abbreviations that can also end a sentence: they do when the next word is a typical sentence opener.
const ABBREVIATIONS = new Set(
  (
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun " +
    "no nos vs etc inc ltd co corp jr sr approx dept est fig govt bn mln tn pp vol ed al cf ca ave"
  ).split(" "),
);
// Never a sentence end, whatever follows.
const NEVER_END = new Set(["e.g", "i.e", "eg", "ie", "viz", "cf"]);
// Words that typically open a sentence: after "U.S." or "Inc." they mean the sentence did end there.
const OPENERS = new Set(
  (
    "the this that these those it its he she they we i you there here in on at as but and or so yet a an however " +
    "meanwhile after before when while his her their our my if for with what who why how some many most all both " +
    "one also then now today yesterday last next despite although since because according earlier later under " +
    "over more no not officials analysts critics"
  ).split(" "),
);

const BULLET = /^\s*(?:[-*•·▪◦‣–—]|\d{1,3}[.)])\s+\S/;
const TERMINAL = /[.!?…]["'”’)\]]*$|[:;]$/;

/** Split text into sentences, bullet lines, table rows and headings, with offsets into `text`. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const blocks = splitBlocks(text);
  blocks.forEach((b, i) => {
    if (b.kind !== "prose") {
      out.push(segment(text, b.start, b.end, b.kind));
      return;
    }
    const parts = splitProse(text, b.start, b.end);
    const single = parts.length === 1 && b.lines === 1;
    const body = text.slice(b.start, b.end).trim();
    // A short line without final punctuation, followed by more text, is a heading (BBC, scraped subheads).
    const heading = single && i < blocks.length - 1 && body.length <= 120 && !TERMINAL.test(body);
    for (const [s, e] of parts) out.push(segment(text, s, e, heading ? "heading" : "sentence"));
  });
  return out.filter((s) => s.text.length > 0);
}

function segment(text: string, start: number, end: number, kind: SegmentKind): Sentence {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { text: text.slice(start, end), start, end, kind };
}

interface Block {
  start: number;
  end: number;
  kind: "prose" | "bullet" | "table";
  lines: number;
}

/** Lines grouped into blocks: bullets and table rows alone, prose lines joined only when hard-wrapped. */
function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let pos = 0;
  let open: Block | null = null;
  let prevLine = "";
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    const trimmed = line.trim();
    if (!trimmed) {
      open = null;
    } else if (BULLET.test(line) || isTableRow(trimmed)) {
      blocks.push({ start: pos, end, kind: BULLET.test(line) ? "bullet" : "table", lines: 1 });
      open = null;
    } else if (open && isWrapped(prevLine, trimmed)) {
      open.end = end;
      open.lines++;
    } else {
      open = { start: pos, end, kind: "prose", lines: 1 };
      blocks.push(open);
    }
    prevLine = trimmed;
    if (nl === -1) break;
    pos = nl + 1;
  }
  return blocks;
}

function isTableRow(line: string): boolean {
  return line.startsWith("|") || line.endsWith("|") || (line.match(/\|/g)?.length ?? 0) >= 2;
}

// Hard-wrapped prose: a long line broken mid-sentence, continuing in lowercase.
function isWrapped(prev: string, next: string): boolean {
  return prev.length >= 50 && !TERMINAL.test(prev) && /^[\p{Ll}(]/u.test(next);
}

const CANDIDATE = /[.!?…]+["'”’)\]]*/g;

/** Sentence boundaries inside one prose block; returns [start, end) pairs covering the block. */
function splitProse(text: string, from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let start = from;
  CANDIDATE.lastIndex = from;
  for (let m = CANDIDATE.exec(text); m && m.index < to; m = CANDIDATE.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    if (end >= to) break;
    if (!isBoundary(text, m.index, m[0], end, to)) continue;
    // 'said."We' (no space): the quote opens the next sentence, so cut before it.
    const cut = /^\S/.test(text[end] ?? " ") ? m.index + m[0].replace(/["'”’)\]]+$/, "").length : end;
    parts.push([start, cut]);
    start = cut;
  }
  parts.push([start, to]);
  return parts.filter(([s, e]) => text.slice(s, e).trim().length > 0);
}

function isBoundary(text: string, at: number, punct: string, end: number, to: number): boolean {
  const after = text.slice(end, Math.min(to, end + 40));
  const spaced = /^\s/.test(after);
  const nextWord = after.trimStart().match(/^["'“‘(]?([\p{L}\p{N}]+)/u)?.[1] ?? "";
  const next = after.trimStart()[0] ?? "";
  const word = text.slice(Math.max(0, at - 20), at).match(/[\p{L}\p{N}.]*$/u)?.[0] ?? "";

  if (!spaced) {
    // Missing space after a sentence ("conflict.The meeting"): a lowercase word of 2+ letters, then a
    // capitalised word. Rules out U.K.Officials, $6.5, example.com and D.C., here.
    return /^[.!?]["'”’]?$/.test(punct) && /\p{Ll}{2}$/u.test(word) && /^["'“‘]?\p{Lu}\p{Ll}/u.test(after);
  }
  if (punct.startsWith("…") || punct.startsWith("..")) return /\p{Lu}/u.test(next);
  if (punct[0] === "!" || punct[0] === "?") return !/\p{Ll}/u.test(next);
  if (punct !== ".") return true; // '."' or '.)' closes a sentence

  const lower = word.toLowerCase();
  if (NEVER_END.has(lower)) return false;
  if (TITLES.has(lower)) return false;
  const opener = /^\p{Lu}/u.test(nextWord) && OPENERS.has(nextWord.toLowerCase());
  // Dotted acronyms (U.S, D.C) and initials (Lloyd J. Austin) end a sentence only before an opener.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word) || /^\p{Lu}$/u.test(word)) return opener;
  if (ABBREVIATIONS.has(lower)) return opener;
  return true;
}

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
    "no nos vs etc inc ltd co corp jr sr approx dept est fig govt bn mln tn pp vol ed al cf ca ave " +
    // Wire copy: company forms and U.S. states as Reuters and AP abbreviate them ("Fountain Valley, Calif.").
    "bros cos assn intl natl calif fla conn tex penn mich ariz colo ky md minn mont neb nev okla tenn va vt wis wyo ala ark kan"
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
    // A bullet or row is one segment, unless it is longer than a sentence may be: scraped pages run a
    // whole paragraph on after a dash ("- Manager: \"…\" Team: …"); that is split as prose after its first sentence.
    if (b.kind !== "prose" && b.end - b.start <= MAX_SENTENCE_CHARS) {
      out.push(segment(text, b.start, b.end, b.kind));
      return;
    }
    if (b.kind !== "prose") {
      const kind = b.kind;
      splitProse(text, b.start, b.end).forEach(([s, e], j) => out.push(segment(text, s, e, j === 0 ? kind : "sentence")));
      return;
    }
    const parts = splitProse(text, b.start, b.end);
    const single = parts.length === 1 && b.lines === 1;
    const body = text.slice(b.start, b.end).trim();
    // A short line without final punctuation, followed by more text, is a heading (BBC, scraped subheads).
    const heading = single && i < blocks.length - 1 && body.length <= 120 && !TERMINAL.test(body);
    for (const [s, e] of parts) out.push(segment(text, s, e, heading ? "heading" : "sentence"));
  });
  // A wire sign-off ("REUTER", "MORE") is kept in the text, so offsets stay exact, but is not a sentence.
  return out.filter((s) => s.text.length > 0 && !SIGN_OFF.test(s.text));
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

// Wire-copy sign-offs, alone on a line or after the last sentence ("record May 23. REUTER").
const SIGN_OFF = /^(?:REUTERS?|Reuters?|reuter|MORE|More)(?:\.\.\.)?(?:\^M)?$/;
// An earnings-table line of wire copy: a label, figures, "vs", figures ("Shr 34 cts vs 1.19 dlrs",
// "Avg shrs 51.7 mln vs 43.4 mln", "Qtly div 18 cts vs 18 cts prior"), at most 80 characters. A row of figures, not prose.
const FIGURES_LINE = /^\p{Lu}[\p{L}.&'-]*(?:\s+\S+){0,8}?\s+\(?[-+$]?[\d.,]*\d[\d.,]*\)?(?:\s+\S+){0,6}?\s+vs\.?\s+\S/u;
// Lines longer than this are paragraphs, not hard-wrapped lines (wire copy wraps at 65-80).
const WRAP_WIDTH = 100;

/**
 * Lines grouped into blocks: bullets and table rows alone, prose lines joined into paragraphs.
 * In hard-wrapped text (wire copy, e-mail) a single line break inside a paragraph joins lines
 * whatever the next line starts with; a blank line, or a line indented deeper than the one before
 * (wire copy's paragraph indent), starts a new one. In text of long lines (a paragraph per line) only
 * a long line without final punctuation continuing in lower case is joined, so headings keep their line.
 */
function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const hardWrapped = isHardWrapped(text);
  let pos = 0;
  let open: Block | null = null;
  let prevLine = "";
  let prevIndent = 0;
  let prevTable = false;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    const joins = open !== null && indent <= prevIndent && (hardWrapped ? !isHeadingBefore(open, prevLine, trimmed) : isWrapped(prevLine, trimmed));
    if (!trimmed || SIGN_OFF.test(trimmed)) {
      open = null;
    } else if (BULLET.test(line) || isTableRow(trimmed) || ((prevTable || !joins || isLabel(prevLine)) && trimmed.length <= 80 && FIGURES_LINE.test(trimmed))) {
      blocks.push({ start: pos, end, kind: BULLET.test(line) ? "bullet" : "table", lines: 1 });
      open = null;
    } else if (joins) {
      open!.end = end;
      open!.lines++;
    } else {
      open = { start: pos, end, kind: "prose", lines: 1 };
      blocks.push(open);
    }
    prevTable = blocks.at(-1)?.start === pos && blocks.at(-1)!.kind === "table";
    prevLine = trimmed;
    prevIndent = indent;
    if (nl === -1) break;
    pos = nl + 1;
  }
  return blocks;
}

// In text of long lines: a long line broken mid-sentence, continuing in lowercase.
function isWrapped(prev: string, next: string): boolean {
  return prev.length >= 50 && !TERMINAL.test(prev) && /^[\p{Ll}(]/u.test(next);
}

/**
 * In wrapped text, a one-line block in title case ("Future Outlook") before a capitalised line is a
 * heading, unless it breaks off mid-phrase ("Ministry of Agriculture, Animal Husbandry and").
 */
function isHeadingBefore(open: Block, prev: string, next: string): boolean {
  if (open.lines !== 1 || prev.length > 120 || TERMINAL.test(prev) || prev.includes(",") || !/^\p{Lu}/u.test(next)) return false;
  const words = prev.split(/\s+/);
  return !DANGLING.has(words.at(-1)!.toLowerCase()) && words.every((w) => !/^\p{Ll}\p{L}{3}/u.test(w));
}
const DANGLING = new Set("a an the and or but of to in on at by for from with as than".split(" "));

/** A short line without final punctuation before a row of figures is its label ("Nine mths", "Qtr ends Jan 31"). */
function isLabel(prev: string): boolean {
  return prev.length < 40 && !TERMINAL.test(prev);
}

/**
 * Text broken at a fixed width: no line longer than WRAP_WIDTH, and some line of 40+ characters
 * that ends mid-sentence and is followed by another line.
 */
function isHardWrapped(text: string): boolean {
  let wrapped = false;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    if (end - pos > WRAP_WIDTH) return false;
    if (!wrapped && nl !== -1 && end - pos >= 40 && /\S/.test(text[nl + 1] ?? "") && !TERMINAL.test(text.slice(pos, end).trimEnd())) wrapped = true;
    pos = end + 1;
  }
  return wrapped;
}

function isTableRow(line: string): boolean {
  return line.startsWith("|") || line.endsWith("|") || (line.match(/\|/g)?.length ?? 0) >= 2;
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
  return parts.flatMap(([s, e]) => capped(text, s, e)).filter(([s, e]) => text.slice(s, e).trim().length > 0);
}

/**
 * The longest sentence kept whole. Longer runs (a blob with no punctuation, a scraped list run
 * together) are cut at the last space before the limit, so no "sentence" grows to passage size or
 * beyond. News sentences are far shorter: on the BBC corpus p99 is 250 characters and 7 of 41,646 exceed 600.
 */
export const MAX_SENTENCE_CHARS = 600;

function capped(text: string, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  while (end - start > MAX_SENTENCE_CHARS) {
    const window = text.slice(start, start + MAX_SENTENCE_CHARS);
    const space = window.search(/\s\S*$/);
    let cut = space > MAX_SENTENCE_CHARS / 2 ? start + space + 1 : start + MAX_SENTENCE_CHARS;
    // Never between the two halves of a surrogate pair.
    if (/[\ud800-\udbff]/.test(text[cut - 1] ?? "")) cut--;
    out.push([start, cut]);
    start = cut;
  }
  out.push([start, end]);
  return out;
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

import { editDistance } from "./spelling.js";
import { isNameWord } from "../../text/names.js";

/**
 * Where reports differ: two sentences from different articles that say the same thing word for word
 * except one figure, date or name ("…a 2.2 billion-dlr tender offer…" and "…a 2.8 billion-dlr tender
 * offer…"). Kept strict on purpose: a false "reports differ" misleads more than a missed one, so
 * sentences that report a change over time (a stake cut, a price that rose, a bid raised) never count.
 */

/** Words of a sentence as compared: punctuation at the edges dropped, case kept (names are capitalised). */
export function words(text: string): string[] {
  return tokens(text).map((w) => w.replace(/^[("'“‘<]+|[)"'”’>.,;:!?]+$/g, ""));
}
const tokens = (text: string) => text.split(/\s+/).filter(Boolean);

// Whole month names or their short forms only: "Marlin" and "Mayor" are not months.
const MONTH = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$/i;
const NUMBERISH = /\d/;
/** A word that carries a fact's value: a figure, a month, or a capitalised name. */
function isValue(w: string): boolean {
  return NUMBERISH.test(w) || MONTH.test(w) || /^\p{Lu}[\p{L}'’-]*$/u.test(w);
}

/** The words around a changed value: back to the clause's start, and three words on (for "… from 100"). */
function clause(ws: string[], from: number, to: number): string {
  let start = from;
  while (start > 0 && !/[,;:]$/.test(ws[start - 1] ?? "") ) start--;
  return ws.slice(start, Math.min(ws.length, to + 3)).join(" ");
}

/** Sentences that report movement: their figures differ from earlier reports because things changed. */
const CHANGE = /\b(?:rais(?:e|ed|es|ing)|cut(?:s|ting)?|increas(?:e|ed|es|ing)|reduc(?:e|ed|es|ing)|lower(?:ed|s|ing)?|boost(?:ed|s|ing)?|extend(?:ed|s|ing)?|amend(?:ed|s|ing)?|rose|rise[sn]?|fell|fall(?:s|en)?|gain(?:ed|s)?|lost|jump(?:ed|s)?|drop(?:ped|s)?|climb(?:ed|s)?|declin(?:e|ed|es)|closed|trad(?:ing|ed)|stake|up\s+from|down\s+from|from\s+[\d.,]+|vs|versus|compared|previously|earlier|revised|now)\b/i;

export interface Difference {
  /** The differing words of each sentence, with the word after them when that is the unit ("8.4 billion"). */
  a: string;
  b: string;
  kind: "figure" | "date" | "name";
}

/** Longest-common-subsequence alignment of two word lists (case-insensitive): matched index pairs. */
function align(a: string[], b: string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const L = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  const eq = (i: number, j: number) => a[i].toLowerCase() === b[j].toLowerCase();
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = eq(i, j) ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(i, j)) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (L[i + 1][j] >= L[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/**
 * A cheap bound before the alignment: the words two sentences share (as multisets) bound how many can
 * align, so pairs that could never pass MIN_ALIGNED, or leave more words unaligned on one side than one
 * value and the other edits allow, are dropped without it. Same answers, a fraction of the cost.
 */
function couldAlign(a: string[], b: string[]): boolean {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w.toLowerCase(), (counts.get(w.toLowerCase()) ?? 0) + 1);
  let shared = 0;
  for (const w of b) {
    const k = w.toLowerCase();
    const c = counts.get(k);
    if (c) {
      shared++;
      counts.set(k, c - 1);
    }
  }
  const slack = MAX_VALUE_WORDS + MAX_OTHER_EDITS;
  return shared >= MIN_ALIGNED * Math.min(a.length, b.length) && a.length - shared <= slack && b.length - shared <= slack;
}

/** Longest differing run on one side that is still read as one changed value. */
const MAX_VALUE_WORDS = 5;
/** Aligned words between two changed spots that still make them one value. */
const JOIN_WITHIN = 2;
/** Share of the shorter sentence's words that must align around the difference. */
const MIN_ALIGNED = 0.75;
/** Words added or dropped elsewhere ("Inc", "the") that still leave the sentences the same report. */
const MAX_OTHER_EDITS = 3;

/**
 * The one value in which two sentences differ, or null when they agree, differ in more than one
 * place, say different things, or report a change over time.
 */
export function difference(textA: string, textB: string): Difference | null {
  const a = words(textA);
  const b = words(textB);
  if (Math.min(a.length, b.length) < 6) return null;
  if (!couldAlign(a, b)) return null;
  const pairs = align(a, b);
  if (pairs.length < MIN_ALIGNED * Math.min(a.length, b.length)) return null;
  // Gaps between aligned words: [a from, a to) against [b from, b to).
  const gaps: [number, number, number, number][] = [];
  let pi = 0;
  let pj = 0;
  for (const [i, j] of [...pairs, [a.length, b.length] as [number, number]]) {
    if (i > pi || j > pj) gaps.push([pi, i, pj, j]);
    pi = i + 1;
    pj = j + 1;
  }
  // Changed spots a few words apart are one value ("150 mln to 200 mln" → "250 mln to 300 mln").
  const both: [number, number, number, number][] = [];
  for (const g of gaps.filter(([a0, a1, b0, b1]) => a1 > a0 && b1 > b0)) {
    const last = both.at(-1);
    if (last && g[0] - last[1] <= JOIN_WITHIN && g[2] - last[3] <= JOIN_WITHIN) both[both.length - 1] = [last[0], g[1], last[2], g[3]];
    else both.push(g);
  }
  const inside = (g: [number, number, number, number]) => both.some(([a0, a1, b0, b1]) => g[0] >= a0 && g[1] <= a1 && g[2] >= b0 && g[3] <= b1);
  const others = gaps.filter((g) => !inside(g)).reduce((n, [a0, a1, b0, b1]) => n + (a1 - a0) + (b1 - b0), 0);
  if (both.length !== 1 || others > MAX_OTHER_EDITS) return null;
  const [a0, a1, b0, b1] = both[0];
  if (a1 - a0 > MAX_VALUE_WORDS || b1 - b0 > MAX_VALUE_WORDS) return null;
  const sa = a.slice(a0, a1);
  const sb = b.slice(b0, b1);
  if (!sa.some(isValue) || !sb.some(isValue)) return null;
  // A value inside a clause that reports movement ("cut its stake to 6.3 pct", "to 110 dlrs from 100")
  // differs because things changed, not because reports disagree.
  if (CHANGE.test(clause(tokens(textA), a0, a1)) || CHANGE.test(clause(tokens(textB), b0, b1))) return null;
  const figure = sa.some((w) => NUMBERISH.test(w)) && sb.some((w) => NUMBERISH.test(w));
  const month = (s: string[], before: string | undefined) => s.some((w) => MONTH.test(w)) || (before !== undefined && MONTH.test(before));
  const kind: Difference["kind"] | null = month(sa, a[a0 - 1]) && month(sb, b[b0 - 1]) ? "date" : figure ? "figure" : a0 > 0 && b0 > 0 && sa.every(isNameWord) && sb.every(isNameWord) ? "name" : null;
  // A word swapped for a figure, or "The company" for "Caesars", is rewording, not a differing fact;
  // "Harper" and "Harpers" (a wire copy's typo) are one name spelt two ways.
  if (!kind || (kind === "name" && spellingVariant(sa.join(" "), sb.join(" ")))) return null;
  // Show the value with its context: the month before a day, the unit after a figure.
  const before = kind === "date" && !sa.some((w) => MONTH.test(w)) ? `${a[a0 - 1]} ` : "";
  const after = kind === "figure" && a1 < a.length ? ` ${a[a1]}` : "";
  return { a: before + sa.join(" ") + after, b: before + sb.join(" ") + after, kind };
}

/** One name spelt two ways: the same but for a trailing "s" or "'s", or one letter added, dropped or changed, or two neighbours swapped ("Braodacasting" / "Broadacasting"; 5+ letters). */
export function spellingVariant(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const stem = (w: string) => w.replace(/(?:['’]s|s)$/, "");
  if (stem(x) === stem(y)) return true;
  if (Math.min(x.length, y.length) < 5 || Math.abs(x.length - y.length) > 1) return false;
  return editDistance(x, y, 1) <= 1;
}

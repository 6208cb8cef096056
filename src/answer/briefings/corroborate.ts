/**
 * One fact, all its sources: sentences from different articles that report the same thing (wire
 * copies, follow-ups repeating a lead) are grouped, so a briefing shows the fact once with every
 * article's citation. Sentences that differ in a figure, date or name are never grouped: that is a
 * conflict (conflicts.ts), not corroboration.
 */
import { dot } from "../../embedding/vectors.js";
import { difference, type Difference } from "./conflicts.js";
import { tollDifference, tollsOf } from "./measures.js";

export interface Reported {
  articleId: string;
  text: string;
  terms: string[];
  vector: Float32Array;
  date: string | null;
  position: number;
  score: number;
}

/** A fact and every sentence reporting it; `members[0]` is the earliest report (its date leads). */
export interface Fact<T extends Reported> {
  members: T[];
  score: number;
}

export interface Disagreement<T extends Reported> {
  a: T;
  b: T;
  difference: Difference;
  /** Found in different wordings (a toll), not in otherwise aligned sentences: the weaker evidence. */
  worded?: boolean;
}

/** Closeness above which two sentences are the same report, whatever their wording. */
const SAME_VECTOR = 0.9;
/** Shared terms (Jaccard) above which two sentences are the same report. */
const SAME_TERMS = 0.6;
/** Below this term overlap and vector closeness two sentences are not compared word by word. */
const COMPARE_TERMS = 0.45;
const COMPARE_VECTOR = 0.8;
/** Below this term overlap two sentences are never compared at all. */
const MIN_SHARED = 0.15;
/** Term overlap two sentences giving a toll need to be compared as reports of the same thing. */
const TOLL_SHARED = 0.1;
/** Each further source adds this much to a fact's score (log2 of the count): corroborated facts matter. */
const SOURCES_BONUS = 0.08;

export function jaccard(a: readonly string[], b: readonly string[]): number {
  const [A, B] = [new Set(a), new Set(b)];
  let shared = 0;
  for (const t of A) if (B.has(t)) shared++;
  return shared / (A.size + B.size - shared || 1);
}

const figures = (text: string) => new Set(text.match(/\d[\d,./-]*\d|\d/g) ?? []);

/** Whether the smaller sentence's figures are all in the other's: a shorter report of the same fact. */
function figuresAgree(a: string, b: string): boolean {
  const [fa, fb] = [figures(a), figures(b)];
  const [small, big] = fa.size <= fb.size ? [fa, fb] : [fb, fa];
  return [...small].every((f) => big.has(f));
}

/**
 * Reports of one fact that disagree come days apart, not months: the same sentence a season later
 * ("…posted price… effective Feb 19" / "…effective September 15") is a recurring report of a new event.
 */
const SAME_STORY_DAYS = 14;
function closeInTime(a: string | null, b: string | null): boolean {
  return !a || !b || Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_STORY_DAYS * 86_400_000;
}

const byDate = (a: Reported, b: Reported) => (a.date ?? "9999").localeCompare(b.date ?? "9999") || a.position - b.position || a.articleId.localeCompare(b.articleId);

/**
 * Groups sentences into facts (union of "same report" pairs across articles) and lists the pairs that
 * disagree on one value. Facts come back best first.
 */
export function corroborate<T extends Reported>(sentences: readonly T[]): { facts: Fact<T>[]; disagreements: Disagreement<T>[] } {
  const n = sentences.length;
  const parent = sentences.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const disagreements: Disagreement<T>[] = [];
  // Shared terms of every pair counted through an inverted list (term → sentences holding it): the
  // same Jaccard as comparing sets pair by pair, at a fraction of the cost for 600 sentences.
  const ids = new Map<string, number>();
  const termIds = sentences.map((s) => [...new Set(s.terms.map((t) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1)))]);
  const postings: number[][] = Array.from({ length: ids.size }, () => []);
  termIds.forEach((ts, i) => ts.forEach((t) => postings[t].push(i)));
  const shared = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = sentences[i];
    shared.fill(0, i + 1);
    for (const t of termIds[i]) for (const j of postings[t]) if (j > i) shared[j]++;
    for (let j = i + 1; j < n; j++) {
      if (shared[j] === 0) continue; // no term in common: never the same report
      const b = sentences[j];
      if (a.articleId === b.articleId) continue;
      const terms = shared[j] / (termIds[i].length + termIds[j].length - shared[j] || 1);
      // Sentences sharing almost no terms are not the same report; only the rest pay for a vector comparison.
      const close = terms >= COMPARE_TERMS ? 1 : terms < MIN_SHARED ? 0 : dot(a.vector, b.vector);
      if (terms < COMPARE_TERMS && close < COMPARE_VECTOR) continue;
      if (a.text.trim() !== b.text.trim() && closeInTime(a.date, b.date)) {
        const d = difference(a.text, b.text);
        if (d) {
          disagreements.push({ a, b, difference: d });
          continue;
        }
      }
      const same = a.text.trim() === b.text.trim() || ((terms >= SAME_TERMS || dot(a.vector, b.vector) >= SAME_VECTOR) && figuresAgree(a.text, b.text));
      if (same) parent[find(j)] = find(i);
    }
  }
  // Tolls worded differently ("left 4,000 homeless" / "more than 15,000 people left homeless"): the
  // few sentences giving one are compared among themselves, whatever their other words.
  const tolled = sentences.map((x, i) => ({ x, i })).filter(({ x }) => tollsOf(x.text).length > 0);
  const flagged = new Set(disagreements.map((d) => `${sentences.indexOf(d.a)}:${sentences.indexOf(d.b)}`));
  for (let p = 0; p < tolled.length; p++) {
    for (let q = p + 1; q < tolled.length; q++) {
      const [{ x: a, i }, { x: b, i: j }] = [tolled[p], tolled[q]];
      if (a.articleId === b.articleId || !closeInTime(a.date, b.date) || flagged.has(`${i}:${j}`)) continue;
      // About the same thing: some words in common besides the toll.
      if (jaccard(a.terms, b.terms) < TOLL_SHARED) continue;
      const d = tollDifference(a.text, b.text);
      if (d) disagreements.push({ a, b, difference: d, worded: true });
    }
  }
  const groups = new Map<number, T[]>();
  sentences.forEach((s, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), s]));
  const facts = [...groups.values()].map((members) => {
    // One sentence per article: an article repeating itself adds no source.
    const seen = new Set<string>();
    const kept = [...members].sort(byDate).filter((m) => (seen.has(m.articleId) ? false : (seen.add(m.articleId), true)));
    const best = Math.max(...kept.map((m) => m.score));
    return { members: kept, score: best + SOURCES_BONUS * Math.log2(kept.length) };
  });
  facts.sort((x, y) => y.score - x.score);
  return { facts, disagreements };
}

/**
 * What a question asks about, read from its wording alone: the thing it asks for ("Japan's
 * fertility rate"), the thing a "how many" counts, and the calendar days it names. The evidence
 * (evidence.ts) then looks for these in the chosen sentences and their articles.
 */
import { contentTerms } from "../text/terms.js";

// Where the asked-about thing ends: a preposition, a verb the question goes on with, or the end.
const FOCUS_END = /^(?:in|on|at|for|of|after|before|during|to|by|with|from|since|under|over|than|that|this|which|who|and|or|as|is|was|are|were|be|been|did|does|do|has|have|had|will|would|can|could|when|where|why|how|per)$/i;
// Words that say what kind of answer is wanted, not what it is about.
const TYPE_WORDS = new Set(["name", "number", "amount", "figure", "kind", "type", "total", "level", "value", "size"].flatMap((w) => contentTerms(w)));

/**
 * The thing a question asks about, as terms: what follows a possessive ("Japan's fertility rate",
 * "the Mac mini's designer"), or the noun of "What is the X of …" ("the fertility rate of Japan").
 * An article that never mentions it does not answer, however many of the question's names it holds.
 */
export function focusTerms(question: string): string[] {
  const words = question.replace(/[?!.]+\s*$/, "").split(/\s+/);
  const runs: string[][] = [];
  const runFrom = (i: number) => {
    const run: string[] = [];
    for (let j = i; j < words.length && run.length < 3; j++) {
      const w = words[j]!.replace(/[,;:"“”()]+/g, "");
      if (!w || FOCUS_END.test(w) || /\d/.test(w)) break;
      run.push(w);
      if (/['’]s?$/.test(w)) break;
    }
    return run;
  };
  words.forEach((w, i) => {
    if (/\p{L}['’]s?$/u.test(w) && !/^(?:it|that|what|who|there|here|he|she|let)['’]s$/i.test(w)) runs.push(runFrom(i + 1));
  });
  const of = /^(?:what|which)\s+(?:is|was|are|were)\s+the\s+((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+)\s+of\b/iu.exec(question.trim());
  if (of) runs.push(of[1]!.split(/\s+/));
  // The run's last word holds a possessive only when another run follows it ("the Mac mini's designer").
  const terms = runs.flat().filter((w) => !/['’]s?$/.test(w) && !/^\p{Lu}/u.test(w)).flatMap((w) => contentTerms(w));
  return [...new Set(terms.filter((t) => !TYPE_WORDS.has(t)))];
}

/** The thing a "how many" question counts (not "how much": "how much aid" is answered in dollars) ("How many AIDS patients will…" → "patient"), as a term, or null. */
export function countedThing(question: string): string | null {
  if (!/\bhow many\b/i.test(question)) return null; // the pattern below is slow to fail
  const m = /\bhow many ((?:[\p{L}'’-]+\s+){1,3}?)(?=(?:did|does|do|were|was|are|is|have|has|had|will|would|can|could|in|of|on|at|for|per)\b)/iu.exec(question);
  const words = m?.[1]?.trim().split(/\s+/) ?? [];
  const last = words.length ? contentTerms(words[words.length - 1]!) : [];
  return last[0] ?? null;
}


const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_WORD = "(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?";
const DAY_IN_QUESTION = new RegExp(`\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "gi");

export interface Day {
  month: number;
  day: number;
  year?: number;
  phrase: string;
}

/** Calendar days the question names ("October 26, 1987", "May 10"). */
export function daysIn(text: string): Day[] {
  return [...text.matchAll(DAY_IN_QUESTION)].map((m) => ({
    month: MONTH_NAMES.findIndex((n) => n.startsWith(m[1]!.toLowerCase().slice(0, 3))),
    day: Number(m[2]),
    ...(m[3] ? { year: Number(m[3]) } : {}),
    phrase: m[0],
  }));
}

export function sameDay(iso: string, d: Day): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return Boolean(m) && Number(m![2]) === d.month + 1 && Number(m![3]) === d.day && (d.year === undefined || Number(m![1]) === d.year);
}

/** Whether a text names the day: its month (in full or short) followed by its number. */
export function mentionsDay(text: string, d: Day): boolean {
  return daysIn(text).some((x) => x.month === d.month && x.day === d.day && (d.year === undefined || x.year === undefined || x.year === d.year));
}

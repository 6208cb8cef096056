/**
 * What kind of answer a question asks for (a name, a place, a figure, a date) and whether a sentence
 * supplies one the question does not already hold. An article's lead often restates the question's
 * subject ("Two days of talks on the future of Gibraltar begin…") and outscores the sentence holding
 * the asked-for fact ("…Kent house, Chevening…"); knowing the type lets that sentence be kept.
 */
import { nameRuns } from "../text/names.js";
import { contentTerms } from "../text/terms.js";

export type AnswerType = "name" | "place" | "figure" | "date";

/** "How many…", "What percentage…": a figure. */
export function wantsNumber(q: string): boolean {
  return /\bhow (many|much|large|big|long|old)\b|\bwhat (percentage|proportion|share|amount|number|figure)\b/i.test(q);
}
/** "Who…", "the name of…": a name. */
export function wantsName(q: string): boolean {
  return /^\s*(who|whom|whose)\b|\bname of\b|\bwhat is the name\b|\bwhat was the name\b|\bwhat is it called\b|^\s*what(?:'s|\s+is|\s+was)\b.*\bname\s*\?*\s*$/i.test(q);
}
/** "When" asks for a date only as the question word ("When did…", "…held when?"), not as a conjunction ("What occurs when…"). */
export function wantsDate(q: string): boolean {
  return /\bwhen\s+(?:did|does|do|was|were|is|are|will|would|has|have|had|can|could|should|shall|might|must)\b|\b(?:since|until) when\b|\bwhen\s*\?|\b(?:what|which) (?:date|day|month|year|time|century|decade)\b/i.test(q);
}
const NUMBER_WORD = "(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)";
/**
 * A figure: digits, a number word ("ten fraternities", "three million"), or "dozens". Not "one"
 * (mostly a pronoun) nor "the two …", which points back at things already counted.
 */
export const NUMBER = new RegExp(`\\d|(?<!\\bthe )\\b${NUMBER_WORD}\\b|\\b(?:dozens|hundreds|thousands|millions|billions)\\b`, "i");
/** A year (1000–2099, or with BC/AD), a decade ("1980s"), a century, a month or weekday, a relative day. */
export const DATE = /\b(1\d|20)\d{2}s?\b|\b\d{1,4}\s?(?:BC|BCE|AD|CE)\b|\bAD\s?\d{1,4}\b|\b\d{1,2}(?:st|nd|rd|th)[- ]centur(?:y|ies)\b|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[- ]centur(?:y|ies)\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|oct|sept?|jan|feb|aug|nov|dec)\b|\b(yesterday|today|last week|next week)\b/i;

/** "Where…", "In which city…", "What venue…": a place. */
export function wantsPlace(q: string): boolean {
  return /^\s*where\b|\b(?:in|at|to|from) where\b|\b(?:what|which|in what|in which) (?:city|cities|country|countries|town|village|venue|place|location|region|state|stadium|county)\b/i.test(q);
}

/** The answer type a question asks for, or null when it asks for none of these (what, why, how…). */
export function answerType(q: string): AnswerType | null {
  if (wantsNumber(q)) return "figure";
  if (wantsDate(q)) return "date";
  if (wantsPlace(q)) return "place";
  if (wantsName(q)) return "name";
  return null;
}

/** Capitalised runs of a sentence the question does not hold (under no word of theirs), with whether each is possessive. */
function newRuns(question: string, sentence: string): { words: string[]; possessive: boolean }[] {
  const asked = new Set(contentTerms(question));
  const out: { words: string[]; possessive: boolean }[] = [];
  for (const { run, at } of nameRuns(sentence)) {
    const words = run.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
    // The sentence's first word is capitalised anyway: it counts only as part of a longer run.
    if (at === sentence.search(/\p{L}/u) && words.length < 2) continue;
    if (words.every((w) => DATE.test(w))) continue; // "Wednesday", "October"
    const terms = contentTerms(run);
    if (!terms.length || terms.every((t) => asked.has(t))) continue;
    out.push({ words, possessive: /['’]s?$/.test(run) });
  }
  return out;
}

/** Figures or dates in `text` that the question does not already give ("the 32-year-old" asked is no answer). */
function newMatches(pattern: RegExp, question: string, text: string): boolean {
  const global = new RegExp(pattern.source, "gi");
  const asked = new Set([...question.matchAll(global)].map((m) => m[0].toLowerCase()));
  return [...text.matchAll(global)].some((m) => !asked.has(m[0].toLowerCase()));
}

/** Whether `sentence` holds an answer of the type `question` asks for, beyond what the question names. */
export function supplies(type: AnswerType, question: string, sentence: string): boolean {
  switch (type) {
    case "figure":
      return newMatches(NUMBER, question, sentence);
    case "date":
      return newMatches(DATE, question, sentence);
    case "place":
      // Not an owner ("Jack Straw's country residence" names a person, not where).
      return newRuns(question, sentence).some((r) => !r.possessive);
    case "name":
      // A person or body has a name of two or more words ("Peter Caruana", "Mr Tyndall").
      return newRuns(question, sentence).some((r) => r.words.length >= 2);
  }
}

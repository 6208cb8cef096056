/**
 * Names in text: capitalised words and runs of them, read without a tagger. Each reading below serves
 * a different question, so each has its own name; they were written separately, tuned on the eval,
 * and are kept exactly as they were (changing one moves the eval figures).
 *
 * (A question's names and figures, `specificTerms`, are read in text/terms.ts; the abstention's own
 * reading of them, without period words, is `namesOf` in answer/evidence.ts.)
 * - `newNames` / `newNameTerms`: names a sentence holds that the question does not (under any alias).
 * - `nameTerms`: a claim's names as terms (capitalised words not opening it, acronyms anywhere).
 * - `subjectNameTerms`: the capitalised words of a briefing's subject, as terms.
 * - `isNameWord`: one word that reads as part of a name.
 * - `capitalisedRuns`: runs of capitalised words ("Red Sea", "Blue Origin").
 * - `nameRuns`: runs joined by name particles too ("Bank of England"), with where each starts.
 */
import { aliasesOf } from "./aliases.js";
import { contentTerms, specificTerms } from "./terms.js";

/** Names in a sentence that the question does not already hold (under any form). */
export function newNames(question: string, sentence: string): string[] {
  const asked = new Set(contentTerms(question).flatMap((t) => aliasesOf(t)));
  return specificTerms(sentence).filter((n) => !/\d/.test(n) && contentTerms(n).some((t) => !asked.has(t)));
}

/** The names a sentence holds beyond the question's, as terms ("Red Sea" → red, sea). */
export function newNameTerms(question: string, text: string): string[] {
  return [...new Set(newNames(question, text).flatMap((n) => contentTerms(n)))];
}

/** Capitalised words not opening the text, and acronyms anywhere: as content terms. */
export function nameTerms(text: string): string[] {
  const words = text.match(/[\p{L}][\p{L}\p{N}.'’-]*/gu) ?? [];
  const names = words.filter((w, i) => (i > 0 && /^\p{Lu}/u.test(w)) || /^\p{Lu}{2,}$/u.test(w.replace(/\./g, "")));
  return [...new Set(names.flatMap((w) => contentTerms(w)))];
}

/** Capitalised words of a subject (not an opening "The", "Brief", "Timeline"…), as terms. */
export function subjectNameTerms(subject: string): string[] {
  const words = subject.match(/[\p{L}\p{N}][\p{L}\p{N}.'’&-]*/gu) ?? [];
  return [...new Set(words.filter((w) => /^\p{Lu}/u.test(w) && !/^(?:The|A|An|What|How|Brief|Give|Timeline)$/.test(w)).flatMap((w) => contentTerms(w)))];
}

/** A word of a name: capitalised, and not a capitalised common word ("The", "Company"). */
const NOT_NAMES = new Set("the a an it its he she they his her their this that these those company firm group corporation government officials also and of in on for".split(" "));
export function isNameWord(w: string): boolean {
  return /^\p{Lu}[\p{L}'’.-]*$/u.test(w) && !NOT_NAMES.has(w.toLowerCase());
}

/**
 * Runs of capitalised words ("Blue Origin", "Red Sea"). `withinLine` keeps a run on one line
 * (spaces and tabs only join it), so a list's items or lines stay apart.
 */
export function capitalisedRuns(text: string, opts: { withinLine?: boolean } = {}): string[] {
  const run = opts.withinLine ? /\p{Lu}[\p{L}\p{N}.'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{N}.'’-]*)*/gu : /\p{Lu}[\p{L}\p{N}.'’-]*(?:\s+\p{Lu}[\p{L}\p{N}.'’-]*)*/gu;
  return text.match(run) ?? [];
}

// A run of capitalised words ("Peter Caruana", "Alltel Stadium"), with its possessive if any.
const CAPITALISED_RUN = /\p{Lu}[\p{L}.'’-]*(?:\s+(?:(?:of|de|da|del|van|von|al|bin|la|le)\s+)?\p{Lu}[\p{L}.'’-]*)*/gu;

/** Runs of capitalised words, particles allowed between them ("Bank of England"), each with its offset in `text`. */
export function nameRuns(text: string): { run: string; at: number }[] {
  return [...text.matchAll(CAPITALISED_RUN)].map((m) => ({ run: m[0], at: m.index }));
}

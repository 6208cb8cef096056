import type { BriefingIndex } from "../index/store.js";
import { aliasesOf } from "../text/aliases.js";
import { contentTerms, tokenize } from "../text/terms.js";
import { DATE, NUMBER, wantsDate, wantsName, wantsNumber } from "./answer-type.js";
import { KEEP_WITHIN, type Candidate } from "./select.js";

/** Thresholds calibrated on evals/seed.jsonl (see evals/README.md); raise with care. */
export const ABSTAIN = {
  /** Below this combined sentence score the best sentence does not answer. */
  minScore: 0.25,
  /** Below this similarity, a sentence needs strong term overlap to count. */
  minSim: 0.3,
  /** The two best sentences count as "the best sentences" when within this share of the top one. */
  strongWithin: 0.9,
  /** …or when they hold this share of the question's key-term weight (a sentence on the subject). */
  relevantLexical: 0.3,
};

const QUESTION_WORDS = new Set(["what", "who", "when", "where", "why", "how", "which", "did", "does", "do", "is", "are", "was", "were", "has", "have", "can", "could", "will", "would", "should", "tell", "give", "list", "name", "and", "the", "in", "on", "about"]);

/**
 * The question's specific terms: names and numbers (capitalised words not opening the
 * question, figures, years). If the corpus never mentions one, it cannot answer the
 * question, however similar the rest sounds ("What did Germany pledge?").
 */
export function specificTerms(question: string): string[] {
  const words = question.match(/[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu) ?? [];
  const out: string[] = [];
  words.forEach((w, i) => {
    const clean = w.replace(/[.'’-]+$/, "");
    const isNumber = /\d/.test(clean);
    const isName = /^\p{Lu}/u.test(clean) && !(i === 0 || QUESTION_WORDS.has(clean.toLowerCase()));
    if (isNumber || isName) out.push(clean);
  });
  return out;
}

export interface AbstainVerdict {
  abstain: boolean;
  /** What the corpus does not cover, for the "doesn't cover …" line. */
  missing: string[];
  reason: string;
}

export function shouldAbstain(index: BriefingIndex, question: string, chosen: Candidate[], opts: { followUp?: boolean } = {}): AbstainVerdict {
  // A name counts as covered when the corpus has it under any of its forms (Berlin → Germany).
  const covered = (term: string) => aliasesOf(term).some((a) => index.bm25.documentFrequency(a) > 0);
  // A one-letter slip ("Krugmen", "Boleslaw") of a word in the passages found is a typo, not a new name.
  // Built only when a term is missing, once per passage rather than per chosen sentence.
  let nearby: Set<string> | undefined;
  const near = () => (nearby ??= new Set([...new Set(chosen.map((c) => c.passage))].flatMap((p) => tokenize(p.text))));
  const missing = specificTerms(question).filter((t) => contentTerms(t).some((term) => !covered(term)) && !tokenize(t).every((w) => isTypoOf(w, near())));
  if (missing.length) return { abstain: true, missing, reason: "names or figures the corpus never mentions" };
  // "How many…?" answered by sentences holding no figure is not answered at all.
  const top = chosen[0];
  if (!top) return { abstain: true, missing: [], reason: "no passage matched" };
  // The figure, date or name must be in one of the strongest sentences, not in a filler one.
  // A sentence kept below KEEP_WITHIN only because it holds the asked-for type does not vouch for that type.
  const strong = chosen.filter((c, i) => ((i < 2 && c.score >= top.score * ABSTAIN.strongWithin) || c.lexical >= ABSTAIN.relevantLexical) && c.score >= top.score * KEEP_WITHIN);
  if (wantsNumber(question) && !strong.some((c) => NUMBER.test(c.text))) return { abstain: true, missing: [], reason: "no figure in the best sentences" };
  // In a follow-up ("When was that meeting?") the article's own date answers for the event it reports.
  if (wantsDate(question) && !strong.some((c) => DATE.test(c.text)) && !(opts.followUp && top.passage.date)) return { abstain: true, missing: [], reason: "no date in the best sentences" };
  if (wantsName(question) && !strong.some((c) => newNames(question, c.text).length > 0)) return { abstain: true, missing: [], reason: "no name in the best sentences" };
  if (top.score < ABSTAIN.minScore) return { abstain: true, missing: [], reason: `best sentence scores ${top.score.toFixed(2)}` };
  if (top.sim < ABSTAIN.minSim && top.lexical < 0.5) return { abstain: true, missing: [], reason: "weak match" };
  return { abstain: false, missing: [], reason: "" };
}

/** Names in a sentence that the question does not already hold (under any form). */
export function newNames(question: string, sentence: string): string[] {
  const asked = new Set(contentTerms(question).flatMap((t) => aliasesOf(t)));
  return specificTerms(sentence).filter((n) => !/\d/.test(n) && contentTerms(n).some((t) => !asked.has(t)));
}

/** Whether `word` (5+ letters) is one edit — insertion, deletion, substitution or swap of neighbours — from a word in `words`, keeping its first letter. */
export function isTypoOf(word: string, words: Set<string>): boolean {
  if (word.length < 5 || /\d/.test(word)) return false;
  for (const w of words) if (w[0] === word[0] && Math.abs(w.length - word.length) <= 1 && w !== word && oneEdit(word, w)) return true;
  return false;
}

function oneEdit(a: string, b: string): boolean {
  if (a.length === b.length) {
    const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
    return diff.length === 1 || (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

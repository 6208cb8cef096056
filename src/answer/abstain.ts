import type { BriefingIndex } from "../index/store.js";
import { aliasesOf } from "../text/aliases.js";
import { contentTerms } from "../text/terms.js";
import { DATE, NUMBER, wantsDate, wantsName, wantsNumber, type Candidate } from "./select.js";

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
  const missing = specificTerms(question).filter((t) => contentTerms(t).some((term) => !covered(term)));
  if (missing.length) return { abstain: true, missing, reason: "names or figures the corpus never mentions" };
  // "How many…?" answered by sentences holding no figure is not answered at all.
  const top = chosen[0];
  if (!top) return { abstain: true, missing: [], reason: "no passage matched" };
  // The figure, date or name must be in one of the strongest sentences, not in a filler one.
  const strong = chosen.filter((c, i) => (i < 2 && c.score >= top.score * ABSTAIN.strongWithin) || c.lexical >= ABSTAIN.relevantLexical);
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

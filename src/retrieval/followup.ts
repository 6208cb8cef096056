import { contentTerms } from "../text/terms.js";
import { specificTerms } from "../answer/abstain.js";

/** What a finished turn leaves for the next question to lean on. */
export interface Turn {
  question: string;
  /** The question as understood (with carried context), or the question itself. */
  understoodAs: string;
  citedArticles: string[];
  abstained: boolean;
}

export interface Understanding {
  /** Text used for retrieval and sentence scoring. */
  query: string;
  /** Shown to the user when it differs from what was typed. */
  understoodAs?: string;
  focusArticles: string[];
  contextTerms: string[];
}

const ANAPHORA = /\b(that|this|those|these|it|its|they|them|their|he|she|him|his|her|there|then|same|such)\b/i;
const CONTINUATION = /^\s*(and|also|but|so|what about|how about|what else|who else|anything else|more on)\b/i;

/** Whether a question leans on the previous turn rather than standing alone. */
export function isFollowUp(question: string): boolean {
  const ownTerms = contentTerms(question).length;
  // A long question with its own subject stands alone even if it says "that".
  return CONTINUATION.test(question) || (ANAPHORA.test(question) && ownTerms <= 4) || ownTerms <= 1;
}

/**
 * Carries the conversation into retrieval without an LLM: for a follow-up, the previous
 * question's salient terms join the query and the articles it cited get priority.
 */
export function understand(question: string, history: Turn[]): Understanding {
  const last = [...history].reverse().find((t) => !t.abstained) ?? history.at(-1);
  if (!last || !isFollowUp(question)) return { query: question, focusArticles: [], contextTerms: [] };
  const own = new Set(contentTerms(question));
  const names = specificTerms(last.understoodAs).filter((t) => !question.includes(t));
  const others = last.understoodAs
    .replace(/\s*\(about: [^)]*\)\s*$/, "")
    .split(/\s+/)
    .filter((w) => contentTerms(w).some((t) => !own.has(t)) && !names.includes(w.replace(/[^\p{L}\p{N}]+/gu, "")))
    .map((w) => w.replace(/[^\p{L}\p{N}'’.-]+/gu, "").replace(/[.]+$/, ""))
    .filter((w) => w.length > 2);
  const contextTerms = [...new Set([...names, ...others])].slice(0, 8);
  if (contextTerms.length === 0) return { query: question, focusArticles: last.citedArticles, contextTerms: [] };
  const understoodAs = `${question.trim()} (about: ${contextTerms.join(", ")})`;
  return { query: `${question} ${contextTerms.join(" ")}`, understoodAs, focusArticles: last.abstained ? [] : last.citedArticles, contextTerms };
}

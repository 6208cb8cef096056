import { contentTerms } from "../text/terms.js";
import { specificTerms } from "../answer/abstain.js";

/** Where a briefing quoted an article: the cited sentence's character span. */
export interface Quote {
  articleId: string;
  start: number;
  end: number;
}

/** What a finished turn leaves for the next question to lean on. */
export interface Turn {
  question: string;
  /** The question as understood (with carried context), or the question itself. */
  understoodAs: string;
  citedArticles: string[];
  abstained: boolean;
  /** What the turn quoted, so a "what else?" does not quote it again (optional: older callers build turns by hand). */
  quoted?: Quote[];
  /** An overview, timeline or what's-new turn: its subject and the dates it spanned, for "and after that?". */
  briefing?: { kind: "overview" | "timeline" | "whats-new"; subject: string; first: string | null; last: string | null };
}

/** A follow-up asking for more of the same: what the conversation has shown already. */
export interface More {
  /** Everything quoted in earlier turns: not to be quoted again. */
  quoted: Quote[];
  /** For a bare "Anything else?", the earlier question it asks again (as typed, its context being in the query). */
  basis?: string;
  /** What the conversation is about, for "Nothing more on … in the corpus". */
  subject: string;
}

export interface Understanding {
  /** Text used for retrieval and sentence scoring. */
  query: string;
  /** Shown to the user when it differs from what was typed. */
  understoodAs?: string;
  focusArticles: string[];
  contextTerms: string[];
  more?: More;
}

const ANAPHORA = /\b(that|this|those|these|it|its|they|them|their|he|she|him|his|her|there|then|same|such)\b/i;
const CONTINUATION = /^\s*(and|also|but|so|what about|how about|what else|who else|anything else|more on)\b/i;

/** Whether a question leans on the previous turn rather than standing alone. */
export function isFollowUp(question: string): boolean {
  const ownTerms = contentTerms(question).length;
  // A long question with its own subject stands alone even if it says "that".
  return CONTINUATION.test(question) || asksForMore(question) || (ANAPHORA.test(question) && ownTerms <= 4) || ownTerms <= 1;
}

// "More" as in "more of it", not as a comparative ("How many more troops…", "more than 500").
const MORE = [
  /\b(?:what|who|where|which|how)\s+else\b/i, // "What else did they discuss?", "Who else was there?"
  /\b(?:anything|something)\s+(?:else|more|further)\b/i, // "Anything else?", "Did they say anything more?"
  /\b(?:what|which)\s+other\b/i, // "What other topics came up?"
  /\bother\s+things\b/i,
  /\b(?:tell|show|give)\s+(?:me|us)\s+(?:some\s+)?more\b/i, // "Tell me more (about that)"
  /\b(?:say|hear|know|learn)\s+more\b/i,
  /\b(?:is|was|are|were)\s+there\s+(?:any\s*)?more\b(?!\s+\w+\s+than)/i, // "Is there more?"
  /\bany\s*more\s*(?:[?.!]|$|\b(?:on|about|details?|info(?:rmation)?)\b)/i, // "Any more on that?"
  /\bmore\s+(?:details?|information|info)\b/i,
  /^\s*(?:(?:and|ok(?:ay)?|so|yes|right)\s*,?\s*)?more\s*(?:[?.!]|$|\b(?:on|about|please)\b)/i, // "More on that", "More?"
  /\b(?:besides|apart\s+from|other\s+than|aside\s+from|beyond)\s+(?:that|this|those|these|the\s+above)\b/i,
  /^\s*(?:and|go\s+on|continue|keep\s+going|carry\s+on)\s*[?.!…]*\s*$/i, // "And?", "Go on."
];

/** Whether a question asks for more of what the conversation was about ("What else?", "Tell me more"), not for something new. */
export function asksForMore(question: string): boolean {
  return MORE.some((re) => re.test(question));
}

/** Words that only ask for more; a "more" question holding nothing else asks the earlier question again. */
const MORE_WORDS = new Set(
  "else anything something more further other things thing go going keep continue carry details detail information info besides apart aside beyond please okay ok yes right hear know learn add".split(" ").flatMap((w) => contentTerms(w)),
);

function bareMore(question: string): boolean {
  return asksForMore(question) && contentTerms(question).every((t) => MORE_WORDS.has(t));
}

/** The retrieval text a turn was understood as: "Q (about: A, B)" → "Q A B". */
function queryOf(t: Turn): string {
  return t.understoodAs.replace(/\s*\(about: ([^)]*)\)\s*$/, (_, terms: string) => ` ${terms.split(", ").join(" ")}`);
}

/** The names a turn was about ("Austin and Shapps", "the Red Sea"), or "that". */
function subjectOf(t: Turn): string {
  const about = /\(about: ([^)]*)\)\s*$/.exec(t.understoodAs)?.[1]?.split(", ") ?? [];
  const asked = t.understoodAs.replace(/\s*\(about: [^)]*\)\s*$/, "");
  // Runs of names in the question keep together ("Red Sea"); the carried names follow.
  const runs = (asked.match(/(?:[\p{Lu}\p{N}][\p{L}\p{N}.'’-]*\s*)+/gu) ?? []).map((r) => r.trim()).filter((r) => specificTerms(`x ${r}`).length > 0);
  const names = [...new Set([...runs, ...about.filter((w) => specificTerms(`x ${w}`).length > 0)])].filter((n, i, all) => !all.some((m, j) => j !== i && m.includes(n) && m !== n)).slice(0, 3);
  return names.length === 0 ? "that" : names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Runs of capitalised words; commas end a run, so the items of an "(about: …)" list stay whole. */
function nameRuns(text: string): string[] {
  return text.match(/[\p{Lu}][\p{L}\p{N}.'’-]*(?:[ \t]+[\p{Lu}][\p{L}\p{N}.'’-]*)*/gu) ?? [];
}

/** Whether a span overlaps anything already quoted from the same article. */
export function isQuoted(quoted: readonly Quote[], articleId: string, start: number, end: number): boolean {
  return quoted.some((q) => q.articleId === articleId && start < q.end && q.start < end);
}

/**
 * Carries the conversation into retrieval without an LLM: for a follow-up, the previous
 * question's salient terms join the query and the articles it cited get priority.
 */
export function understand(question: string, history: Turn[]): Understanding {
  const last = [...history].reverse().find((t) => !t.abstained) ?? history.at(-1);
  if (!last || !isFollowUp(question)) return { query: question, focusArticles: [], contextTerms: [] };
  const { more, query: again } = moreOf(question, history);
  // Terms come from the last turn that asked something ("Anything else?" says nothing to carry).
  const asked = [...history].reverse().find((t) => !t.abstained && !bareMore(t.question)) ?? last;
  const own = new Set(contentTerms(question));
  // "else" in "What else did they discuss?" is not a subject to carry on.
  const filler = (w: string) => asksForMore(asked.question) && contentTerms(w).every((t) => MORE_WORDS.has(t));
  // A name of several words is carried whole ("Red Sea", not "Red" and "Sea"), so it reads right
  // in "understood as" and in "Nothing more on the Red Sea…".
  const runs = nameRuns(asked.understoodAs);
  const names = [...new Set(specificTerms(asked.understoodAs).filter((t) => !question.includes(t)).map((t) => runs.find((r) => r.split(/\s+/).includes(t)) ?? t))];
  const named = new Set(names.flatMap((n) => n.split(/\s+/)));
  const others = asked.understoodAs
    .replace(/\s*\(about: [^)]*\)\s*$/, "")
    .split(/\s+/)
    .filter((w) => contentTerms(w).some((t) => !own.has(t)) && !named.has(w.replace(/[^\p{L}\p{N}]+/gu, "")) && !filler(w))
    .map((w) => w.replace(/[^\p{L}\p{N}'’.-]+/gu, "").replace(/[.]+$/, ""))
    .filter((w) => w.length > 2);
  const contextTerms = [...new Set([...names, ...others])].slice(0, 8);
  // A bare "Anything else?" searches with the question it continues; its own words find nothing.
  if (contextTerms.length === 0) return { query: again ?? question, focusArticles: last.citedArticles, contextTerms: [], ...(more ? { more } : {}) };
  const understoodAs = `${question.trim()} (about: ${contextTerms.join(", ")})`;
  const query = again ?? `${question} ${contextTerms.join(" ")}`;
  return { query, understoodAs, focusArticles: last.abstained ? [] : last.citedArticles, contextTerms, ...(more ? { more } : {}) };
}

/** For a "what else?" follow-up: all that was quoted so far and, when it asks nothing of its own, the question it continues. */
function moreOf(question: string, history: Turn[]): { more?: More; query?: string } {
  if (!asksForMore(question)) return {};
  const quoted = history.flatMap((t) => t.quoted ?? []);
  // The latest answered question that was not itself a bare "more?" (a run of them continues the same one).
  const basis = [...history].reverse().find((t) => !t.abstained && !bareMore(t.question)) ?? [...history].reverse().find((t) => !bareMore(t.question));
  const subject = basis ? subjectOf(basis) : "that";
  if (!basis || !bareMore(question)) return { more: { quoted, subject } };
  return { more: { quoted, subject, basis: basis.question }, query: queryOf(basis) };
}

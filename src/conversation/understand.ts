import { capitalisedRuns } from "../text/names.js";
import { contentTerms, specificTerms } from "../text/terms.js";
import { asksForMore, bareMore, isFollowUp, onlyAsksForMore } from "./follow-up.js";
import { askedText, type Quote, type Turn } from "./turn.js";

/** A follow-up asking for more of the same: what the conversation has shown already. */
export interface More {
  /** Everything quoted in earlier turns: not to be quoted again. */
  quoted: Quote[];
  /** For a bare "Anything else?", the earlier turn it asks again (searched as that turn was). */
  basis?: Turn;
  /** What the conversation is about, for "Nothing more on … in the corpus". */
  subject: string;
}

/** A question as the conversation makes it understood: what the answerers receive. */
export interface Understanding {
  /** The question as typed. */
  question: string;
  /** Terms carried from earlier turns, for the lexical side and for sentence scoring. */
  contextTerms: string[];
  /** Articles the earlier turn cited: searched first. */
  focusArticles: string[];
  more?: More;
  /** A standalone rewrite of the follow-up (by a chat model): searched and scored instead, with no carried terms. */
  restated?: string;
}

/** What retrieval searches for a question: its words and the terms carried with them. */
export interface Search {
  text: string;
  terms: string[];
}

/** The search for an understood question: a restatement alone, a bare "more?" as the turn it continues, else the question with its carried terms. */
export function searchOf(u: Understanding): Search {
  if (u.restated !== undefined) return { text: u.restated, terms: [] };
  const basis = u.more?.basis;
  if (basis) return { text: askedText(basis), terms: basis.contextTerms };
  return { text: u.question, terms: u.contextTerms };
}

/** The search as one string (question and terms): what is embedded. */
export function searchText(s: Search): string {
  return [s.text, ...s.terms].join(" ");
}

/**
 * Carries the conversation into retrieval without an LLM: for a follow-up, the previous
 * question's salient terms join the query and the articles it cited get priority.
 */
export function understand(question: string, history: readonly Turn[]): Understanding {
  const last = [...history].reverse().find((t) => !t.abstained) ?? history.at(-1);
  if (!last || !isFollowUp(question)) return { question, focusArticles: [], contextTerms: [] };
  const more = moreOf(question, history);
  // Terms come from the last turn that asked something ("Anything else?" says nothing to carry).
  const asked = [...history].reverse().find((t) => !t.abstained && !bareMore(t.question)) ?? last;
  const own = new Set(contentTerms(question));
  // "else" in "What else did they discuss?" is not a subject to carry on.
  const filler = (w: string) => asksForMore(asked.question) && onlyAsksForMore(w);
  // A name of several words is carried whole ("Red Sea", not "Red" and "Sea"), so it reads right
  // in "understood as" and in "Nothing more on the Red Sea…".
  const runs = [askedText(asked), ...asked.contextTerms].flatMap(nameRuns);
  const names = [...new Set(namesOf(asked).filter((t) => !question.includes(t)).map((t) => runs.find((r) => r.split(/\s+/).includes(t)) ?? t))];
  const named = new Set(names.flatMap((n) => n.split(/\s+/)));
  const others = askedText(asked)
    .split(/\s+/)
    .filter((w) => contentTerms(w).some((t) => !own.has(t)) && !named.has(w.replace(/[^\p{L}\p{N}]+/gu, "")) && !filler(w))
    .map((w) => w.replace(/[^\p{L}\p{N}'’.-]+/gu, "").replace(/[.]+$/, ""))
    .filter((w) => w.length > 2);
  const contextTerms = [...new Set([...names, ...others])].slice(0, 8);
  // A bare "Anything else?" searches with the question it continues; its own words find nothing.
  if (contextTerms.length === 0) return { question, focusArticles: last.citedArticles, contextTerms: [], ...(more ? { more } : {}) };
  return { question, focusArticles: last.abstained ? [] : last.citedArticles, contextTerms, ...(more ? { more } : {}) };
}

/** The names and figures of a turn: in what it asked, then in each term it carried. */
function namesOf(t: Turn): string[] {
  // A carried term never opens a question, so its first word may be a name ("x" stands in front).
  return [...specificTerms(askedText(t)), ...t.contextTerms.flatMap((term) => specificTerms(`x ${term}`))];
}

/** Runs of capitalised words on one line ("Red Sea", "Lloyd J. Austin"). */
const nameRuns = (text: string) => capitalisedRuns(text, { withinLine: true });

/** The names a turn was about ("Austin and Shapps", "the Red Sea"), or "that". */
function subjectOf(t: Turn): string {
  const isName = (w: string) => specificTerms(`x ${w}`).length > 0;
  // Runs of names in the question keep together ("Red Sea"); the carried names follow.
  const runs = (askedText(t).match(/(?:[\p{Lu}\p{N}][\p{L}\p{N}.'’-]*\s*)+/gu) ?? []).map((r) => r.trim()).filter(isName);
  const names = [...new Set([...runs, ...t.contextTerms.filter(isName)])].filter((n, i, all) => !all.some((m, j) => j !== i && m.includes(n) && m !== n)).slice(0, 3);
  return names.length === 0 ? "that" : names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** For a "what else?" follow-up: all that was quoted so far and, when it asks nothing of its own, the turn it continues. */
function moreOf(question: string, history: readonly Turn[]): More | undefined {
  if (!asksForMore(question)) return undefined;
  const quoted = history.flatMap((t) => t.quoted ?? []);
  // The latest answered question that was not itself a bare "more?" (a run of them continues the same one).
  const basis = [...history].reverse().find((t) => !t.abstained && !bareMore(t.question)) ?? [...history].reverse().find((t) => !bareMore(t.question));
  const subject = basis ? subjectOf(basis) : "that";
  if (!basis || !bareMore(question)) return { quoted, subject };
  return { quoted, subject, basis };
}

/**
 * "Who succeeded / replaced X (as ROLE)?" needs a sentence that names someone new taking a post: a
 * word of succession (succeed, replace, appointed, elected, named, assume…) and a name the question
 * does not give. A story that names X and the post, but no one new in it, leaves the slot empty:
 * "Henske will continue as chairman until he retires in June 1988" answers no "who succeeded Henske
 * as chairman", nor "Johnstone will succeed Henske as chief executive officer" (another post), nor
 * "Nevin will remain chief executive until its board elects a successor" (no one named). Written
 * from the Reuters dev questions r125, r130, r132 and their answerable twins r024–r037 (evals/README.md).
 */
import type { BriefingIndex } from "../../index/store.js";
import { newNames } from "../../text/names.js";
import type { Candidate } from "../select.js";
import { windowOf } from "../evidence.js";
import { anotherSuccession } from "./succession-roles.js";

/** A question asking who took someone's place: "Who succeeded…", "Whom did the board elect to replace…". */
const ASKS = /\b(?:succeed(?:s|ed)?|replac(?:e|es|ed)|successor)\b/i;
/** Words saying someone takes a post. ("become" is left out: "until he becomes 65".) */
const TAKES = /\b(?:succeed\w*|successor|replac\w*|in succession to|named|appointed|elected|nominated|promoted|assumes?|assumed|tak(?:e|es|ing) over|took over)\b/i;
/** Capitalised words that are no one's name: titles, months, days, company suffixes. */
const NOT_A_PERSON = new Set(
  "chairman chairwoman president vice chief executive officer director secretary minister governor mr mrs ms dr inc corp co ltd plc company group board january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday".split(" "),
);

/** Whether a question asks who succeeded or replaced someone. */
export function asksSuccessor(question: string): boolean {
  return /^\s*(?:who|whom)\b/i.test(question) && ASKS.test(question);
}

/** The post the question asks about ("as chief executive officer of Olin" → chief, executive, officer), or []. */
export function askedPost(question: string): string[] {
  const m = /\bas\s+((?:[a-z-]+\s+){0,4}?[a-z-]+)(?=\s+(?:of|at|when|in|after|for\s+\p{Lu}|on)\b|\s*[?,]|\s*$)/u.exec(question);
  return m ? m[1]!.split(/\s+/).filter((w) => !["the", "a", "an", "its", "his", "her", "their"].includes(w)) : [];
}

/** The post a sentence gives the succession ("will succeed John M. Henske as chief executive officer", "named Barry Allen president"), or []. */
function sentencePost(sentence: string): string[] {
  const m =
    /\b(?:succeed\w*|replac\w*|in succession to)\s+(?:[\p{Lu}][\p{L}.'’-]*\s+){0,4}as\s+((?:[a-z-]+\s+){0,3}[a-z-]+)\b/u.exec(sentence) ??
    /\b(?:named|appointed|elected|nominated)\s+(?:[\p{Lu}][\p{L}.'’-]*\s+){1,4}(?:as\s+|to be\s+)?((?:[a-z-]+\s+){0,3}[a-z-]+)\b/u.exec(sentence);
  return m ? m[1]!.split(/\s+/) : [];
}

/** The person the question asks about the successor of: "Who replaced Leo Egan as…" → "Egan". */
function outgoing(question: string): string | null {
  const m = /\b(?:succeed\w*|replac\w*)\s+((?:\p{Lu}[\p{L}.'’-]*\s+)*\p{Lu}[\p{L}'’-]*)/u.exec(question);
  return m ? m[1]!.split(/\s+/).pop()!.replace(/['’]s?$/, "") : null;
}

const POST_WORDS = new Set("chairman chairwoman president officer executive director secretary minister governor head treasurer controller manager partner".split(" "));

/** Whether a sentence reports someone new taking the post the question asks about. */
export function namesSuccessor(question: string, sentence: string): boolean {
  if (!TAKES.test(sentence)) return false;
  const someoneNew = newNames(question, sentence).some((n) => !NOT_A_PERSON.has(n.toLowerCase()));
  if (!someoneNew) return false;
  // The question's person must be the one leaving, not one taking a post or left out (succession-roles.ts).
  const out = outgoing(question);
  if (out && anotherSuccession(out, sentence)) return false;
  // A succession to another post ("as chief executive officer" when "as chairman" is asked) is no answer.
  const asked = askedPost(question).filter((w) => POST_WORDS.has(w));
  // The post asked about is the outgoing person's own ("Allen will succeed Leo Egan, who will become
  // chairman" answers who succeeds Egan as president, not as chairman).
  const clause = out ? new RegExp(`\\b${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b,?\\s+who\\s+(?:will\\s+)?(?:become|becomes|remain|remains|continue|continues|stay|stays)\\b([^.;]*)`).exec(sentence) : null;
  if (clause && asked.some((w) => new RegExp(`\\b${w}\\b`).test(clause[1]!))) return false;
  const given = sentencePost(sentence).filter((w) => POST_WORDS.has(w));
  return !asked.length || !given.length || given.some((w) => asked.includes(w));
}

/** The sentences of a chosen sentence's window (it, and the one before and after) in its article. */
export function windowSentences(index: BriefingIndex, c: Candidate): string[] {
  const { from, to } = windowOf(index, c);
  const seen = new Set<number>();
  return index
    .passagesOf(c.passage.articleId)
    .flatMap((p) => p.sentences)
    .filter((s) => s.start >= from && s.end <= to && !seen.has(s.start) && seen.add(s.start))
    .map((s) => index.articleText(c.passage.articleId, s.start, s.end));
}

/**
 * Why the chosen sentences on the question's subject (`onSubject`) leave a "who succeeded X" empty, or
 * null: none of them, nor the sentence before or after, names someone new taking the post asked about.
 */
export function successorUnnamed(index: BriefingIndex, question: string, onSubject: Candidate[]): { reason: string; lacking: string } | null {
  if (!asksSuccessor(question) || !onSubject.length) return null;
  if (onSubject.some((c) => windowSentences(index, c).some((s) => namesSuccessor(question, s)))) return null;
  const post = askedPost(question).join(" ");
  return { reason: `no sentence on its subject names who took the post${post ? ` of ${post}` : ""}`, lacking: post ? `a successor as ${post}` : "a successor" };
}

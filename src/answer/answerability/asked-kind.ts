/**
 * Two ways a question asks for a name without "who" or "name of", and what the answer must then hold.
 * - "Which institute's academics…", "Which French club…", "Which rapper…": a kind of organisation or
 *   person asks for its name, like "who" does; a sentence naming nothing new does not answer it.
 *   (Over SQuAD v2.0 dev, 43 of 45 answerable questions of this form have a capitalised gold answer.)
 * - "Who is (the) president of domestic distribution at 20th Century Fox?": the post asked about must
 *   be beside the name given. BBC left out, the Fox article left met a News Corp story naming Rupert
 *   Murdoch, with no president in sight; the answerable one says "Bruce Snyder, president of domestic
 *   distribution at 20th Century Fox".
 */
import type { BriefingIndex } from "../../index/store.js";
import { aliasesOf } from "../../text/aliases.js";
import { newNames } from "../../text/names.js";
import { contentTerms } from "../../text/terms.js";
import { windowOf } from "../evidence.js";
import type { Candidate } from "../select.js";

const KIND = "(?:club|team|company|firm|institute|institution|university|college|school|label|band|newspaper|magazine|bank|airline|brand|studio|network|channel|broadcaster|charity|organi[sz]ation|agency|retailer|carmaker|manufacturer|publisher|rapper|singer|actor|actress)";
/** "Which (two|French|…) club(s)", "What magazine": not "what kind/type of…", nor "what schools are…". */
const NAMED_KIND = new RegExp(`^\\s*(?:which\\s+(?:(?!kind|type|sort)[\\w-]+\\s+){0,2}?${KIND}(?:'s|s)?|what\\s+(?:(?!kind|type|sort|are|is)[\\w-]+\\s+){0,2}?${KIND}(?:'s)?)\\b(?!\\s+of\\b)`, "i");

export function asksNamedKind(question: string): boolean {
  return NAMED_KIND.test(question);
}

const POST = "(?:president|chairman|chairwoman|chief executive|director|manager|coach|captain|editor|secretary|minister|governor|mayor|spokesman|spokeswoman|founder|owner|chancellor|ceo|commissioner|ambassador)";
const WHO_HOLDS = new RegExp(`^\\s*who\\s+(?:is|was|are|were|will be|has been)\\s+(?:the\\s+)?(?:[\\w-]+\\s+){0,2}?(${POST})\\b`, "i");

/** The post of "Who is the president of…", or null. */
export function postAsked(question: string): string | null {
  return WHO_HOLDS.exec(question)?.[1]?.toLowerCase() ?? null;
}

/**
 * A reason when no on-subject sentence naming someone new has the post asked about in it or beside
 * it (the sentence before or after), else null.
 */
export function postUnheld(index: BriefingIndex, question: string, onSubject: Candidate[]): { reason: string; lacking: string } | null {
  const post = postAsked(question);
  if (!post) return null;
  const wanted = new Set(contentTerms(post).flatMap((t) => aliasesOf(t)));
  const holds = (c: Candidate) => {
    if (!newNames(question, c.text).length) return false;
    const { from, to } = windowOf(index, c);
    return contentTerms(index.articleText(c.passage.articleId, from, to)).some((t) => wanted.has(t));
  };
  return onSubject.some(holds) ? null : { reason: `no sentence naming someone gives the post asked about ("${post}")`, lacking: post };
}

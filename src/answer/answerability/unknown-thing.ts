/**
 * The thing a question asks about, never mentioned anywhere in the archive (issue 12, seed left out:
 * "What is Washington's bridging proposal meant to do?" with the only article on the proposal gone).
 * The corpus-wide name rule already refuses a name the archive never mentions; this does the same for
 * the asked-about thing — the words after a possessive ("Washington's bridging proposal") or of "what
 * is the X of" (`focusTerms`) — when it has two words or more and the archive has none of them under
 * any form. One unknown word is common in an answerable paraphrase ("the president's office" for the
 * White House), so a single word never refuses.
 */
import { aliasesOf } from "../../text/aliases.js";
import { contentTerms } from "../../text/terms.js";
import { focusTerms } from "../question-focus.js";

/** The question's words for the asked-about thing when the archive has none of them, else null. */
export function unknownThing(question: string, known: (term: string) => boolean, typo: (word: string) => boolean): string[] | null {
  const focus = focusTerms(question);
  if (focus.length < 2) return null;
  if (focus.some((t) => aliasesOf(t).some(known))) return null;
  // Shown to the user as written ("bridging", not the stem "bridg").
  const words = question.split(/[^\p{L}\p{N}'’-]+/u).filter((w) => contentTerms(w).some((t) => focus.includes(t)));
  if (words.some((w) => typo(w.toLowerCase()))) return null;
  return [...new Set(words)];
}

import { contentTerms } from "../text/terms.js";

/** How a question leans on the conversation: by pronoun, by continuation, or by asking for more. */

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

/** Whether a word only asks for more ("else" in "What else did they discuss?"): nothing to carry on. */
export function onlyAsksForMore(word: string): boolean {
  return contentTerms(word).every((t) => MORE_WORDS.has(t));
}

/** A "more" question holding nothing else ("Anything else?", "Tell me more"): it asks the earlier question again. */
export function bareMore(question: string): boolean {
  return asksForMore(question) && onlyAsksForMore(question);
}

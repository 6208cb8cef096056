/**
 * A story may say outright that the slot a question asks about is empty: the detail is withheld
 * ("Terms were not disclosed", "did not specify the size") or the outcome is still to come ("results
 * are expected in late March", "will announce its decision on Friday"). When the story's own sentence
 * about the asked thing (the one sharing most of the question's words for it) says so, and gives no
 * value of the asked kind, quoting a neighbouring sentence answers another question. Written from the
 * Reuters dev question r194 and the withheld prices of r166/r172/r173 (answerable twins r158, r167,
 * r169: a price, a gain or a sale given beside "not disclosed"); see evals/README.md (branch reuters8).
 */
import { contentTerms } from "../../text/terms.js";
import { newNames } from "../../text/names.js";
import { supplies, wantsDate, wantsName } from "../answer-type.js";
import { asksMoney, holdsMoney } from "../asked-detail.js";
import { asksPrice } from "./figure-kinds.js";
import { actTerms } from "./outcome.js";
import { sameTerm } from "./words.js";

/** A detail the story says it does not give. */
const WITHHELD = /\b(?:not (?:been |be )?disclosed|undisclosed|did not (?:specify|disclose|say|give|name)|declined to (?:disclose|say|give|specify|name)|no (?:further )?details|no reason was given)\b/i;
/** An outcome the story says is still to come (read only for a question in the past tense). */
const PENDING = /\b(?:(?:results?|decision|details|figures|terms|vote)\s+(?:are|is)\s+(?:expected|due)|expected to (?:report|announce|disclose|decide|vote)|will (?:announce|report|disclose|decide|vote on|name|appoint)|will be (?:announced|reported|disclosed|decided|named|appointed)|in the near future|scheduled for|due in)\b/i;
/** A price's own words in a sentence withholding it ("Terms of the acquisition were not disclosed"). */
const PRICE_WORDS = /\b(?:terms|price|sum|amount|undisclosed)\b/i;
/** A sum given as a price: "sold to Revlon for 2.5 mln dlrs", "paid 20 dlrs a share". */
const PRICE_GIVEN = /\b(?:for|paid|pay|price of|at)\s+(?:about\s+|some\s+|nearly\s+)?[\d$]/i;

const PAST = /\b(?:did|was|were)\b/i;

/** Whether a sentence gives a value of the kind asked for. */
function givesAsked(question: string, sentence: string): boolean {
  if (wantsName(question)) return newNames(question, sentence).length > 0;
  return supplies("figure", question, sentence) && (!asksMoney(question) || holdsMoney(sentence));
}

/**
 * Why the story leaves the asked slot empty, or null. `sentences`: the chosen sentences on the
 * question's subject with the sentence before and after each.
 */
export function slotDeclaredEmpty(question: string, names: string[], sentences: string[]): { reason: string; lacking: string } | null {
  if (wantsDate(question) || !sentences.length) return null;
  // A price withheld: unless some sentence gives one ("sold to Revlon for 2.5 mln dlrs", r158).
  if ((asksMoney(question) || asksPrice(question)) && sentences.some((s) => WITHHELD.test(s) && PRICE_WORDS.test(s)) && !sentences.some((s) => holdsMoney(s) && PRICE_GIVEN.test(s))) {
    return { reason: "the story says the price was not disclosed", lacking: "a price (the story says it was not disclosed)" };
  }
  const acts = actTerms(question, names);
  if (acts.length < 2) return null;
  const shared = (s: string) => {
    const terms = contentTerms(s);
    return acts.filter((a) => terms.some((t) => sameTerm(a, t))).length;
  };
  const scores = sentences.map(shared);
  const best = Math.max(...scores);
  if (best < 2) return null;
  const about = sentences.filter((_, i) => scores[i] === best);
  const empty = (s: string) => (WITHHELD.test(s) || (PAST.test(question) && PENDING.test(s))) && !givesAsked(question, s);
  if (!about.every(empty)) return null;
  return { reason: "the story's sentence on what is asked says it is not given or still to come", lacking: "what is asked (the story says it is not given, or still to come)" };
}

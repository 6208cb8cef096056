/**
 * Whether the sentences that give the asked-for value also say what the question asks happened.
 * Two ways a story names everything in a question yet leaves its slot empty (Reuters, dev split):
 * - an outcome asked for ("How much did Williams finally pay for Norcros?", "India's actual foodgrain
 *   output in 1987/88") where the story reports only the offer, the bid or the target;
 * - a date asked for an event the dated sentence does not report ("When did Gull Air's suit go to
 *   trial?" against "Gull Air … reached a feeder agreement with Texas Air Corp in March 1986").
 */
import { contentTerms, tokenize } from "../../text/terms.js";
import { DATE } from "../answer-type.js";
import { sameTerm, words } from "./words.js";

/** Words asking for what came of something in the end, not what was offered or planned. */
const OUTCOME = /\b(?:finally|eventually|ultimately|in the end|end(?:ed)? up|actual(?:ly)?)\b/i;
const OUTCOME_TERMS = new Set(["final", "finally", "eventu", "eventual", "eventually", "ultim", "ultimate", "ultimately", "actual", "actually", "end"].flatMap((w) => contentTerms(w)));
/**
 * A sentence that reports an intention, offer or estimate rather than the outcome: "offering to
 * acquire", "the target has been fixed at", "talks are expected to be concluded".
 */
const INTENTION = /\b(?:offer\w*|bid\w*|propos\w*|target\w*|forecast\w*|expect\w*|estimat\w*|project(?:ed|ion)\w*|plan(?:s|ned|ning)?|seek\w*|sought|talk(?:s|ing|ed)?|consider\w*|intend\w*|intention|hope\w*|possible|potential|would|could|might|will)\b/i;
// "may" only in lower case: "May" is a month.
const MAY = /\bmay\b/;
/** Verbs that report a deal done, which a paraphrase may use for the question's own verb. */
const DONE = /\b(?:paid|bought|acquired|purchased|completed|sold|won|agreed|accepted|took over|taken over)\b/i;

/** Words that say what kind of value is wanted, not what happened. */
const TYPE_TERMS = new Set(["much", "many", "money", "number", "amount", "figure", "total", "date", "day", "month", "year", "time"].flatMap((w) => contentTerms(w)));

/** The question's own words for what happened or what is asked about: not its names, figures or type words. */
export function actTerms(question: string, names: string[]): string[] {
  const nameTerms = new Set(names.flatMap((n) => contentTerms(n)));
  return [...new Set(contentTerms(question))].filter((t) => !nameTerms.has(t) && !/\d/.test(t) && !TYPE_TERMS.has(t) && !OUTCOME_TERMS.has(t));
}

const holdsTerm = (terms: string[], t: string) => terms.some((x) => sameTerm(t, x));

/** Whether the question asks for an outcome: "finally", "eventually", "actual". */
export function asksOutcome(question: string): boolean {
  return OUTCOME.test(question);
}

/**
 * Whether `sentence` reports the outcome the question asks for: it holds the question's figures
 * (a year asked for is not answered for another), one of its words for what happened (or a verb of a
 * deal done), and no word of an offer, a plan or an estimate.
 */
export function reportsOutcome(question: string, names: string[], sentence: string): boolean {
  if (INTENTION.test(sentence) || MAY.test(sentence)) return false;
  const tokens = new Set(tokenize(sentence));
  if (tokenize(question).some((t) => /\d/.test(t) && !tokens.has(t))) return false;
  const terms = contentTerms(sentence);
  return DONE.test(sentence) || actTerms(question, names).some((t) => holdsTerm(terms, t));
}

/**
 * Whether a sentence giving a date says the event a "when" question asks about: one of the question's
 * own words (not its names) in the dated sentence itself ("trial" of "go to trial").
 */
export function datesAsked(question: string, names: string[], sentence: string): boolean {
  if (!DATE.test(sentence)) return false;
  const acts = actTerms(question, names);
  // One word alone is often paraphrased ("created" → "enacted the European Communities Act 1972"):
  // the dated sentence is judged only when the question says the event in two words or more.
  if (acts.length < 2) return true;
  const terms = contentTerms(sentence);
  return acts.some((t) => holdsTerm(terms, t));
}

/**
 * Why the chosen sentences on the question's subject (`onSubject`, best first) leave its slot empty,
 * or null: an outcome asked for that only an offer or estimate is given for, or a date asked for an
 * event no dated sentence reports.
 */
export function unreported(question: string, names: string[], onSubject: string[], wantsDate: boolean): { reason: string; lacking: string } | null {
  if (asksOutcome(question) && !onSubject.some((s) => reportsOutcome(question, names, s))) {
    return { reason: `the best sentence does not answer: the nearest sentences on its subject give an offer, a plan or an estimate, not what ${question.match(OUTCOME)![0].toLowerCase()} happened`, lacking: question.match(OUTCOME)![0] };
  }
  if (wantsDate && onSubject.some((s) => DATE.test(s)) && !onSubject.some((s) => datesAsked(question, names, s))) {
    // The question's own words for the event, as written ("trial", not the stem "trial"/"suit").
    const acts = new Set(actTerms(question, names));
    const said = [...new Set(words(question).filter((w) => w.term !== null && acts.has(w.term)).map((w) => w.raw))];
    return { reason: `the best sentence does not answer: no dated sentence on its subject says ${said.map((t) => `"${t}"`).join(" or ")}`, lacking: said.join(" ") };
  }
  return null;
}

/**
 * Finer kinds of the figure a question asks for, and whether the chosen sentences can hold it:
 * "How much did X pay / was X fined" wants an amount of money, "How many passengers" a count (not
 * the day of a date, "March 17"), "How long did the strike last" a span of time. And an outcome in a
 * period ("Who won the 1988 election?") is not reported by an article written before that period:
 * it can only forecast it. Each is a reason to say "not covered" rather than quote a sentence that
 * holds some other figure.
 */
import { NUMBER } from "./answer-type.js";

/** What a money question pays, costs, lends or earns: the verbs that make "how much" a sum of money. */
const MONEY_VERB = /\b(?:pay|pays|paid|paying|cost|costs|costing|fined?|fines|lend|lends|lent|earn|earns|earned|spend|spends|spent|raise|raised|sell|sold|worth|charge[sd]?|owe[sd]?|borrow(?:ed)?|invest(?:ed)?|bid|offer(?:ed)?|price[sd]?|profit|loss|revenue|sales|budget|salary|compensation|damages)\b/i;
/** A sum of money: a currency sign or word (Reuters writes "dlrs", "stg", "yen"). */
const MONEY = /[$£€¥]|\b(?:dlrs?|dollars?|stg|sterling|pounds?|pence|yen|marks|francs?|lire|lira|guilders?|crowns?|kronor|rupees?|pesos?|cruzados?|australs?|cents?|euros?|yuan|rand|riyals?|dinars?|shillings?|naira|won|baht|ringgit|rupiah)\b/i;

/** "How much did Pacific Western pay…", "How much was Toshiba Machine fined…": a sum of money. */
export function asksMoney(question: string): boolean {
  if (WHAT_PAID.test(question) || WHAT_FEE.test(question) || HOW_MUCH_TAKEN.test(question)) return true;
  return /\bhow much\b/i.test(question) && !/\bhow much (?:more|less|longer|further|higher|lower|time)\b/i.test(question) && MONEY_VERB.test(question);
}

/**
 * "How much did Hide and Seek take / make in its first weekend?": a film's or a show's takings (BBC b043,
 * left out, met a chart story with no sum). "take" or "make" as the verb, followed by a preposition or
 * the end, not "the tax take grow" (b006) nor "how much time did it take".
 */
const HOW_MUCH_TAKEN = /\bhow much\s+(?:did|does|do|will|would|could|can|may|might|has|have|had)\b(?![^?]*\b(?:time|more|less)\b)[^?]*?\b(?:make|makes|made|take|takes|took|gross|grossed)(?=\s+(?:in|at|on|to|from|for|during|over|by|with|last|this|its|their|the)\b|\s*\?)/i;
/** "What did Arsenal pay for Reyes?", "What did the stadium cost?": a sum asked for without "how much". */
const WHAT_PAID = /^\s*what\s+(?:did|does|do|will|would|could|has|have|had)\b[^?]*?\b(?:pay|spend|cost)\s*(?:for\b|\?|$)/i;
/** "What was the transfer fee?", "What is the price of…?" */
const WHAT_FEE = /^\s*what\s+(?:is|was|were|are|will be)\s+(?:the\s+)?(?:(?!(?:in|of|between|for|on|to)\s)[\p{L}'’-]+\s+){0,3}?(?:fee|price|cost|fine|salary)s?\b/iu;

export function holdsMoney(text: string): boolean {
  return MONEY.test(text);
}

const MONTH = "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?";
/** A calendar date's numbers and bare years: "March 17", "17 March", "1987". They count nothing. */
const DATE_NUMBERS = new RegExp(`\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}|\\b(?:19|20)\\d{2}(?:/\\d{2})?\\b`, "gi");

/** "How many passengers…": a count, not a figure of a date. */
export function asksCount(question: string): boolean {
  return /\bhow many\b/i.test(question);
}

/** Whether `text` holds a figure beyond dates and years and beyond those the question gives. */
export function holdsCount(question: string, text: string): boolean {
  const strip = (s: string) => s.replace(DATE_NUMBERS, " ");
  const global = new RegExp(NUMBER.source, "gi");
  const asked = new Set([...strip(question).matchAll(global)].map((m) => m[0].toLowerCase()));
  return [...strip(text).matchAll(global)].some((m) => !asked.has(m[0].toLowerCase()));
}

/** "How long did the strike last?", "How long was the set?": a span of time (not a length in metres). */
export function asksDuration(question: string): boolean {
  return /\bhow long\b/i.test(question) && !/\b(?:metres?|meters?|miles?|kilometres?|km|feet|foot|inches|yards?|long is the (?:road|bridge|river|tunnel|line|runway))\b/i.test(question);
}

const SPAN_UNIT = "(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|seasons?|innings|sessions?)";
const SPAN = new RegExp(`(?:\\d[\\d.,]*|\\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|several|few|many|some|half an?|a couple of))[\\s-]+(?:\\w+[\\s-]+)?${SPAN_UNIT}\\b|\\b(?:since|until|till|from \\w+ (?:to|until))\\b|\\bovernight\\b`, "i");

export function holdsDuration(text: string): boolean {
  return SPAN.test(text);
}

/** Words of a question asking what was expected, planned or forecast (an article may say that before the period). */
const FORECAST = /\b(?:will|would|shall|want\w*|seek\w*|sought|ask\w* for|call\w* for|request\w*|expect\w*|forecast\w*|predict\w*|project\w*|plan\w*|target\w*|estimat\w*|outlook|goal|aim\w*|intend\w*|going to|hope\w*|propos\w*|budget\w*|schedul\w*|due)\b/i;

/** A question about what happened: "What was…", "Who won…", "How much did…". */
const PAST = /\b(?:was|were|did|had|won|lost|became|paid|sold|bought|rose|fell|grew|made|took|gave|got|went|came|beat|finished|ended|closed|reached|earned|reported|posted)\b/i;

/**
 * The start of each period the question names ("September 1987" → 1987-09-01, "1988" → 1988-01-01),
 * when it asks what happened then, not what was expected of it.
 */
export function outcomePeriods(question: string): { phrase: string; start: string }[] {
  // Only what happened (asked in the past tense); a fiscal or crop year begins before the year it is named by.
  if (!PAST.test(question) || FORECAST.test(question) || /\b(?:fiscal|financial|crop|marketing|tax|budget) year\b|\bseason\b/i.test(question)) return [];
  const out: { phrase: string; start: string }[] = [];
  const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const seen = new Set<number>();
  for (const m of question.matchAll(new RegExp(`\\b${MONTH}\\s+((?:19|20)\\d{2})\\b`, "gi"))) {
    const month = months.indexOf(m[0].slice(0, 3).toLowerCase());
    out.push({ phrase: m[0], start: `${m[1]}-${String(month + 1).padStart(2, "0")}-01` });
    seen.add(m.index! + m[0].length - 4);
  }
  // A bare year ("the 1988 election"); "1987/88" is a fiscal year begun in 1987.
  for (const m of question.matchAll(/\b((?:19|20)\d{2})\b/g)) if (!seen.has(m.index!)) out.push({ phrase: m[0], start: `${m[1]}-01-01` });
  return out;
}

/** The first period the question asks about that began after an article dated `date` was written, or null. */
export function periodAfter(question: string, date: string | null | undefined): string | null {
  if (!date) return null;
  const period = outcomePeriods(question).find((p) => p.start > date.slice(0, 10))?.phrase;
  if (period || !outcomePeriods(`${question} (1999)`).length) return period ?? null;
  // A calendar day with no year ("at the July 23 special meeting") falls in the article's own year.
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  for (const m of question.matchAll(/\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})\b(?!,?\s*\d{4})/g)) {
    const day = `${date.slice(0, 4)}-${String(months.indexOf(m[1]!) + 1).padStart(2, "0")}-${m[2]!.padStart(2, "0")}`;
    if (day > date.slice(0, 10)) return m[0];
  }
  return null;
}

/**
 * Two more kinds of figure a question can ask for, beside asked-detail.ts's "how much did X pay":
 * - a price asked without "how much": "What price did Bear Stearns pay for W. Damm, M. Frank?",
 *   "For how much did X sell Y?" — a sum of money (a story saying the price "was not disclosed" holds none);
 * - a percentage: "What percentage of Vernitron's shareholders voted for the merger?" — a share
 *   (pct, per cent, %), not the record date of the meeting.
 * Written from the Reuters dev questions r159, r160 and their twins r044, r045, r047, r158.
 */

/** "What price did X pay…", "What did X pay for…", "For how much…": a sum of money. */
export function asksPrice(question: string): boolean {
  return (
    /\bwhat (?:price|sum|amount)\b[^?]*\b(?:pay|paid|get|got|receive|received|sell|sold|bid|offer|charge|cost)\b/i.test(question) ||
    /\bwhat did\b[^?]*\b(?:pay|paid)\b/i.test(question) ||
    /\bfor how much\b/i.test(question)
  );
}

/** "What percentage of…", "What percent…", "What proportion…": a share. */
export function asksPercentage(question: string): boolean {
  return /\bwhat (?:percentage|per ?cent|proportion|pct)\b/i.test(question);
}

const SHARE = /%|\bper ?cent\b|\bpct\b|\bpercentage points?\b|\b(?:half|third|quarter|fifth|tenth)s?\b|\bone in \w+\b/i;

export function holdsPercentage(text: string): boolean {
  return SHARE.test(text);
}

/**
 * A company's results for a period: "What did Hemdale Film Corp earn in its first year after the
 * merger?", "What was The One Bancorp's net income for the second quarter?". The story about a merger
 * names the company, the partner and the year, and holds figures (a share of the combined company,
 * the cash it brings), but no result; a results story for the first quarter holds a net income, but
 * not the second quarter's. So a results question needs, beside the question's names, a sentence
 * holding a sum with a word of results (net, profit, earned, loss, revenue…) or a results table's
 * line ("Net 5,952,000 vs 4,374,000"), and a quarter asked for must be the quarter its article
 * reports. Written from the Reuters dev questions r137, r148, r149 and their twins r039, r040.
 */
import type { BriefingIndex } from "../../index/store.js";
import { contentTerms } from "../../text/terms.js";
import { holdsMoney } from "../asked-detail.js";
import { articleWords } from "../evidence.js";
import type { Candidate } from "../select.js";
import { windowSentences } from "./successor.js";

/** "What did X earn…", "What was X's net income / net profit / earnings…": a company's results. */
export function asksResults(question: string): boolean {
  return /^\s*(?:what|how much)\b/i.test(question) && /\b(?:earn(?:s|ed)?|net (?:income|profit|loss|earnings)|profits?|earnings)\b/i.test(question);
}

const RESULT_WORD = /\b(?:net|profits?|earn\w*|income|loss(?:es)?|revenues?|revs|sales|turnover|shr)\b/i;
/** A results table's line: "Net 5,952,000", "Shr 76 cts", "Revs 10.6 mln" (Reuters gives no currency there). */
const TABLE_LINE = /\b(?:net|shr|revs|profit|loss)\s+(?:loss\s+|profit\s+)?\d/i;

/** Whether a sentence gives a result: a sum beside a word of results, or a results table's line. */
export function holdsResult(sentence: string): boolean {
  return TABLE_LINE.test(sentence) || (holdsMoney(sentence) && RESULT_WORD.test(sentence));
}

const ORDINALS: Record<string, string[]> = {
  first: ["first", "1st"],
  second: ["second", "2nd"],
  third: ["third", "3rd"],
  fourth: ["fourth", "4th"],
};

/** The quarter a question asks about ("second quarter", "2nd qtr", "third-quarter"), as its forms, or null. */
export function askedQuarter(question: string): string[] | null {
  const m = /\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:quarter|qtr)\b/i.exec(question);
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  return Object.values(ORDINALS).find((forms) => forms.includes(word)) ?? null;
}

/**
 * Why the chosen sentences leave a results question unanswered, or null: no sentence beside the
 * question's names (`named`) gives a result, or none of those is in an article reporting the quarter asked.
 */
export function resultsUnreported(index: BriefingIndex, question: string, onSubject: Candidate[], named: (c: Candidate) => boolean): { reason: string; lacking: string } | null {
  if (!asksResults(question) || !onSubject.length) return null;
  const giving = onSubject.filter((c) => windowSentences(index, c).some(holdsResult) && named(c));
  if (!giving.length) return { reason: "no sentence beside the question's names gives a result (a net, a profit, earnings)", lacking: "figure" };
  const quarter = askedQuarter(question);
  if (!quarter) return null;
  const reports = (c: Candidate) => {
    const words = articleWords(index, c.passage.articleId);
    return quarter.some((q) => contentTerms(q).every((t) => words.has(t))) && ["quarter", "qtr"].some((q) => contentTerms(q).every((t) => words.has(t)));
  };
  if (giving.some(reports)) return null;
  return { reason: `no article giving a result reports the ${quarter[0]} quarter`, lacking: `${quarter[0]} quarter` };
}

import { monthIndex } from "./period.js";

const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
/** What a model may put before a line's date: a bullet, a number, bold. */
const BEFORE = String.raw`^\s*(?:(?:[-*•]|\d{1,2}[.)])\s+)?(?:\*\*|__)?`;
/** What it may put after: bold, then a colon, a dash or a comma. */
const AFTER = String.raw`(?:\*\*|__)?\s*(?:[:,]|\s[-–—])?\s+`;
/** A date written in words needs its separator: "May 5 was set as the target date" opens with no entry date. */
const AFTER_WORDS = String.raw`(?:\*\*|__)?\s*(?:[:]|\s[-–—])\s+`;
const ISO = new RegExp(`${BEFORE}(\\d{4}-\\d{2}-\\d{2})${AFTER}`);
const MONTH_DAY = new RegExp(`${BEFORE}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?${AFTER_WORDS}`, "i");
const DAY_MONTH = new RegExp(`${BEFORE}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}(?:,?\\s+(\\d{4}))?${AFTER_WORDS}`, "i");
const UNDATED = new RegExp(`${BEFORE}undated${AFTER}`, "i");

const pad = (n: number) => String(n).padStart(2, "0");

/** A line's leading date as ISO and the rest of the line, or null when the line opens with no date. */
function leadingDate(line: string, year: string | null): { date: string; rest: string } | null {
  const iso = ISO.exec(line);
  if (iso) return { date: iso[1], rest: line.slice(iso[0].length) };
  for (const [re, monthAt, dayAt] of [[MONTH_DAY, 1, 2], [DAY_MONTH, 2, 1]] as const) {
    const m = re.exec(line);
    const y = m?.[3] ?? year;
    if (!m || !y || monthIndex(m[monthAt]) < 0) continue;
    const date = `${y}-${pad(monthIndex(m[monthAt]) + 1)}-${pad(Number(m[dayAt]))}`;
    if (!Number.isNaN(Date.parse(date))) return { date, rest: line.slice(m[0].length) };
  }
  const undated = UNDATED.exec(line);
  if (undated) return { date: "undated   ", rest: line.slice(undated[0].length) };
  return null;
}

/**
 * A model's timeline or what's-new answer laid out as the extractive one is: each dated line opens
 * with its ISO date and two spaces ("1987-03-18  …"), the form the chat and the CLI put in a date
 * column, whatever form the model wrote it in ("1987-03-18:", "- **March 18, 1987** —", "18 March:").
 * A dated entry run on after a citation ("… [2] 1987-03-20: …") starts a line of its own. `year`
 * fills in a date written without one (the digest's first year). Lines with no leading date are kept.
 */
export function datedLayout(answer: string, year: string | null = null): string {
  const split = answer.replace(/(\[\d+\][.;]?)[ \t]+(?=(?:\*\*)?\d{4}-\d{2}-\d{2}(?:\*\*)?\s*[:–—-])/g, "$1\n");
  return split
    .split("\n")
    .map((line) => {
      const d = leadingDate(line, year);
      return d && d.rest.trim() ? `${d.date}  ${d.rest.trim()}` : line;
    })
    .join("\n");
}

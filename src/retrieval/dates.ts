/**
 * Date-aware questions: "latest", "most recent", "in January 2024", "since March 2024",
 * "before 2025" narrow or order retrieval by the articles' dates.
 */
export interface DateIntent {
  /** Inclusive ISO bounds (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Prefer newer articles ("latest", "most recent"). */
  newest?: boolean;
  /** The words that expressed the intent. */
  phrase?: string;
  /** Set when no article falls in the period, so retrieval did not narrow by it. */
  ignored?: boolean;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_RE = `(${MONTHS.join("|")}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`;

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, "");
  return MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3)));
}

const pad = (n: number) => String(n).padStart(2, "0");
function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** A period named in the question, as inclusive bounds. */
function period(text: string): { from: string; to: string } | null {
  const m = new RegExp(`^${MONTH_RE}\\s+(\\d{4})$`, "i").exec(text.trim());
  if (m) {
    const month = monthIndex(m[1]);
    const year = Number(m[2]);
    return { from: `${year}-${pad(month + 1)}-01`, to: `${year}-${pad(month + 1)}-${pad(lastDay(year, month))}` };
  }
  const y = /^(\d{4})$/.exec(text.trim());
  if (y) return { from: `${y[1]}-01-01`, to: `${y[1]}-12-31` };
  return null;
}

export function dateIntent(question: string): DateIntent {
  const q = question.toLowerCase();
  const when = `(${MONTH_RE}\\s+\\d{4}|\\b(?:19|20)\\d{2}\\b)`;
  let m = new RegExp(`\\b(since|after|from)\\s+${when}`, "i").exec(q);
  if (m) {
    const p = period(m[2]);
    if (p) return { from: m[1] === "after" ? p.to : p.from, phrase: m[0] };
  }
  m = new RegExp(`\\b(before|until|up to)\\s+${when}`, "i").exec(q);
  if (m) {
    const p = period(m[2]);
    if (p) return { to: m[1] === "before" ? p.from : p.to, phrase: m[0] };
  }
  m = new RegExp(`\\b(?:in|during|of)\\s+${when}`, "i").exec(q);
  if (m) {
    const p = period(m[1]);
    if (p) return { ...p, phrase: m[0] };
  }
  m = /\b(latest|most recent|newest|recently|last week|this week)\b/i.exec(q);
  if (m) return { newest: true, phrase: m[0] };
  return {};
}

/** Whether an article date satisfies the intent; undated articles never match an explicit range. */
export function dateMatches(date: string | null, intent: DateIntent): boolean {
  if (!intent.from && !intent.to) return true;
  if (!date) return false;
  return (!intent.from || date >= intent.from) && (!intent.to || date <= intent.to);
}

/**
 * Periods in a briefing question are dates, never names: "since 1 April", "in March 1987",
 * "over 2024 and 2025", "between March and April", "this week", "the latest". Each narrows or orders
 * the briefing by the articles' dates and is cut out of the subject, so "Summarize US–UK relations
 * over 2024 and 2025" is about "US–UK relations", not about a "2024" the corpus lacks.
 */

export interface Period {
  /** Inclusive ISO bounds (YYYY-MM-DD); a missing year is filled in from the archive. */
  from?: string;
  to?: string;
  /** "the latest", "this week", "recently": relative to the archive's newest article. */
  recent?: "latest" | "week";
  /** The words that named the period, as written. */
  phrase: string;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const YEAR = String.raw`(?:19|20)\d{2}`;
// "1 April 1987", "April 1, 1987", "April 1", "1 April", "April 1987", "April", "1987", "1987-04-01"
const WHEN = String.raw`(?:\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+${MONTH}(?:,?\s+${YEAR})?|${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+${YEAR})?|${MONTH}(?:\s+${YEAR})?|${YEAR})`;

export function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, "").slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(w));
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** A written date or span as inclusive bounds; "????" stands for a year the archive fills in. */
export function span(text: string): { from: string; to: string } | null {
  const t = text.trim().toLowerCase().replace(/(\d)(st|nd|rd|th)\b/g, "$1").replace(/,/g, "");
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return { from: t, to: t };
  m = new RegExp(`^(\\d{1,2})\\s+(${MONTH})(?:\\s+(${YEAR}))?$`).exec(t) ?? null;
  if (m) return day(m[3], m[2], m[1]);
  m = new RegExp(`^(${MONTH})\\s+(\\d{1,2})(?:\\s+(${YEAR}))?$`).exec(t);
  if (m) return day(m[3], m[1], m[2]);
  m = new RegExp(`^(${MONTH})(?:\\s+(${YEAR}))?$`).exec(t);
  if (m) {
    const month = monthIndex(m[1]);
    const year = m[2] ?? "????";
    const last = m[2] ? lastDay(Number(m[2]), month) : lastDay(2001, month);
    return { from: `${year}-${pad(month + 1)}-01`, to: `${year}-${pad(month + 1)}-${pad(last)}` };
  }
  m = new RegExp(`^(${YEAR})$`).exec(t);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  return null;
}

function day(year: string | undefined, month: string, d: string): { from: string; to: string } | null {
  const mi = monthIndex(month);
  const n = Number(d);
  if (mi < 0 || n < 1 || n > 31) return null;
  const iso = `${year ?? "????"}-${pad(mi + 1)}-${pad(n)}`;
  return { from: iso, to: iso };
}

/** The period a question names, if any. */
export function periodOf(question: string): Period | null {
  const q = question;
  let m = new RegExp(String.raw`\b(?:between|from)\s+(${WHEN})\s+(?:and|to|until|-|–)\s+(${WHEN})\b`, "i").exec(q);
  if (m) {
    const a = span(m[1]);
    const b = span(m[2]);
    if (a && b) return { from: a.from, to: b.to, phrase: m[0] };
  }
  // "over 2024 and 2025", "in 2024 and 2025", "during March and April"
  m = new RegExp(String.raw`\b(?:over|in|during|across|through(?:out)?)\s+(?:the\s+(?:years?|months?)\s+)?(${WHEN})\s+(?:and|to|-|–)\s+(${WHEN})\b`, "i").exec(q);
  if (m) {
    const a = span(m[1]);
    const b = span(m[2]);
    if (a && b) return { from: a.from, to: b.to, phrase: m[0] };
  }
  m = new RegExp(String.raw`\b(since|after|from)\s+(${WHEN})\b`, "i").exec(q);
  if (m) {
    const a = span(m[2]);
    if (a) return { from: m[1].toLowerCase() === "after" ? next(a.to) : a.from, phrase: m[0] };
  }
  m = new RegExp(String.raw`\b(before|until|till|up\s+to)\s+(${WHEN})\b`, "i").exec(q);
  if (m) {
    const a = span(m[2]);
    if (a) return { to: m[1].toLowerCase() === "before" ? previous(a.from) : a.to, phrase: m[0] };
  }
  m = new RegExp(String.raw`\b(?:in|during|of|over|for|on)\s+(?:the\s+)?(${WHEN})\b`, "i").exec(q);
  if (m) {
    const a = span(m[1]);
    if (a) return { ...a, phrase: m[0] };
  }
  // "the October 1987 crash", "the 1987 takeover battle": a month and year, or a year, inside the subject.
  m = new RegExp(String.raw`\b(?:the\s+)?(${MONTH}\s+${YEAR}|${YEAR})\b`, "i").exec(q);
  if (m) {
    const a = span(m[1]);
    if (a) return { ...a, phrase: m[1] };
  }
  m = /\b(?:this|last|past)\s+week\b/i.exec(q);
  if (m) return { recent: "week", phrase: m[0] };
  m = /\b(?:the\s+)?(?:latest|most\s+recent|newest|recently)\b/i.exec(q);
  if (m) return { recent: "latest", phrase: m[0] };
  return null;
}

function shift(iso: string, days: number): string {
  if (iso.startsWith("????")) return iso; // filled in later; a day either way matters little there
  return new Date(Date.parse(iso + "T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);
}
const next = (iso: string) => shift(iso, 1);
const previous = (iso: string) => shift(iso, -1);

/**
 * Bounds with the year filled in: a period written without one ("since 1 April") means the archive's
 * year — the newest article's, or the year before when that would put the period after the archive.
 * "This week" is the seven days up to the newest article; "the latest" orders newest first (no bounds).
 */
export function resolvePeriod(p: Period, newest: string | null): { from?: string; to?: string } {
  if (p.recent === "week") return newest ? { from: shift(newest, -6), to: newest } : {};
  if (p.recent === "latest") return {};
  const thisYear = newest ? Number(newest.slice(0, 4)) : new Date().getUTCFullYear();
  // One year for both ends, decided by where the period starts: "April" in an archive ending April 13
  // is April 1–30 of that year, not April 1 of this year to April 30 of the last.
  const start = p.from ?? p.to;
  const year = start?.startsWith("????") && newest && `${thisYear}${start.slice(4)}` > newest ? thisYear - 1 : thisYear;
  const fill = (iso: string | undefined) => (iso?.startsWith("????") ? `${year}${iso.slice(4)}` : iso);
  return { from: fill(p.from), to: fill(p.to) };
}

/** The question without its period, for finding the subject's articles by their words. */
export function withoutPeriod(question: string, p: Period | null): string {
  if (!p) return question;
  // The period goes with its preposition ("in March") or, in a captured part, without it ("March").
  return question.replace(p.phrase, " ").replace(p.phrase.replace(/^\S+\s+/, ""), " ").replace(/\s+/g, " ").trim();
}

/** "1987-03-18" → "March 18", for conflict lines and text dates. */
export function shortDate(iso: string): string {
  const [, m, d] = iso.split("-");
  return `${MONTHS[Number(m) - 1]?.replace(/^./, (c) => c.toUpperCase())} ${Number(d)}`;
}

/** Dates as articles write them, normalised to `YYYY-MM-DD`; anything unclear becomes null. */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/; // 2024-01-31, 2024-01-31T10:00:00Z
const SLASHED = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/; // 2024/01/31
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/; // 20240131
// 31 January 2024, 31st Jan. 2024, Wed, 31 Jan 2024 10:00:00 GMT
const DAY_MONTH_YEAR = /^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b/i;
// Jan 31, 2024, January 31st 2024, Wednesday, January 31, 2024
const MONTH_DAY_YEAR = /^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/i;

/**
 * `YYYY-MM-DD` from a string (ISO date or datetime, `31 January 2024`, `Jan 31, 2024`, `2024/01/31`)
 * or a Date; null when the value is missing, ambiguous (01/02/2024) or not a real calendar date.
 * The date part of an ISO datetime is taken as written, not shifted to another time zone.
 */
export function normalizeDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== "string") return null;
  const s = value.trim();
  let m = ISO.exec(s) ?? SLASHED.exec(s) ?? COMPACT.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  m = DAY_MONTH_YEAR.exec(s);
  if (m && MONTHS[m[2]!.toLowerCase()]) return ymd(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!);
  m = MONTH_DAY_YEAR.exec(s);
  if (m && MONTHS[m[1]!.toLowerCase()]) return ymd(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!);
  return null;
}

function ymd(y: number, mo: number, d: number): string | null {
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

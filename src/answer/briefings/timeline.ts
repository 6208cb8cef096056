import type { Fact, Reported } from "./corroborate.js";
import { chronological, pickFacts } from "./mmr.js";
import { monthIndex } from "./period.js";

/** Most entries in a timeline: a morning briefing's worth of a months-long story. */
export const MAX_ENTRIES = 15;
/** A text date ("on March 3") is the event's own only when it falls this many days before the report, at most. */
const TEXT_DATE_WINDOW = 31;

const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?`;
const ON_DATE = [
  new RegExp(String.raw`\bon\s+${WEEKDAY}${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d{2}))?\b`, "i"),
  new RegExp(String.raw`\bon\s+${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH}(?:,?\s+((?:19|20)\d{2}))?\b`, "i"),
];

/**
 * The date a sentence gives its event ("…filed suit on March 3…"), when it is a past date close
 * before the report (a date ahead is a plan, not the event). The year is the report's unless written.
 */
export function textDate(text: string, reported: string | null): string | null {
  for (const [k, re] of ON_DATE.entries()) {
    const m = re.exec(text);
    if (!m) continue;
    const [month, day] = k === 0 ? [m[1], m[2]] : [m[2], m[1]];
    const year = m[3] ?? reported?.slice(0, 4);
    const mi = monthIndex(month);
    if (!year || mi < 0) continue;
    const iso = `${year}-${String(mi + 1).padStart(2, "0")}-${String(Number(day)).padStart(2, "0")}`;
    if (Number.isNaN(Date.parse(iso))) continue;
    if (!reported) return iso;
    const ahead = (Date.parse(reported) - Date.parse(iso)) / 86_400_000;
    if (ahead >= 0 && ahead <= TEXT_DATE_WINDOW) return iso;
  }
  return null;
}

/** An entry's date: the text's own when it gives one, else the earliest report's. */
export function eventDate<T extends Reported>(f: Fact<T>): { date: string | null; dated: "article" | "text" | null } {
  const lead = f.members[0];
  const own = textDate(lead.text, lead.date);
  if (own) return { date: own, dated: "text" };
  return { date: lead.date, dated: lead.date ? "article" : null };
}

/**
 * Timeline entries: one per event, an event being a fact some article leads with (a wire story's first
 * sentences are its news), picked for coverage and told oldest first by the event's date. Facts from
 * undated articles come back apart.
 */
export function timelineEntries<T extends Reported>(facts: readonly Fact<T>[]): { dated: Fact<T>[]; undated: Fact<T>[] } {
  const events = facts.filter((f) => f.members.some((m) => m.position <= 1));
  const picks = pickFacts(events.length >= 3 ? events : facts, MAX_ENTRIES, 2);
  const dated = picks.filter((f) => eventDate(f).date !== null);
  dated.sort((a, b) => (eventDate(a).date ?? "").localeCompare(eventDate(b).date ?? "") || chronological(a, b));
  return { dated, undated: picks.filter((f) => eventDate(f).date === null) };
}

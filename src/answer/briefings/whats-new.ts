import { dot } from "../../embedding/vectors.js";
import type { Fact, Reported } from "./corroborate.js";
import { pickFacts } from "./mmr.js";
import { eventDate } from "./timeline.js";

/** Most new points listed. */
export const MAX_NEW = 8;
/** A later sentence this close to one of the earlier coverage repeats it. */
const REPEATS = 0.88;

/**
 * What later articles add: facts first reported on or after `since` (a fact an earlier article already
 * reported is old news, however often it is repeated) and not restating earlier coverage, oldest first.
 */
export function newSince<T extends Reported>(facts: readonly Fact<T>[], since: string): { fresh: Fact<T>[]; earlier: number } {
  const earlier = facts.filter((f) => f.members[0].date !== null && f.members[0].date < since);
  const earlierVectors = earlier.flatMap((f) => f.members.map((m) => m.vector));
  const isNew = (f: Fact<T>) => f.members[0].date !== null && f.members[0].date >= since && !earlierVectors.some((v) => dot(v, f.members[0].vector) >= REPEATS);
  const isLead = (f: Fact<T>) => f.members.some((m) => m.position <= 1);
  // Leads first: with three new ones the rest need not be compared with all the earlier coverage.
  const leads = facts.filter((f) => isLead(f) && isNew(f));
  const later = leads.length >= 3 ? leads : facts.filter(isNew);
  const fresh = pickFacts(leads.length >= Math.min(3, later.length) ? leads : later, MAX_NEW, 2);
  fresh.sort((a, b) => (eventDate(a).date ?? "").localeCompare(eventDate(b).date ?? ""));
  // Earlier coverage: the articles dated before `since`, whatever they reported.
  return { fresh, earlier: new Set(facts.flatMap((f) => f.members.filter((m) => m.date !== null && m.date < since).map((m) => m.articleId))).size };
}

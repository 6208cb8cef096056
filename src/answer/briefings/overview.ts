import type { Fact, Reported } from "./corroborate.js";
import { chronological, pickFacts } from "./mmr.js";

/** Fewest and most key points an overview gives. */
export const MIN_POINTS = 4;
export const MAX_POINTS = 8;
/** Key points one article may lead: the overview is of all the articles, not of the biggest one. */
const PER_ARTICLE = 2;
/**
 * Key points from one day's reports: a story's busiest day (the bankruptcy filing, with its subsidiaries
 * "not affected" and the markets' reactions) must not take the slots of the developments before and after.
 * Chosen on the dev subjects (1 → 0.467, 2 → 0.667, 3 → 0.667, none → 0.600 key-point recall).
 */
const PER_DAY = 2;

/**
 * The key points of an overview: 4–8 facts chosen for coverage (score = centrality, closeness to the
 * question, share of the subject; MMR spreads them over different facts, articles and days), told in date order.
 */
export function overviewPoints<T extends Reported>(facts: readonly Fact<T>[], articles: number): Fact<T>[] {
  const count = Math.min(MAX_POINTS, Math.max(MIN_POINTS, articles + 2));
  // A wire story leads with its news: with enough articles, the key points are drawn from their leads.
  const leads = facts.filter((f) => f.members.some((m) => m.position === 0));
  return pickFacts(leads.length >= count ? leads : facts, count, PER_ARTICLE, PER_DAY).sort(chronological);
}

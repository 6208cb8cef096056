import type { Fact, Reported } from "./corroborate.js";
import { chronological, pickFacts } from "./mmr.js";

/** Fewest and most key points an overview gives. */
export const MIN_POINTS = 4;
export const MAX_POINTS = 8;

/** How the overview picks among the facts ranked by score. */
export interface OverviewPicker {
  /** Key points one article may lead: the overview is of all the articles, not of the biggest one. */
  perArticle: number;
  /**
   * Key points first reported on one day: a story's busiest day (the bankruptcy filing, with its subsidiaries
   * "not affected" and the markets' reactions) must not take the slots of the developments before and after.
   */
  perDay: number;
  /** MMR trade-off: 1 ranks by score alone; lower values spread the picks over different facts. */
  lambda: number;
  /** With enough articles, draw the key points from their leads only: a wire story leads with its news. */
  leadsOnly: boolean;
}

/** Per-day cap chosen on the dev subjects (1 → 0.467, 2 → 0.667, 3 → 0.667, none → 0.600 key-point recall). */
export const OVERVIEW_PICKER: OverviewPicker = { perArticle: 2, perDay: 2, lambda: 0.7, leadsOnly: true };

/**
 * The key points of an overview: 4–8 facts chosen for coverage (score = centrality, closeness to the
 * question, share of the subject; MMR spreads them over different facts, articles and days), told in date order.
 */
export function overviewPoints<T extends Reported>(facts: readonly Fact<T>[], articles: number, picker: OverviewPicker = OVERVIEW_PICKER): Fact<T>[] {
  const count = Math.min(MAX_POINTS, Math.max(MIN_POINTS, articles + 2));
  const leads = facts.filter((f) => f.members.some((m) => m.position === 0));
  const pool = picker.leadsOnly && leads.length >= count ? leads : facts;
  return pickFacts(pool, count, picker.perArticle, picker.perDay, picker.lambda).sort(chronological);
}

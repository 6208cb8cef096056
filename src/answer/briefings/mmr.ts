import { dot } from "../../embedding/vectors.js";
import type { Fact, Reported } from "./corroborate.js";

/** MMR trade-off: 1 ranks by score alone; lower values spread the picks over different facts. */
const LAMBDA = 0.7;

/**
 * Up to `count` facts, best first, each new pick scored by its own worth less its closeness to the
 * picks already made, so the briefing covers the subject rather than restating its biggest fact.
 * `perArticle` caps the picks led by one article (coverage across articles), `perDay` those first reported on one day.
 */
export function pickFacts<T extends Reported>(facts: readonly Fact<T>[], count: number, perArticle = Infinity, perDay = Infinity, lambda = LAMBDA): Fact<T>[] {
  const picks: Fact<T>[] = [];
  const used = new Map<string, number>();
  const days = new Map<string, number>();
  const rest = [...facts];
  while (picks.length < count && rest.length) {
    let best = -1;
    let bestValue = -Infinity;
    rest.forEach((f, i) => {
      if ((used.get(f.members[0].articleId) ?? 0) >= perArticle) return;
      if ((days.get(f.members[0].date ?? "") ?? 0) >= perDay) return;
      const v = f.members[0].vector;
      const near = picks.length ? Math.max(...picks.map((p) => dot(p.members[0].vector, v))) : 0;
      const value = lambda * f.score - (1 - lambda) * near;
      if (value > bestValue) [best, bestValue] = [i, value];
    });
    if (best < 0) break;
    const [f] = rest.splice(best, 1);
    picks.push(f);
    used.set(f.members[0].articleId, (used.get(f.members[0].articleId) ?? 0) + 1);
    if (f.members[0].date) days.set(f.members[0].date, (days.get(f.members[0].date) ?? 0) + 1);
  }
  return picks;
}

export const chronological = <T extends Reported>(a: Fact<T>, b: Fact<T>) =>
  (a.members[0].date ?? "9999").localeCompare(b.members[0].date ?? "9999") || a.members[0].articleId.localeCompare(b.members[0].articleId) || a.members[0].position - b.members[0].position;

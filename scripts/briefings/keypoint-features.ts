/**
 * Features of "key-point-ness" for the overview's facts, read by fit-keypoints.ts (an experiment, not
 * shipped: no fitted model beat the coverage score under leave-one-subject-out cross-validation on dev,
 * see evals/README.md). The hypothesis was that background sentences are central and repeated but add
 * nothing to what earlier articles said, while a development brings new words and figures.
 */
import type { Fact, Reported } from "../../src/answer/briefings/corroborate.js";
import type { ScoreParts } from "../../src/answer/briefings/gather.js";

export const KEYPOINT_FEATURES = [
  "lead",
  "position",
  "sources",
  "central",
  "asked",
  "share",
  "article",
  "novelTerms",
  "novelFigures",
  "background",
  "dateRank",
  "figure",
  "length",
  "hedged",
  "score",
  "actor",
  "statement",
] as const;
export type KeypointFeature = (typeof KEYPOINT_FEATURES)[number];

export interface KeypointModel {
  features: KeypointFeature[];
  mean: number[];
  std: number[];
  coef: number[];
  bias: number;
}

type R = Reported & { parts?: ScoreParts };

const FIGURE = /\d[\d,.]*\d|\d/g;
const HEDGE = /\b(?:could|might|may|would|analysts?|arbitrageurs?|traders?|sources|speculat\w*|expected|believed|reportedly)\b/i;
/** Who a lead's report is from: the words before its "said" ("ChemLawn Corp said…"), when it opens with one. */
function opener(s: Reported): string[] | null {
  const m = /^(.{3,80}?)\s+(?:said|says|announced|reported)\b/.exec(s.text.replace(/\s+/g, " "));
  return m ? s.terms.filter((t) => m[1].toLowerCase().includes(t.slice(0, 4))) : null;
}
const day = (d: string | null) => (d ? Date.parse(d.slice(0, 10)) / 86_400_000 : NaN);

/** Each fact's features, in KEYPOINT_FEATURES order; measured against the other facts of the same subject. */
export function keypointFeatures<T extends R>(facts: readonly Fact<T>[]): Record<KeypointFeature, number>[] {
  const all = facts.flatMap((f) => f.members);
  // The first date each term and figure is written on, and how many of the subject's articles use each term.
  const firstTerm = new Map<string, string>();
  const firstFigure = new Map<string, string>();
  const articlesOf = new Map<string, Set<string>>();
  const articles = new Set<string>();
  for (const s of all) {
    articles.add(s.articleId);
    const d = s.date ?? "9999";
    for (const t of s.terms) {
      if ((firstTerm.get(t) ?? "9999") > d) firstTerm.set(t, d);
      let set = articlesOf.get(t);
      if (!set) articlesOf.set(t, (set = new Set()));
      set.add(s.articleId);
    }
    for (const g of s.text.match(FIGURE) ?? []) if ((firstFigure.get(g) ?? "9999") > d) firstFigure.set(g, d);
  }
  const days = all.map((s) => day(s.date)).filter((x) => Number.isFinite(x));
  const [lo, hi] = days.length ? [Math.min(...days), Math.max(...days)] : [0, 0];
  const n = articles.size || 1;
  // The story's actors: words opening the reports of at least three of its articles' leads.
  const actorArticles = new Map<string, Set<string>>();
  for (const s of all) {
    if (s.position !== 0) continue;
    for (const t of opener(s) ?? []) {
      let set = actorArticles.get(t);
      if (!set) actorArticles.set(t, (set = new Set()));
      set.add(s.articleId);
    }
  }
  const actors = new Set([...actorArticles].filter(([, set]) => set.size >= 3).map(([t]) => t));
  return facts.map((f) => {
    const s = f.members[0];
    const d = s.date ?? "9999";
    const terms = [...new Set(s.terms)];
    const figures = [...new Set(s.text.match(FIGURE) ?? [])];
    const max = (k: keyof ScoreParts) => Math.max(...f.members.map((m) => m.parts?.[k] ?? 0));
    const t = day(s.date);
    return {
      lead: f.members.some((m) => m.position === 0) ? 1 : 0,
      position: Math.min(...f.members.map((m) => m.position)),
      sources: Math.log2(f.members.length),
      central: max("central"),
      asked: max("asked"),
      share: max("share"),
      article: max("article"),
      // Nothing dated before it used these words (the first day's reports are all new).
      novelTerms: terms.length ? terms.filter((x) => (firstTerm.get(x) ?? d) >= d).length / terms.length : 0,
      novelFigures: figures.some((g) => (firstFigure.get(g) ?? d) >= d) ? 1 : 0,
      background: terms.length ? terms.reduce((a, x) => a + (articlesOf.get(x)?.size ?? 0), 0) / terms.length / n : 0,
      dateRank: Number.isFinite(t) && hi > lo ? (t - lo) / (hi - lo) : 0,
      figure: figures.length ? 1 : 0,
      length: Math.min(60, s.text.split(/\s+/).length) / 30,
      hedged: HEDGE.test(s.text) ? 1 : 0,
      score: f.score,
      actor: (opener(s) ?? []).some((t) => actors.has(t)) ? 1 : 0,
      statement: opener(s) ? 1 : 0,
    };
  });
}

/** The model's logit for one fact's features. */
export function keypointLogit(x: Record<KeypointFeature, number>, model: KeypointModel): number {
  return model.features.reduce((a, k, i) => a + model.coef[i] * ((x[k] - model.mean[i]) / (model.std[i] || 1)), model.bias);
}

/** The facts with their score replaced by the key-point model's probability. */
export function keypointScored<T extends R>(facts: readonly Fact<T>[], model: KeypointModel): Fact<T>[] {
  const xs = keypointFeatures(facts);
  return facts.map((f, i) => ({ ...f, score: 1 / (1 + Math.exp(-keypointLogit(xs[i], model))) }));
}

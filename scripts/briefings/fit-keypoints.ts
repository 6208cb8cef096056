/**
 * An experiment, not a shipped model: can a small fitted model of "key-point-ness" (keypoint-features.ts)
 * pick an overview's key points better than the coverage score? Fitted and measured on the DEV overviews
 * only (evals/briefings/reuters.jsonl dev split + reuters-dev.jsonl; held-out subjects are never asked).
 *
 * Rows: every fact (grouped sentences) of every dev overview's subject, labelled 1 when one of its
 * sentences holds a gold key point's accepted phrasing. A logistic regression (L2, standardised
 * features) is fitted; the regularisation, the feature set and the picker's settings (MMR λ, caps, leads
 * only) are chosen by leave-one-subject-out cross-validation on the key-point recall of the picks
 * themselves: each subject's overview is picked by a model fitted on the other eight. The best setting's
 * cross-validated recall is printed beside main's coverage-score picker on the same facts (evals/README.md,
 * sixth session: none beat it, so nothing is written).
 *
 *   npx tsx scripts/briefings/fit-keypoints.ts --corpus DIR --index DIR [--verbose] [--pool all|leads] [--only f1,f2]
 */
import { parseArgs } from "node:util";
import { archiveArgs, devOverviews } from "./dev-gold.js";
import { corroborate, type Fact } from "../../src/answer/briefings/corroborate.js";
import { gatherSubject, type SubjectSentence } from "../../src/answer/briefings/gather.js";
import { keypointFeatures, keypointScored, KEYPOINT_FEATURES, type KeypointFeature, type KeypointModel } from "./keypoint-features.js";
import { briefingAsk } from "../../src/answer/briefings/kind.js";
import { overviewPoints, OVERVIEW_PICKER, type OverviewPicker } from "../../src/answer/briefings/overview.js";
import { resolveSettings } from "../../src/config.js";
import { normalizeText } from "../../src/eval/metrics.js";
import { openPipeline } from "../../src/pipeline.js";

const USAGE = "npx tsx scripts/briefings/fit-keypoints.ts --corpus DIR --index DIR [--verbose] [--pool all|leads] [--only f1,f2]";
const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    index: { type: "string" },
    verbose: { type: "boolean", default: false },
    only: { type: "string" },
    pool: { type: "string", default: "all" },
  },
});

type F = Fact<SubjectSentence>;
interface Case {
  subject: string;
  facts: F[];
  x: Record<KeypointFeature, number>[];
  /** Per fact, the gold key points (indexes) its sentences hold. */
  holds: number[][];
  points: number;
  articles: number;
}

const gold = devOverviews();

const briefer = await openPipeline(resolveSettings(archiveArgs(values, USAGE)), { embed: "all" });
const cases: Case[] = [];
try {
  for (const q of gold) {
    const ask = briefingAsk(q.question);
    if (!ask) throw new Error(`not read as an overview: ${q.question}`);
    const vector = Float32Array.from(await briefer.embeddings.embedQuery(ask.subject));
    const subject = await gatherSubject(briefer.index, vector, ask.subject, { retriever: "hybrid" });
    const { facts } = corroborate(subject.sentences);
    const norm = q.key_points.map((kp) => kp.map(normalizeText));
    const holds = facts.map((f) => norm.flatMap((kp, i) => (f.members.some((m) => kp.some((p) => normalizeText(m.text).includes(p))) ? [i] : [])));
    cases.push({ subject: q.subject, facts, x: keypointFeatures(facts), holds, points: q.key_points.length, articles: subject.articles.length });
  }
} finally {
  await briefer.close();
}

/** Logistic regression by gradient descent on standardised features, L2 penalty `l2` (not on the bias). */
function fit(rows: { x: number[]; y: number }[], features: KeypointFeature[], l2: number): KeypointModel {
  const d = features.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((a, r) => a + r.x[j], 0) / rows.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((a, r) => a + (r.x[j] - mean[j]) ** 2, 0) / rows.length) || 1);
  const z = rows.map((r) => r.x.map((v, j) => (v - mean[j]) / std[j]));
  const coef = new Array<number>(d).fill(0);
  let bias = 0;
  const n = rows.length;
  for (let it = 0; it < 600; it++) {
    const g = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(bias + z[i].reduce((a, v, j) => a + v * coef[j], 0))));
      const e = p - rows[i].y;
      gb += e;
      for (let j = 0; j < d; j++) g[j] += e * z[i][j];
    }
    for (let j = 0; j < d; j++) coef[j] -= 0.5 * (g[j] / n + l2 * coef[j]);
    bias -= 0.5 * (gb / n);
  }
  return { features, mean, std, coef, bias };
}

/** The rows a model is fitted on: every fact, or (`--pool leads`) only the facts the picker draws from. */
const inPool = (x: Record<KeypointFeature, number>) => values.pool !== "leads" || x.lead === 1;
const rowsOf = (cs: Case[], features: KeypointFeature[]) =>
  cs.flatMap((c) => c.x.flatMap((x, i) => (inPool(x) ? [{ x: features.map((k) => x[k]), y: c.holds[i].length ? 1 : 0 }] : [])));

/** Key points found by the picks of one case. */
function found(c: Case, model: KeypointModel | null, picker: OverviewPicker): number {
  const ranked = model ? keypointScored(c.facts, model) : c.facts;
  const picks = overviewPoints(ranked, c.articles, picker);
  const got = new Set<number>();
  for (const p of picks) for (const k of c.holds[ranked.indexOf(p)]) got.add(k);
  return got.size;
}

const total = cases.reduce((a, c) => a + c.points, 0);
const fmt = (n: number) => `${(n / total).toFixed(3)} (${n}/${total})`;
const mainFound = cases.map((c) => found(c, null, OVERVIEW_PICKER));
console.log(`main's picker on these facts: dev9 ${fmt(mainFound.reduce((a, b) => a + b, 0))}  ${cases.map((c, i) => `${c.subject}:${mainFound[i]}`).join(" ")}`);
console.log(`rows: ${cases.reduce((a, c) => a + c.facts.length, 0)} facts, ${cases.reduce((a, c) => a + c.holds.filter((h) => h.length).length, 0)} holding a key point`);

// Each feature alone: how well it ranks the facts holding a key point above the rest (AUC, within subject, pooled).
if (values.verbose) {
  for (const k of KEYPOINT_FEATURES) {
    let pairs = 0;
    let wins = 0;
    for (const c of cases) {
      const pos = c.x.filter((x, i) => inPool(x) && c.holds[i].length).map((x) => x[k]);
      const neg = c.x.filter((x, i) => inPool(x) && !c.holds[i].length).map((x) => x[k]);
      for (const p of pos) for (const q of neg) (pairs++, (wins += p > q ? 1 : p === q ? 0.5 : 0));
    }
    const mean = (ys: number[]) => (ys.reduce((a, b) => a + b, 0) / (ys.length || 1)).toFixed(3);
    const pos = cases.flatMap((c) => c.x.filter((x, i) => inPool(x) && c.holds[i].length).map((x) => x[k]));
    const neg = cases.flatMap((c) => c.x.filter((x, i) => inPool(x) && !c.holds[i].length).map((x) => x[k]));
    console.log(`  ${k.padEnd(13)} AUC ${(wins / pairs).toFixed(3)}  mean key point ${mean(pos)}  other ${mean(neg)}`);
  }
}

// Where each key point's best fact ranks among the leads by main's coverage score (and whether main's picker finds it).
if (values.verbose) {
  for (const c of cases) {
    const leads = c.facts.filter((f) => f.members.some((m) => m.position === 0));
    const ranks = Array.from({ length: c.points }, (_, k) => leads.findIndex((f) => c.holds[c.facts.indexOf(f)].includes(k)));
    console.log(`  ${c.subject.padEnd(13)} ${leads.length} leads; key points' ranks ${ranks.map((r) => (r < 0 ? "—" : r + 1)).join(" ")}`);
  }
}

const FEATURE_SETS: Record<string, KeypointFeature[]> = values.only ? { only: values.only.split(",") as KeypointFeature[] } : {
  all: [...KEYPOINT_FEATURES],
  noScore: KEYPOINT_FEATURES.filter((f) => f !== "score"),
  core: ["lead", "position", "sources", "central", "asked", "share", "article", "novelTerms", "novelFigures", "background"],
  parts: ["lead", "position", "sources", "central", "asked", "share", "article"],
  actors: ["lead", "position", "sources", "central", "asked", "share", "article", "actor", "statement"],
  scoreActors: ["lead", "score", "actor", "statement", "hedged"],
};
const L2 = [0.01, 0.1, 1];
const LAMBDAS = [0.5, 0.7, 0.85, 1];
const CAPS: [number, number][] = [
  [2, 2],
  [2, 3],
  [8, 8],
];
const POOLS = [true, false];

interface Trial {
  name: string;
  features: KeypointFeature[];
  l2: number;
  picker: OverviewPicker;
  found: number;
  per: number[];
}
const trials: Trial[] = [];
for (const [name, features] of Object.entries(FEATURE_SETS)) {
  for (const l2 of L2) {
    // One fitted model per left-out subject, shared by every picker setting.
    const folds = cases.map((_, k) => fit(rowsOf(cases.filter((__, j) => j !== k), features), features, l2));
    for (const lambda of LAMBDAS) {
      for (const [perArticle, perDay] of CAPS) {
        for (const leadsOnly of POOLS) {
          const picker = { perArticle, perDay, lambda, leadsOnly };
          const per = cases.map((c, k) => found(c, folds[k], picker));
          trials.push({ name, features, l2, picker, found: per.reduce((a, b) => a + b, 0), per });
        }
      }
    }
  }
}
trials.sort((a, b) => b.found - a.found);
const show = (t: Trial) => `${t.name.padEnd(8)} l2 ${String(t.l2).padEnd(5)} λ ${String(t.picker.lambda).padEnd(4)} caps ${t.picker.perArticle}/${t.picker.perDay} ${t.picker.leadsOnly ? "leads" : "all  "}  LOSO dev9 ${fmt(t.found)}  ${cases.map((c, i) => `${c.subject}:${t.per[i]}`).join(" ")}`;
console.log("\nbest settings by leave-one-subject-out key-point recall:");
for (const t of trials.slice(0, values.verbose ? 40 : 12)) console.log("  " + show(t));

console.log("best per feature set:");
for (const name of Object.keys(FEATURE_SETS)) {
  const t = trials.find((x) => x.name === name);
  if (t) console.log("  " + show(t));
}

const best = trials[0];
const model = fit(rowsOf(cases, best.features), best.features, best.l2);
const inSample = cases.reduce((a, c) => a + found(c, model, best.picker), 0);
console.log(`\nchosen: ${show(best)}\nrefitted on all nine: in-sample dev9 ${fmt(inSample)}`);
console.log("coefficients (standardised): " + model.features.map((f, i) => `${f} ${model.coef[i].toFixed(2)}`).join(", ") + `, bias ${model.bias.toFixed(2)}`);
const mainTotal = mainFound.reduce((a, b) => a + b, 0);
console.log(
  best.found > mainTotal
    ? `the best setting finds ${best.found - mainTotal} more key point(s) than main's picker under cross-validation — but it is the best of ${trials.length} settings, so read it against that selection`
    : `no setting beats main's picker (${mainTotal}/${total}) under cross-validation`,
);

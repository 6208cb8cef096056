/**
 * `npm run calibrate`: fits the abstention model (src/answer/abstention-weights.json) on the DEV half
 * of every question set whose corpus is present, and prints the precision/recall trade-off on dev
 * and on the held-out half, which is never used for fitting (split by a fixed hash of the id).
 *
 * Rows: one per question, asked at the `lenient` point (the decision's rules alone), so every
 * question's features and its answer are recorded: label 1 when answerable, 0 when not. Rows a
 * rule already refused count as abstentions at every threshold. Sets: seed (full and leave-one-out),
 * BBC (answerable + unanswerable, leave-one-out), bbc-more (answerable, leave-one-out), the Reuters
 * subset (scripts/reuters-subset.ts, full and leave-one-out) and the SQuAD v2.0 sample of 400 with
 * seed 1 are fitted on (their dev halves only); the SQuAD sample with seed 2 is only reported.
 * Rows are cached per set in .briefing/abstention-rows/ (retrieval is not re-run to refit): `--refresh`
 * recomputes them (after changing the features or the rules), `--only a,b` limits the sets, `--dry`
 * prints without writing the weights, `--features a,b,…` fits other features than the shipped ones.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ABSTAIN_LEVELS, modelScore, type AbstainLevel, type AbstentionModel, type AbstentionWeights } from "../src/answer/abstain.js";
import { LEXICAL_FEATURES, type Feature } from "../src/answer/evidence.js";
import { PROJECT_ROOT, resolveSettings } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { splitOf, type Split } from "../src/eval/leaveOut.js";
import { runEval } from "../src/eval/runner.js";
import { containsGold, type SquadQuestion } from "../src/eval/squad.js";

const { values } = parseArgs({ options: { dry: { type: "boolean" }, only: { type: "string" }, refresh: { type: "boolean" }, features: { type: "string" } } });
const out = path.join(PROJECT_ROOT, "src", "answer", "abstention-weights.json");
const cacheDir = path.join(PROJECT_ROOT, ".briefing", "abstention-rows");

/** The features the model weighs (evidence.ts computes more; these measured best on dev, see evals/README.md). */
const SHIPPED_FEATURES: Feature[] = ["relNear", "spread", "sentCov", "chosenCov", "concentration"];
/** `--features a,b,…` fits another set (to compare; write it only after reading the held-out lines). */
const MODEL_FEATURES = values.features ? (values.features.split(",") as Feature[]) : SHIPPED_FEATURES;

export interface Row {
  set: string;
  id: string;
  split: Split;
  answerable: boolean;
  /** A rule abstained before the model (counted as an abstention at every threshold). */
  ruled: boolean;
  reason: string;
  features: Record<Feature, number> | null;
  /** Answerable and answered: an expected article cited; the answer holds the facts (SQuAD: a gold answer). */
  cited?: number;
  facts?: number;
  /** For reading the misses: the answer's first words and the cited article ids. */
  answer?: string;
  cites?: string[];
}

async function rowsOf(name: string, squadSeed: number, label = name): Promise<Row[] | null> {
  const file = path.join(cacheDir, `${label}.json`);
  if (!values.refresh && existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Row[];
  const spec = abstentionSets({ squadSeed }).find((s) => s.name === name)!;
  if (spec.missing) {
    console.error(`skipped ${label}: ${spec.missing}`);
    return null;
  }
  const settings = resolveSettings({ corpus: spec.corpus, index: spec.index, workers: 1, abstain: "lenient" }, {});
  const started = performance.now();
  const questions = spec.questions();
  const golds = new Map(questions.map((q) => [q.id, (q as SquadQuestion).golds]));
  const run = await runEval({ settings, questions, retrievers: ["hybrid"], leaveOut: spec.leaveOut });
  const rows = run.runs[0]!.outcomes.map((o): Row => {
    const a = o.briefing.abstention;
    const q = o.record.question;
    const g = golds.get(q.id);
    return {
      set: label,
      id: q.id,
      split: splitOf(q.id),
      answerable: q.answerable,
      ruled: o.briefing.abstained,
      reason: a?.reason ?? "",
      features: (a?.features as Record<Feature, number> | undefined) ?? null,
      answer: o.record.answer.slice(0, 160),
      cites: [...new Set(o.briefing.citations.map((c) => c.articleId))],
      ...(q.answerable ? { cited: o.verdict.citationRecall ?? 0, facts: g ? Number(!o.record.abstained && containsGold(o.record.answer, g)) : (o.verdict.factRecall ?? 0) } : {}),
    };
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, JSON.stringify(rows));
  console.error(`${label}: ${rows.length} questions in ${((performance.now() - started) / 1000).toFixed(0)}s`);
  return rows;
}

const SETS: [string, number, string][] = [
  ["seed", 1, "seed"],
  ["seed-leave-out", 1, "seed-leave-out"],
  ["bbc", 1, "bbc"],
  ["bbc-leave-out", 1, "bbc-leave-out"],
  ["bbc-more", 1, "bbc-more"],
  ["bbc-more-leave-out", 1, "bbc-more-leave-out"],
  ["reuters", 1, "reuters"],
  ["reuters-leave-out", 1, "reuters-leave-out"],
  ["squad", 1, "squad"],
  ["squad", 2, "squad-seed2"],
];
/**
 * Reported only, never fitted on: another SQuAD sample. Every other set is fitted on its dev half and
 * reported on its held-out half (Reuters and bbc-more joined the fit on 2026-12-02; before, Reuters was
 * kept out whole and bbc-more was not read, see evals/README.md).
 */
const REPORT_ONLY = new Set(["squad-seed2"]);

async function collect(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, seed, label] of SETS) {
    if (values.only && !values.only.split(",").includes(label)) continue;
    rows.push(...((await rowsOf(name, seed, label)) ?? []));
  }
  return rows;
}

type Fitted = Omit<AbstentionModel, "thresholds">;

/**
 * Logistic regression, standardised inputs, L2; every set weighs the same and, within it, answerable
 * and unanswerable rows weigh the same (SQuAD's 200 dev rows would otherwise decide alone); gradient descent.
 */
function fit(rows: Row[], features: Feature[], lambda = 0.05): Fitted {
  const X = rows.map((r) => features.map((f) => r.features![f]));
  const y = rows.map((r) => (r.answerable ? 1 : 0));
  const mean = features.map((_, j) => X.reduce((s, x) => s + x[j]!, 0) / X.length);
  const scale = features.map((_, j) => Math.sqrt(X.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / X.length) || 1);
  const Z = X.map((x) => x.map((v, j) => (v - mean[j]!) / scale[j]!));
  const group = rows.map((r, i) => `${r.set}:${y[i]}`);
  const size = new Map<string, number>();
  group.forEach((g) => size.set(g, (size.get(g) ?? 0) + 1));
  const raw = group.map((g) => 1 / size.get(g)!);
  const norm = raw.reduce((a, b) => a + b, 0) / raw.length;
  const cw = raw.map((w) => w / norm);
  const w = features.map(() => 0);
  let b = 0;
  for (let it = 0; it < 3000; it++) {
    const gw = w.map(() => 0);
    let gb = 0;
    Z.forEach((z, i) => {
      const p = 1 / (1 + Math.exp(-(b + z.reduce((s, v, j) => s + v * w[j]!, 0))));
      const e = (p - y[i]!) * cw[i]!;
      z.forEach((v, j) => (gw[j]! += e * v));
      gb += e;
    });
    w.forEach((_, j) => (w[j] = w[j]! - 0.2 * (gw[j]! / Z.length + lambda * w[j]!)));
    b -= 0.2 * (gb / Z.length);
  }
  return { features, mean, scale, weights: w, bias: b };
}

const score = (model: Fitted, r: Row) => modelScore({ ...model, thresholds: {} as never }, r.features!);
const abstainsAt = (model: Fitted, t: number) => (r: Row) => r.ruled || (r.features !== null && score(model, r) < t);

/** Abstentions among answerable and unanswerable rows at a threshold (rules always abstain). */
function tradeOff(rows: Row[], model: Fitted, t: number) {
  const abstains = abstainsAt(model, t);
  const ans = rows.filter((r) => r.answerable);
  const un = rows.filter((r) => !r.answerable);
  const falseAbst = ans.filter(abstains).length;
  const caught = un.filter(abstains).length;
  const abst = falseAbst + caught;
  // What the answerable side keeps: cited and facts count 0 once abstained.
  const kept = (k: "cited" | "facts") => (ans.length ? ans.reduce((n, r) => n + (abstains(r) ? 0 : (r[k] ?? 0)), 0) / ans.length : null);
  return { recall: un.length ? caught / un.length : null, precision: abst ? caught / abst : 1, falseRate: ans.length ? falseAbst / ans.length : null, falseN: falseAbst, ans: ans.length, un: un.length, cited: kept("cited"), facts: kept("facts") };
}

/**
 * The highest threshold at which the model refuses, in every set's dev half, at most `budget` of its
 * answerable questions beyond what the rules refuse (rounded down: 2% of the seed's 27 is none).
 */
function thresholdFor(rows: Row[], model: Fitted, budget: number): number {
  const sets = [...new Set(rows.map((r) => r.set))];
  let best = 0;
  for (let t = 0; t <= 0.95 + 1e-9; t += 0.01) {
    const ok = sets.every((set) => {
      const ans = rows.filter((r) => r.set === set && r.answerable);
      const extra = ans.filter((r) => !r.ruled && r.features !== null && score(model, r) < t).length;
      return extra <= Math.floor(budget * ans.length + 1e-9);
    });
    if (ok) best = t;
    else break;
  }
  return Math.round(best * 100) / 100;
}

/**
 * Extra false abstentions each level may cost per set on dev, beyond the rules' own. lenient is the
 * rules alone; balanced (the default) is the model at no extra false abstention on any set's dev half.
 * On 2026-11-30 four feature sets were compared with --features, choosing on dev: the nine of the
 * previous fit; all fourteen candidates; relNear, simOther, spread, sim, sentCov; and relNear, spread,
 * sentCov (where the question's terms meet in the best article, and the best sentence's coverage).
 * Only the last caught more on dev at no dev cost (seed leave-out 0.667 -> 0.704); it needs no vector,
 * so the lexical-only model is the same fit. See evals/README.md.
 * Later that night (issue 12, leave-one-article-out) chosenCov and concentration were added (the chosen
 * sentences' share of the question, the share of retrieved passages from the best sentence's article:
 * a story the retriever keeps returning to whose chosen sentences still miss the question is a topical
 * neighbour), chosen on dev against +novelty, +bm25Margin, +sim/simOther and the article-match
 * features (rareKnown/rareMargin, artMargin), which caught no more on dev at no dev cost.
 */
const MAX_FALSE: Record<AbstainLevel, number> = { strict: 0.05, balanced: 0, lenient: -1 };

const f = (x: number | null) => (x === null ? "  —  " : x.toFixed(3));
function report(name: string, rows: Row[], model: Fitted, thresholds: Record<AbstainLevel, number>, extra: [string, number][] = []) {
  const dev = rows.filter((r) => r.split === "dev" && !REPORT_ONLY.has(r.set));
  const held = rows.filter((r) => r.split === "heldout" && !REPORT_ONLY.has(r.set));
  console.log(`\n${name} model: ${model.features.map((x, i) => `${x} ${model.weights[i]!.toFixed(2)}`).join(", ")}; bias ${model.bias.toFixed(2)}`);
  console.log("  threshold     | dev: unanswerable caught / precision / false abstention | held-out: the same");
  const marks = new Map(Object.entries(thresholds).map(([l, t]) => [t, l]));
  for (const t of [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, ...Object.values(thresholds)].sort((a, b) => a - b).filter((t, i, a) => a.indexOf(t) === i)) {
    const d = tradeOff(dev, model, t);
    const h = tradeOff(held, model, t);
    console.log(`  ${t.toFixed(2)}${marks.has(t) ? ` (${marks.get(t)})` : ""}`.padEnd(16) + `| ${f(d.recall)} / ${f(d.precision)} / ${f(d.falseRate)} | ${f(h.recall)} / ${f(h.precision)} / ${f(h.falseRate)}`);
  }
  for (const [level, t] of [...ABSTAIN_LEVELS.map((l) => [l, thresholds[l]] as [string, number]), ...extra]) {
    console.log(`  ${level} (${t.toFixed(2)}) per set: caught unanswerable, false abstention (n), cited / facts kept — dev | held-out | all`);
    for (const set of [...new Set(rows.map((r) => r.set))]) {
      const line = (rs: Row[]) => {
        const x = tradeOff(rs, model, t);
        return `${f(x.recall)} of ${String(x.un).padStart(3)}, false ${f(x.falseRate)} (${x.falseN}/${x.ans}), ${f(x.cited)} / ${f(x.facts)}`;
      };
      const of = rows.filter((r) => r.set === set);
      console.log(`    ${set.padEnd(18)} ${line(of.filter((r) => r.split === "dev"))} | ${line(of.filter((r) => r.split === "heldout"))} | ${line(of)}`);
    }
  }
}

/**
 * Single-feature rules on the article-match features (article-match.ts), every row: how many answerable
 * questions each would refuse beyond the rules, per set, against the unanswerable ones it catches. Printed
 * to show why none is shipped (the BBC leave-out questions they catch cost SQuAD and Reuters answerables).
 */
function ruleTable(rows: Row[]) {
  const rules: [string, (x: Record<Feature, number>) => boolean][] = [
    ["artMargin < -0.15", (x) => x.artMargin < -0.15],
    ["rareMargin < -0.15", (x) => x.rareMargin < -0.15],
    ["rareKnown < 0.55", (x) => x.rareKnown < 0.55],
    ["rareKnown < 0.4 & rareMargin < -0.2", (x) => x.rareKnown < 0.4 && x.rareMargin < -0.2],
  ];
  console.log("\ncandidate rules (not shipped), all rows the rules left open: answerable refused (of) | unanswerable caught (of), per set");
  const sets = [...new Set(rows.map((r) => r.set))];
  for (const [name, rule] of rules) {
    const cells = sets.map((set) => {
      const open = rows.filter((r) => r.set === set && !r.ruled && r.features !== null && r.features[model0] !== undefined);
      const a = open.filter((r) => r.answerable);
      const u = open.filter((r) => !r.answerable);
      return `${set} ${a.filter((r) => rule(r.features!)).length}/${a.length} | ${u.filter((r) => rule(r.features!)).length}/${u.length}`;
    });
    console.log(`  ${name.padEnd(36)} ${cells.join("; ")}`);
  }
}
const model0: Feature = "rareKnown";

const rows = await collect();
const dev = rows.filter((r) => r.split === "dev" && !REPORT_ONLY.has(r.set));
const fitRows = dev.filter((r) => !r.ruled && r.features !== null);
console.log(`rows: ${rows.length} (${dev.length} dev for fitting); fitted on ${fitRows.length} dev rows the rules did not settle (${fitRows.filter((r) => r.answerable).length} answerable)`);

// The weights in the file now, on the same rows and thresholds: what a refit has to beat on dev.
const shipped = JSON.parse(readFileSync(out, "utf8")) as AbstentionWeights;
report("shipped (the file now, full)", rows, shipped.full, shipped.full.thresholds);

const weights: AbstentionWeights = { note: "", full: null as never, lexical: null as never };
for (const [name, features] of [["full", MODEL_FEATURES], ["lexical", MODEL_FEATURES.filter((x) => LEXICAL_FEATURES.includes(x))]] as const) {
  const base = fit(fitRows, features);
  const thresholds = Object.fromEntries(ABSTAIN_LEVELS.map((l) => [l, MAX_FALSE[l] < 0 ? 0 : thresholdFor(dev, base, MAX_FALSE[l])])) as Record<AbstainLevel, number>;
  weights[name] = { ...base, thresholds };
  report(name, rows, base, thresholds);
}
ruleTable(rows);
weights.note = `npm run calibrate on ${new Date().toISOString().slice(0, 10)}: logistic regression fitted on the dev split of ${[...new Set(fitRows.map((r) => r.set))].join(", ")} (${fitRows.length} rows); strict refuses at most ${MAX_FALSE.strict} of each set's dev answerables beyond the rules, balanced none; lenient is the rules alone (threshold 0)`;
if (!values.dry) {
  writeFileSync(out, JSON.stringify(weights, (_, v) => (typeof v === "number" ? Math.round(v * 1e4) / 1e4 : v), 2) + "\n");
  console.log(`\nwrote ${path.relative(PROJECT_ROOT, out)}`);
}

/**
 * `npm run calibrate`: fits the abstention model (src/answer/abstention-weights.json) on the DEV half
 * of every question set whose corpus is present, and prints the precision/recall trade-off on dev
 * and on the held-out half, which is never used for fitting (split by a fixed hash of the id).
 *
 * Rows: every question the decision's rules did not already settle (a name the corpus never
 * mentions, no figure for "how many"…): label 1 when the question is answerable, 0 when not.
 * Sets: seed (full and leave-one-out), BBC (answerable, leave-one-out, unanswerable), Reuters
 * subset (scripts/reuters-subset.ts), SQuAD v2.0 sample (seed 1, 400). A set whose corpus or index
 * is missing is skipped with a note. `--dry` prints the trade-off without writing the weights.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ABSTAIN_LEVELS, modelScore, type AbstainLevel, type AbstentionModel, type AbstentionWeights } from "../src/answer/abstain.js";
import { FEATURES, LEXICAL_FEATURES, type Feature } from "../src/answer/evidence.js";
import { PROJECT_ROOT, resolveSettings } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { splitOf, type Split } from "../src/eval/leaveOut.js";
import { runEval } from "../src/eval/runner.js";

const { values } = parseArgs({ options: { dry: { type: "boolean" }, only: { type: "string" } } });
const out = path.join(PROJECT_ROOT, "src", "answer", "abstention-weights.json");

interface Row {
  set: string;
  id: string;
  split: Split;
  answerable: boolean;
  /** A rule abstained before the model (counted as an abstention at every threshold). */
  ruled: boolean;
  features: Record<Feature, number> | null;
}

async function collect(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const spec of abstentionSets({ squadSeed: 1 })) {
    if (values.only && !values.only.split(",").includes(spec.name)) continue;
    if (spec.missing) {
      console.error(`skipped ${spec.name}: ${spec.missing}`);
      continue;
    }
    const settings = resolveSettings({ corpus: spec.corpus, index: spec.index, workers: 1 }, {});
    const started = performance.now();
    const run = await runEval({ settings, questions: spec.questions(), retrievers: ["hybrid"], leaveOut: spec.leaveOut });
    for (const o of run.runs[0]!.outcomes) {
      const a = o.briefing.abstention;
      const byModel = !a || a.reason === "" || a.reason.startsWith("evidence score");
      rows.push({
        set: spec.name,
        id: o.record.question.id,
        split: splitOf(o.record.question.id),
        answerable: o.record.question.answerable,
        ruled: o.briefing.abstained && !byModel,
        features: (a?.features as Record<Feature, number> | undefined) ?? null,
      });
    }
    console.error(`${spec.name}: ${run.runs[0]!.outcomes.length} questions in ${((performance.now() - started) / 1000).toFixed(0)}s`);
  }
  return rows;
}

/** Logistic regression, standardised inputs, L2, classes weighted to equal mass; plain gradient descent. */
function fit(rows: Row[], features: Feature[]): Omit<AbstentionModel, "thresholds"> {
  const X = rows.map((r) => features.map((f) => r.features![f]));
  const y = rows.map((r) => (r.answerable ? 1 : 0));
  const mean = features.map((_, j) => X.reduce((s, x) => s + x[j]!, 0) / X.length);
  const scale = features.map((_, j) => Math.sqrt(X.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / X.length) || 1);
  const Z = X.map((x) => x.map((v, j) => (v - mean[j]!) / scale[j]!));
  const pos = y.filter(Boolean).length;
  const cw = y.map((t) => (t ? X.length / (2 * pos) : X.length / (2 * (X.length - pos))));
  const w = features.map(() => 0);
  let b = 0;
  const lambda = 0.01;
  for (let it = 0; it < 4000; it++) {
    const gw = w.map(() => 0);
    let gb = 0;
    Z.forEach((z, i) => {
      const p = 1 / (1 + Math.exp(-(b + z.reduce((s, v, j) => s + v * w[j]!, 0))));
      const e = (p - y[i]!) * cw[i]!;
      z.forEach((v, j) => (gw[j]! += e * v));
      gb += e;
    });
    w.forEach((_, j) => (w[j] = w[j]! - 0.1 * (gw[j]! / Z.length + lambda * w[j]!)));
    b -= 0.1 * (gb / Z.length);
  }
  return { features, mean, scale, weights: w, bias: b };
}

/** Abstentions among answerable and unanswerable rows at a threshold (rules always abstain). */
function tradeOff(rows: Row[], model: Omit<AbstentionModel, "thresholds">, t: number) {
  const abstains = (r: Row) => r.ruled || (r.features !== null && modelScore({ ...model, thresholds: {} as never }, r.features) < t);
  const ans = rows.filter((r) => r.answerable);
  const un = rows.filter((r) => !r.answerable);
  const falseAbst = ans.filter(abstains).length;
  const caught = un.filter(abstains).length;
  const abst = falseAbst + caught;
  return { recall: un.length ? caught / un.length : 1, precision: abst ? caught / abst : 1, falseRate: ans.length ? falseAbst / ans.length : 0, n: rows.length };
}

/** The highest threshold whose false-abstention rate on dev stays within `maxFalse` (rules' own false abstentions included). */
function thresholdFor(rows: Row[], model: Omit<AbstentionModel, "thresholds">, maxFalse: number): number {
  let best = 0;
  for (let t = 0; t <= 0.95 + 1e-9; t += 0.01) if (tradeOff(rows, model, t).falseRate <= maxFalse + 1e-9) best = t;
  return Math.round(best * 100) / 100;
}

/** Allowed extra false-abstention rate per level, over what the rules already cost on dev. */
// balanced and lenient are the rules alone (threshold 0): at the dev-fitted 1% budget (threshold 0.21) the model
// caught 0.643 of dev unanswerables against the rules' 0.589, but cost a held-out seed answerable (q023) and the
// seed fact-recall floor; strict keeps the model at a 4% budget.
const MAX_FALSE: Record<AbstainLevel, number> = { strict: 0.04, balanced: -1, lenient: -1 };

const rows = await collect();
const usable = rows;
const dev = rows.filter((r) => r.split === "dev");
const held = rows.filter((r) => r.split === "heldout");
const fitRows = dev.filter((r) => !r.ruled && r.features !== null);
console.log(`rows: ${rows.length} (${dev.length} dev, ${held.length} held-out); fitted on ${fitRows.length} dev rows the rules did not settle (${fitRows.filter((r) => r.answerable).length} answerable)`);

const weights: AbstentionWeights = { note: "", full: null as never, lexical: null as never };
for (const [name, features] of [["full", [...FEATURES]], ["lexical", LEXICAL_FEATURES]] as const) {
  const base = fit(fitRows, features as Feature[]);
  const ruleFalse = tradeOff(dev, base, 0).falseRate;
  const thresholds = Object.fromEntries(ABSTAIN_LEVELS.map((l) => [l, MAX_FALSE[l] < 0 ? 0 : thresholdFor(dev, base, ruleFalse + MAX_FALSE[l])])) as Record<AbstainLevel, number>;
  weights[name] = { ...base, thresholds };
  console.log(`\n${name} model (${features.join(", ")})`);
  console.log(`  weights: ${features.map((f, i) => `${f} ${base.weights[i]!.toFixed(2)}`).join(", ")}; bias ${base.bias.toFixed(2)}`);
  console.log("  threshold | dev: unanswerable caught / precision / false abstention | held-out: the same");
  const marks = new Map(Object.entries(thresholds).map(([l, t]) => [t, l]));
  for (const t of [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, ...Object.values(thresholds)].sort((a, b) => a - b).filter((t, i, a) => a.indexOf(t) === i)) {
    const d = tradeOff(dev, base, t);
    const h = tradeOff(held, base, t);
    const f = (x: number) => x.toFixed(3);
    console.log(`  ${t.toFixed(2)}${marks.has(t) ? ` (${marks.get(t)})` : ""}`.padEnd(20) + `| ${f(d.recall)} / ${f(d.precision)} / ${f(d.falseRate)} | ${f(h.recall)} / ${f(h.precision)} / ${f(h.falseRate)}`);
  }
  for (const set of [...new Set(usable.map((r) => r.set))]) {
    const t = thresholds.balanced;
    const d = tradeOff(dev.filter((r) => r.set === set), base, t);
    const h = tradeOff(held.filter((r) => r.set === set), base, t);
    console.log(`  ${set.padEnd(18)} balanced: dev caught ${d.recall.toFixed(3)} false ${d.falseRate.toFixed(3)} (n ${d.n}) | held-out caught ${h.recall.toFixed(3)} false ${h.falseRate.toFixed(3)} (n ${h.n})`);
  }
}
weights.note = `npm run calibrate on ${new Date().toISOString().slice(0, 10)}: logistic regression fitted on the dev split of ${[...new Set(fitRows.map((r) => r.set))].join(", ")} (${fitRows.length} rows); thresholds keep the dev false-abstention rate within strict ${MAX_FALSE.strict}, balanced ${MAX_FALSE.balanced}, lenient ${MAX_FALSE.lenient} of the rules' own`;
if (!values.dry) {
  writeFileSync(out, JSON.stringify(weights, (_, v) => (typeof v === "number" ? Math.round(v * 1e4) / 1e4 : v), 2) + "\n");
  console.log(`\nwrote ${path.relative(PROJECT_ROOT, out)}`);
}

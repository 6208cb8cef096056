/**
 * Dev-only look at the overviews: every dev overview question of evals/briefings/reuters.jsonl and
 * reuters-dev.jsonl is asked, and each point is printed with the gold key points it holds (K1…K6) and
 * the key points missed. Held-out subjects (splits.json) are never asked, so their picks are never seen
 * while choosing a setting. The last line is the dev key-point recall over all dev overviews ("dev9")
 * and over the five first dev subjects ("dev5", what `eval --split dev` reports).
 *
 *   npx tsx scripts/briefings/dev-overviews.ts --corpus DIR --index DIR [--quiet]
 */
import { parseArgs } from "node:util";
import { archiveArgs, devOverviews } from "./dev-gold.js";
import { resolveSettings } from "../../src/config.js";
import { entriesOf } from "../../src/eval/briefings.js";
import { normalizeText } from "../../src/eval/metrics.js";
import { openPipeline } from "../../src/pipeline.js";

const USAGE = "npx tsx scripts/briefings/dev-overviews.ts --corpus DIR --index DIR [--quiet]";
const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    index: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});
const FIRST_DEV = new Set(["gencorp", "texaco", "amc", "ecuador", "borg"]);
const gold = devOverviews();

const briefer = await openPipeline(resolveSettings(archiveArgs(values, USAGE)), { embed: "all" });
const tally = { all: [0, 0], first: [0, 0] };
const per: string[] = [];
try {
  for (const q of gold) {
    const entries = entriesOf(await briefer.ask(q.question, { retriever: "hybrid" }));
    const holds = (quotes: string[], kp: string[]) => quotes.some((x) => kp.some((p) => normalizeText(x).includes(normalizeText(p))));
    const found = q.key_points.map((kp) => entries.some((e) => holds(e.quotes, kp)));
    const n = found.filter(Boolean).length;
    for (const t of FIRST_DEV.has(q.subject) ? [tally.all, tally.first] : [tally.all]) {
      t[0] += n;
      t[1] += found.length;
    }
    per.push(`${q.subject}:${n}/${found.length}`);
    if (values.quiet) continue;
    console.log(`\n== ${q.id} ${n}/${found.length}`);
    for (const e of entries) {
      const marks = q.key_points.flatMap((kp, i) => (holds(e.quotes, kp) ? [`K${i + 1}`] : [])).join(",");
      console.log(`  ${e.date ?? "undated   "} [${e.quotes.length}] ${marks.padEnd(5)} ${e.text.slice(0, 140)}`);
    }
    q.key_points.forEach((kp, i) => found[i] || console.log(`  missed K${i + 1}: ${kp[0]}`));
  }
} finally {
  await briefer.close();
}
const r = ([a, b]: number[]) => `${(a / (b || 1)).toFixed(3)} (${a}/${b})`;
console.log(`dev9 ${r(tally.all)}  dev5 ${r(tally.first)}  ${per.join(" ")}`);

/**
 * `npm run eval:gate`: the abstention floors of evals/floors.json (`sets`) on BBC, Reuters and
 * SQuAD (and the seed), run before resolving abstention work, not in CI: the BBC and SQuAD indexes
 * take minutes to build. Each set's figures are printed for the whole set and for its held-out
 * half; the floors apply to the whole set. Exits 1 when a floor is missed; a set whose index is
 * not built is reported as not run (and fails the gate).
 */
import { resolveSettings } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { SET_FLOORS } from "../src/eval/floors.js";
import { splitOf } from "../src/eval/leaveOut.js";
import { aggregate, checkFloors } from "../src/eval/metrics.js";
import { runEval } from "../src/eval/runner.js";
import { containsGold, type SquadQuestion } from "../src/eval/squad.js";

// `--abstain=strict|balanced|lenient` measures another operating point (the floors are for the default).
const levelArg = process.argv.slice(2).find((a) => a.startsWith("--abstain="))?.slice("--abstain=".length);
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
let failed = false;
const f = (x: number | null) => (x === null ? "—" : x.toFixed(3));
for (const set of abstentionSets({ squadSeed: 2 })) {
  // SQuAD's "answer contains gold" is not an eval-set metric: checked here (SQuAD normalisation, as `eval --squad`).
  const { answerContainsGold: containsFloor, ...floors } = SET_FLOORS[set.name] ?? {};
  if (!SET_FLOORS[set.name] || (only.length && !only.includes(set.name))) continue;
  if (set.missing) {
    console.log(`${set.name}: NOT RUN (${set.missing})`);
    failed = true;
    continue;
  }
  const settings = resolveSettings({ corpus: set.corpus, index: set.index, workers: 1, ...(levelArg ? { abstain: levelArg } : {}) }, {});
  const questions = set.questions();
  const run = await runEval({ settings, questions, retrievers: ["hybrid"], leaveOut: set.leaveOut });
  const outcomes = run.runs[0]!.outcomes;
  const all = run.runs[0]!.aggregate;
  const held = aggregate(outcomes.filter((o) => splitOf(o.record.question.id) === "heldout").map((o) => o.record));
  const failures = checkFloors(all, floors);
  if (containsFloor !== undefined) {
    const golds = new Map(questions.map((q) => [q.id, (q as SquadQuestion).golds ?? []]));
    const answerable = outcomes.filter((o) => o.record.question.answerable);
    const share = answerable.filter((o) => !o.record.abstained && containsGold(o.record.answer, golds.get(o.record.question.id)!)).length / (answerable.length || 1);
    console.log(`  answer contains gold ${f(share)} (floor ${containsFloor})`);
    if (share < containsFloor - 1e-9) failures.push({ name: "answerContainsGold", value: share, floor: containsFloor, kind: "min" });
  }
  failed ||= failures.length > 0;
  const line = (name: string, a: typeof all) =>
    `  ${name.padEnd(9)} n ${String(a.n).padStart(3)}  abstention recall ${f(a.abstention.recall)}  false abstention ${f(a.abstention.falseAbstentionRate)}  citation recall ${f(a.citationRecall)}  fact recall ${f(a.factRecall)}`;
  console.log(`${set.name}${set.leaveOut ? " (leave-one-article-out)" : ""}: ${failures.length ? `MISSED ${failures.map((x) => `${x.name} ${f(x.value)} vs ${x.floor}`).join(", ")}` : `all ${Object.keys(floors).length} floors met`}`);
  console.log(line("all", all));
  console.log(line("held-out", held));
}
process.exitCode = failed ? 1 : 0;

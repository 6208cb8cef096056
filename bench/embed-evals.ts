/**
 * The eval half of `npm run bench:embed`: each embedder candidate's `briefing eval` figures beside
 * USE-Lite's, one whole eval process per set and embedder (each reuses its own index: `…-static`,
 * `…-hybrid` beside USE-Lite's). A "miss" is what `briefing eval` lists as one (a question with a
 * missing fact, a wrong citation, a wrong abstention…); the adoption rule is at most one more miss
 * than USE-Lite per set and every floor met. SQuAD has no miss list: its row counts questions per
 * figure (gold cited, answer contains gold, unanswerable refused, answerable refused) instead.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface EvalSet {
  name: string;
  args: string[];
}

export function evalSets(opts: { squad?: string; bbc?: string }): EvalSet[] {
  const sets: EvalSet[] = [
    { name: "seed (72)", args: [] },
    { name: "seed held-out (38)", args: ["--split", "heldout"] },
  ];
  if (opts.bbc) sets.push({ name: "BBC (24)", args: ["--set", "evals/bbc.jsonl", "--corpus", opts.bbc] });
  if (opts.squad) sets.push({ name: "SQuAD sample 400, seed 1", args: ["--squad", opts.squad, "--sample", "400", "--seed", "1"] });
  return sets;
}

interface Agg {
  n: number;
  recallAt1: number | null;
  recallAt5: number | null;
  citationRecall: number | null;
  factRecall: number | null;
  abstention: { f1: number | null; falseAbstentionRate: number | null; recall: number | null };
}

export interface EvalFigures {
  misses: number | null;
  floorsMissed: string[] | null;
  aggregate: Agg;
  squad?: { answerable: number; unanswerable: number; goldCited: number; answerContainsGold: number; abstentionRecall: number; falseAbstentionRate: number; goldAt1: number; goldAt5: number };
  seconds: number;
}

/** Runs `briefing eval --json` for one set and embedder, as its own process (nice'd: the machine is shared). */
export function runEval(set: EvalSet, embeddings: string): EvalFigures {
  const argv = ["-n", "10", process.execPath, "--import", "tsx", path.join(root, "src/faces/cli/main.ts"), "eval", "--json", "--embeddings", embeddings, ...set.args];
  const started = performance.now();
  const r = spawnSync("nice", argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  const line = r.stdout.trim().split("\n").at(-1) ?? "";
  let report: {
    runs: { aggregate: Agg; misses?: unknown[]; squad?: EvalFigures["squad"] }[];
    floors?: { failures: { metric?: string; name?: string; key?: string }[] } | null;
  };
  try {
    report = JSON.parse(line);
  } catch {
    throw new Error(`briefing eval --embeddings ${embeddings} ${set.args.join(" ")} failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  }
  const run = report.runs[0];
  const failures = report.floors ? report.floors.failures.map((f) => String(f.metric ?? f.name ?? f.key ?? JSON.stringify(f))) : null;
  return { misses: run.misses ? run.misses.length : null, floorsMissed: failures, aggregate: run.aggregate, ...(run.squad ? { squad: run.squad } : {}), seconds };
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(3));

/** One table row per set and embedder; `base` is USE-Lite's figures on the same set. */
export function evalRow(set: EvalSet, embeddings: string, fig: EvalFigures, base: EvalFigures | undefined): string[] {
  if (fig.squad) {
    const s = fig.squad;
    const count = (rate: number, n: number) => Math.round(rate * n);
    const counts = (x: NonNullable<EvalFigures["squad"]>) => [count(x.goldCited, x.answerable), count(x.answerContainsGold, x.answerable), count(x.abstentionRecall, x.unanswerable), count(x.falseAbstentionRate, x.answerable)];
    const mine = counts(s);
    const theirs = base?.squad ? counts(base.squad) : null;
    // Lost: fewer cited / containing / refused unanswerable, or more refused answerable, than USE-Lite.
    const lost = theirs ? Math.max(0, theirs[0] - mine[0], theirs[1] - mine[1], theirs[2] - mine[2], mine[3] - theirs[3]) : null;
    return [
      set.name,
      embeddings,
      `cited ${mine[0]}/${s.answerable}, contains ${mine[1]}, refused ${mine[2]}/${s.unanswerable} unanswerable, ${mine[3]} answerable${lost === null ? "" : ` (lost ${lost})`}`,
      f3(s.goldAt1),
      f3(s.goldAt5),
      f3(s.goldCited),
      f3(s.answerContainsGold),
      f3(fig.aggregate.abstention.f1),
      f3(s.falseAbstentionRate),
      "—",
      fig.seconds.toFixed(0),
    ];
  }
  const a = fig.aggregate;
  const delta = base && base.misses !== null && fig.misses !== null && base !== fig ? ` (${fig.misses - base.misses >= 0 ? "+" : ""}${fig.misses - base.misses})` : "";
  return [
    set.name,
    embeddings,
    `${fig.misses ?? "—"}${delta}`,
    f3(a.recallAt1),
    f3(a.recallAt5),
    f3(a.citationRecall),
    f3(a.factRecall),
    f3(a.abstention.f1),
    f3(a.abstention.falseAbstentionRate),
    fig.floorsMissed === null ? "—" : fig.floorsMissed.length === 0 ? "all met" : `missed: ${fig.floorsMissed.join(", ")}`,
    fig.seconds.toFixed(0),
  ];
}

export const EVAL_HEADER = ["set", "embedder", "questions with a miss (vs USE-Lite)", "R@1", "R@5", "cite-R", "facts", "abst. F1", "false abst.", "floors", "eval s"];

/** Registers `briefing eval` on the CLI; the work itself lives in command.ts, loaded on use. */
import type { Command } from "commander";
import { resolveSettings } from "../../config.js";
import { UserError } from "../../errors.js";
import type { RetrieverKind } from "../../retrieval/types.js";
import type { EvalFlags } from "../../eval/command.js";
import { evalProgress } from "../terminal/progress.js";
import { settingOption } from "./options.js";

const COMPARE: RetrieverKind[] = ["dense", "bm25", "hybrid"];

export function registerEvalCommand(program: Command): void {
  program
    .command("eval")
    .description("run an eval set (default evals/seed.jsonl) and print its metrics; --squad runs a SQuAD v2.0 sample")
    .option("--set <file>", "eval set, one JSON question per line; several files separated by commas (default: evals/seed.jsonl)")
    .addOption(settingOption("corpus"))
    .addOption(settingOption("index"))
    .addOption(settingOption("embeddings"))
    .addOption(settingOption("llm"))
    .addOption(settingOption("k"))
    .addOption(settingOption("retriever"))
    .option("--stage <stage>", "semantic (default: every sentence embedded) or lexical (the stage an archive answers from before embedding: BM25 only, own index)")
    .option("--compare", "run dense, bm25 and hybrid on the same questions, side by side")
    .addOption(settingOption("workers"))
    .option("--json", "print the report as JSON, no progress")
    .option("--out <file>", "write every question's full record (answer, citations, passages, verdict, timings) as JSON lines")
    .option("--briefings <file>", "score overviews, timelines and what's new on a gold set (evals/briefings/reuters.jsonl, seed.jsonl)")
    .option("--conflicts <file>", "score \"reports differ\" on constructed cases (evals/briefings/conflicts.jsonl; --corpus from scripts/briefings/conflict-cases.ts)")
    .option("--squad <file>", "run SQuAD v2.0 dev (e.g. ../shared/benchmarks/squad-v2.0-dev.json) instead of an eval set")
    .option("--sample <n>", "SQuAD questions to sample (default 400)")
    .option("--answerable-share <x>", "share of the SQuAD sample that is answerable (default 0.75)")
    .option("--seed <n>", "seed of the SQuAD sample (default 1)")
    .option("--squad-articles <n>", "use only the first N SQuAD articles (smaller corpus, faster indexing)")
    .addOption(settingOption("abstain"))
    .option("--leave-out", "leave-one-article-out: ask each answerable question of an index without its articles (expects abstention)")
    .option("--split <which>", "only the dev or heldout half of the questions (fixed by id), or all (default)")
    .action(async (flags: EvalFlags) => {
      if (flags.compare && flags.retriever) throw new UserError("--compare runs all three retrievers", "drop --retriever, or drop --compare");
      const retrievers: RetrieverKind[] = flags.compare ? COMPARE : [(flags.retriever as RetrieverKind | undefined) ?? resolveSettings(flags).retriever];
      if (flags.out && (flags.briefings || flags.conflicts)) throw new UserError("--out writes per-question records of an eval set or --squad, not of --briefings or --conflicts", "drop --out, or run the eval set without --briefings/--conflicts");
      // Before the run: a bad --out would otherwise fail once every question was asked.
      if (flags.out) (await import("../../eval/out.js")).checkOutFile(flags.out);
      // The runner (model, index, metrics) loads only when eval actually runs.
      const { evalSet, evalSquad } = await import("../../eval/command.js");
      const progress = evalProgress(Boolean(flags.json));
      if (flags.briefings || flags.conflicts) {
        const { evalBriefings, evalConflicts } = await import("../../eval/briefings.js");
        if (flags.briefings) await evalBriefings(flags, retrievers[0], progress);
        if (flags.conflicts) await evalConflicts(flags, retrievers[0], progress);
      } else if (flags.squad) await evalSquad(flags, retrievers, progress);
      else await evalSet(flags, retrievers, progress);
    });
}


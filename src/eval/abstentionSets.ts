/**
 * The question sets the abstention decision is fitted on (dev split) and gated on: seed, BBC and
 * Reuters, each answerable as written and leave-one-article-out, plus their unanswerable questions
 * and a SQuAD v2.0 sample. Shared by `npm run calibrate` and `npm run eval:gate`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, resolveSettings } from "../config.js";
import { parseEvalSet } from "./evalSet.js";
import { readSquad, sampleSquad, splitSample, squadCacheDir, squadParagraphs, writeSquadCorpus } from "./squad.js";
import type { EvalQuestion } from "./types.js";

export interface AbstentionSet {
  /** Also the key of its floors in evals/floors.json `sets`. */
  name: string;
  questions: () => EvalQuestion[];
  corpus: string;
  index: string;
  leaveOut?: boolean;
  /** Why it cannot run here (corpus or index missing), or null. */
  missing: string | null;
}

const readSet = (file: string) => parseEvalSet(readFileSync(path.join(PROJECT_ROOT, file), "utf8"), file);

/** The sets; `squadSeed` picks the SQuAD sample (1 to fit on, another to report on). */
export function abstentionSets(opts: { squadSeed?: number } = {}): AbstentionSet[] {
  const shared = path.resolve(PROJECT_ROOT, "..", "shared");
  const bbc = path.join(shared, "corpora", "bbc");
  const reuters = path.join(PROJECT_ROOT, ".briefing", "reuters", "subset");
  const indexFor = (corpus: string) => resolveSettings({ corpus }, {}).index;
  // Corpus paths as the CLI is given them (relative to where it runs): article ids carry the path, and an
  // index built from "../shared/corpora/bbc" would see every article as new under an absolute path.
  const rel = (p: string) => path.relative(process.cwd(), p) || ".";
  const sets: Omit<AbstentionSet, "missing">[] = [
    { name: "seed", questions: () => readSet("evals/seed.jsonl"), corpus: path.join(PROJECT_ROOT, "corpus"), index: "" },
    { name: "seed-leave-out", questions: () => readSet("evals/seed.jsonl"), corpus: path.join(PROJECT_ROOT, "corpus"), index: "", leaveOut: true },
    { name: "bbc", questions: () => [...readSet("evals/bbc.jsonl"), ...readSet("evals/bbc-unanswerable.jsonl")], corpus: bbc, index: "" },
    { name: "bbc-leave-out", questions: () => readSet("evals/bbc.jsonl"), corpus: bbc, index: "", leaveOut: true },
    // bbc-more.jsonl (b025–b055) widens BBC's leave-out questions (24 made a split of a dozen); a set of
    // its own, so bbc-leave-out's floor keeps meaning the same 24 questions.
    { name: "bbc-more", questions: () => readSet("evals/bbc-more.jsonl"), corpus: bbc, index: "" },
    { name: "bbc-more-leave-out", questions: () => readSet("evals/bbc-more.jsonl"), corpus: bbc, index: "", leaveOut: true },
    { name: "reuters", questions: () => readSet("evals/reuters.jsonl"), corpus: reuters, index: "" },
    { name: "reuters-leave-out", questions: () => readSet("evals/reuters.jsonl"), corpus: reuters, index: "", leaveOut: true },
  ].map((s) => ({ ...s, corpus: rel(s.corpus), index: indexFor(rel(s.corpus)) }));
  const squadFile = path.join(shared, "benchmarks", "squad-v2.0-dev.json");
  if (existsSync(squadFile)) {
    const cache = squadCacheDir(undefined, path.join(PROJECT_ROOT, ".briefing"));
    const seed = opts.squadSeed ?? 1;
    sets.push({
      name: "squad",
      questions: () => sampleSquad(readSquad(squadFile), { ...splitSample(400, 0.75), seed }),
      corpus: rel(path.join(cache, "corpus")),
      index: rel(path.join(cache, "index")),
    });
    // The SQuAD corpus file is written on first use (as `eval --squad` does), so its index can be found.
    if (!existsSync(path.join(cache, "corpus"))) writeSquadCorpus(squadParagraphs(readSquad(squadFile)), path.join(cache, "corpus"));
  }
  return sets.map((s) => ({
    ...s,
    missing: !existsSync(s.corpus) ? `no corpus at ${s.corpus}` : !existsSync(path.join(s.index, "CURRENT")) ? `no built index at ${s.index} (run briefing ingest, or eval, on ${s.corpus} first)` : null,
  }));
}

import { readFileSync } from "node:fs";

/** An overview question with its gold key points (each point: its accepted phrasings). */
export interface Overview {
  id: string;
  kind: string;
  subject: string;
  question: string;
  key_points: string[][];
}

/** The dev split's overview questions over Reuters (never a held-out subject). */
export function devOverviews(): Overview[] {
  const splits = JSON.parse(readFileSync("evals/briefings/splits.json", "utf8")) as { dev: string[] };
  const dev = new Set(splits.dev);
  return ["evals/briefings/reuters.jsonl", "evals/briefings/reuters-dev.jsonl"]
    .flatMap((f) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Overview))
    .filter((q) => q.kind === "overview" && dev.has(q.subject));
}

/**
 * The Reuters archive a dev script reads, both folders required: a default would silently build (or
 * read) an index somewhere the caller did not mean. Exits with one usage line when one is missing.
 */
export function archiveArgs(values: { corpus?: string; index?: string }, usage: string): { corpus: string; index: string } {
  if (!values.corpus || !values.index) {
    console.error(`${values.corpus ? "--index" : "--corpus"} is required: ${usage}`);
    process.exit(2);
  }
  return { corpus: values.corpus, index: values.index };
}

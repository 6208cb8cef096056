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

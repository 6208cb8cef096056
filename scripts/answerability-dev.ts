/**
 * Development view of the answerability check (src/answer/answerability) on `briefing eval --squad
 * --out` records: for every question the eval answered, the check's verdict on its cited sentences,
 * counted for answerable and unanswerable questions. Questions of the report sample (seed 2) are
 * left out, so nothing here is tuned on it.
 *
 *   npx tsx scripts/answerability-dev.ts RECORDS.jsonl [--rows rows.tsv]
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { align } from "../src/answer/answerability/align.js";
import { judge } from "../src/answer/answerability/judge.js";
import { readSquad, sampleSquad, splitSample } from "../src/eval/squad.js";
import { splitSentences } from "../src/text/sentences.js";
import { contentTerms } from "../src/text/terms.js";

const args = process.argv.slice(2);
const rowsAt = args.indexOf("--rows");
const rowsFile = rowsAt >= 0 ? args.splice(rowsAt, 2)[1] : undefined;
const files = args;
const squad = readSquad(path.resolve("../shared/benchmarks/squad-v2.0-dev.json"));
const report = new Set(sampleSquad(squad, { ...splitSample(400, 0.75), seed: 2 }).map((q) => q.id));
const corpus = new Map<string, string>();
for (const line of readFileSync(".briefing/squad/all/corpus/corpus.jsonl", "utf8").split("\n").filter(Boolean)) {
  const r = JSON.parse(line) as { id: string; text: string };
  corpus.set(r.id, r.text);
}
const df = new Map<string, number>();
for (const text of corpus.values()) for (const t of new Set(contentTerms(text))) df.set(t, (df.get(t) ?? 0) + 1);
const N = corpus.size;
const idf = (t: string) => Math.log(1 + (N - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));

interface Rec {
  id: string;
  question: string;
  answerable: boolean;
  abstained: boolean;
  golds: string[];
  answer: string;
  verdict: { citationRecall: number | null };
  citations: { articleId: string; quote: string; start: number; end: number }[];
}
const seen = new Set<string>();
const rows: string[] = [];
const count = { ans: 0, unans: 0, ansHit: 0, unansHit: 0, skipped: 0 };
const byKind = new Map<string, { ans: number; unans: number }>();
for (const file of files) {
  for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const r = JSON.parse(line) as Rec;
    if (report.has(r.id)) {
      count.skipped++;
      continue;
    }
    if (seen.has(r.id) || r.abstained) continue;
    seen.add(r.id);
    const candidates = r.citations.slice(0, 3).map((c) => {
      const text = corpus.get(c.articleId.split("#").pop()!) ?? "";
      const sentences = splitSentences(text);
      const i = sentences.findIndex((s) => s.start <= c.start && s.end >= c.end - 1);
      const from = i > 0 ? sentences[i - 1]!.start : c.start;
      const to = i >= 0 && i + 1 < sentences.length ? sentences[i + 1]!.end : c.end;
      return { sentence: c.quote, window: text.slice(from, to) };
    });
    const verdict = judge(r.question, candidates, idf);
    const a = align(r.question, candidates[0]?.sentence ?? "", candidates[0]?.window ?? "", idf);
    const side = r.answerable ? "ans" : "unans";
    count[side]++;
    if (verdict) count[r.answerable ? "ansHit" : "unansHit"]++;
    const kinds = new Set(a.mismatches.map((m) => m.kind));
    for (const k of kinds) {
      const b = byKind.get(k) ?? { ans: 0, unans: 0 };
      b[side]++;
      byKind.set(k, b);
    }
    rows.push([r.id, r.answerable ? 1 : 0, verdict ? verdict.kind : "-", a.coverage.toFixed(2), a.sentenceCoverage.toFixed(2), JSON.stringify(a.mismatches), r.question, candidates[0]?.sentence ?? ""].join("\t"));
  }
}
console.log(`answered: ${count.ans} answerable, ${count.unans} unanswerable (${count.skipped} report-sample records left out)`);
console.log(`check refuses: ${count.ansHit} answerable (${((100 * count.ansHit) / count.ans).toFixed(1)}%), ${count.unansHit} unanswerable (${((100 * count.unansHit) / count.unans).toFixed(1)}%)`);
for (const [k, b] of byKind) console.log(`  ${k.padEnd(11)} answerable ${String(b.ans).padStart(4)}  unanswerable ${String(b.unans).padStart(4)}`);
if (rowsFile) writeFileSync(rowsFile, rows.join("\n") + "\n");

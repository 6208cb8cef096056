/** Per-question failures of a run, one line each, so a low figure points at the questions behind it. */
import path from "node:path";
import { normalizeText, type EvalRecord, type QuestionVerdict } from "./metrics.js";

export interface Miss {
  id: string;
  type: string;
  question: string;
  problems: string[];
}

const short = (key: string[]) => path.basename(key[0] ?? "?");

export function findMisses(outcomes: { record: EvalRecord; verdict: QuestionVerdict }[]): Miss[] {
  const misses: Miss[] = [];
  for (const { record: r, verdict: v } of outcomes) {
    const q = r.question;
    const problems: string[] = [];
    if (q.answerable && r.abstained) problems.push("abstained on an answerable question");
    if (!q.answerable && !r.abstained) {
      const cited = [...new Set(r.citations.map((c) => short(c.articleKey)))];
      problems.push(`answered an unanswerable question (cited ${cited.join(", ") || "nothing"})`);
    }
    if (q.answerable) {
      if (v.firstRelevantRank === null) problems.push(`no expected article in the ${r.passages.length} passages`);
      else if ((v.firstRelevantRank ?? 0) > 5) problems.push(`expected article first at rank ${v.firstRelevantRank}`);
      if (!r.abstained && v.citationRecall === 0) problems.push("cited none of the expected articles");
      if (v.factRecall !== undefined && v.factRecall < 1) {
        const answer = normalizeText(r.answer);
        const missing = q.expected_facts.filter((vs) => !vs.some((x) => answer.includes(normalizeText(x)))).map((vs) => `"${vs[0]}"`);
        problems.push(`facts ${q.expected_facts.length - missing.length}/${q.expected_facts.length}, missing ${missing.join(", ")}`);
      }
    }
    const badQuotes = r.quoteFound.filter((x) => !x).length;
    if (badQuotes > 0) problems.push(`${badQuotes} quote(s) not found in their article`);
    const unbacked = r.abstained ? 0 : r.sentences.filter((s) => !(s.supported && s.citations.length > 0)).length;
    if (unbacked > 0) problems.push(`${unbacked} sentence(s) not supported`);
    if (problems.length > 0) misses.push({ id: q.id, type: q.type, question: q.question, problems });
  }
  return misses;
}

export function formatMisses(misses: Miss[], total: number): string {
  if (misses.length === 0) return `No misses (${total} questions).`;
  const lines = misses.map((m) => {
    const q = m.question.length > 70 ? `${m.question.slice(0, 69)}…` : m.question;
    return `${m.id}  ${m.type.padEnd(13)}  ${q}\n      ${m.problems.join("; ")}`;
  });
  return `${misses.length} of ${total} questions with a miss:\n${lines.join("\n")}`;
}

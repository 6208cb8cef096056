/** Parsing and checking eval sets (evals/*.jsonl) from their text; the runner reads the file. */
import { QUESTION_TYPES, type EvalQuestion, type QuestionType } from "./types.js";

const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

/** One problem per line, naming file, line and field, so a broken set is fixed in one pass. */
export function checkQuestion(raw: unknown): string[] {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return ["not a JSON object"];
  const q = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof q.id !== "string" || q.id === "") problems.push('"id" must be a non-empty string');
  if (typeof q.question !== "string" || q.question.trim() === "") problems.push('"question" must be a non-empty string');
  if (!QUESTION_TYPES.includes(q.type as QuestionType)) problems.push(`"type" must be one of ${QUESTION_TYPES.join(", ")}`);
  if (typeof q.answerable !== "boolean") problems.push('"answerable" must be true or false');
  if (!isStringArray(q.expected_articles)) problems.push('"expected_articles" must be an array of strings');
  const facts = q.expected_facts;
  if (!Array.isArray(facts) || !facts.every((f) => isStringArray(f) && f.length > 0 && f.every((v) => v.trim() !== ""))) {
    problems.push('"expected_facts" must be an array of non-empty arrays of non-empty strings');
  }
  if (problems.length > 0) return problems;
  const articles = q.expected_articles as string[];
  if (q.answerable) {
    if (articles.length === 0) problems.push("answerable question needs expected_articles");
    if (q.type === "unanswerable") problems.push('type "unanswerable" needs "answerable": false');
    if (q.type === "multi-article" && articles.length < 2) problems.push("multi-article question needs 2+ expected_articles");
  } else {
    if (q.type !== "unanswerable") problems.push('"answerable": false needs type "unanswerable"');
    if (articles.length > 0 || (facts as unknown[]).length > 0) {
      problems.push("unanswerable question must have empty expected_articles and expected_facts");
    }
  }
  return problems;
}

/** Parses JSONL text; throws one Error listing every bad line (`file:line: problem`). */
export function parseEvalSet(text: string, file: string): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${file}:${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      problems.push(`${where}: not valid JSON`);
      return;
    }
    const bad = checkQuestion(raw);
    if (bad.length > 0) {
      problems.push(...bad.map((p) => `${where}: ${p}`));
      return;
    }
    const q = raw as EvalQuestion;
    if (seen.has(q.id)) problems.push(`${where}: duplicate id "${q.id}"`);
    seen.add(q.id);
    questions.push(q);
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));
  if (questions.length === 0) throw new Error(`${file}: no questions (expected one JSON object per line)`);
  return questions;
}

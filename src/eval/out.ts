/** The full per-question record (`briefing eval --out FILE`): one JSON line per question and retriever. */
import { accessSync, constants, existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ioProblem, UserError } from "../errors.js";
import { checkQuote } from "./keys.js";
import type { EvalRun, QuestionOutcome } from "./runner.js";
import { makeFolder } from "../folders.js";

const r3 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 1000) / 1000);

export function outcomeLine(retriever: string, o: QuestionOutcome, articleText: (id: string) => string | undefined, extra: Record<string, unknown> = {}) {
  const { record: r, verdict, briefing: b } = o;
  const q = r.question;
  return {
    retriever,
    id: q.id,
    question: q.question,
    type: q.type,
    answerable: q.answerable,
    expected_articles: q.expected_articles,
    expected_facts: q.expected_facts,
    ...extra,
    ...(b.understoodAs ? { understoodAs: b.understoodAs } : {}),
    answer: b.answer,
    abstained: b.abstained,
    mode: b.mode,
    citations: b.citations.map((c, i) => {
      const check = checkQuote(articleText(c.articleId), c);
      return {
        n: c.n,
        articleId: c.articleId,
        articleKey: r.citations[i]?.articleKey,
        title: c.title,
        quote: c.quote,
        start: c.start,
        end: c.end,
        supported: c.supported,
        quoteInText: check.inText,
        offsetsMatch: check.offsetsMatch,
      };
    }),
    sentences: b.sentences.map((s, i) => ({ ...s, claimSupported: r.sentences[i]?.supported })),
    passages: b.passages.map((p, i) => ({
      rank: i + 1,
      id: p.id,
      articleId: p.articleId,
      articleKey: r.passages[i]?.articleKey,
      title: p.title,
      score: r3(p.score),
      dense: r3(p.dense),
      bm25: r3(p.bm25),
      text: p.text,
    })),
    verdict,
    notices: b.notices,
    timingsMs: b.timingsMs,
  };
}

/**
 * `--out FILE` checked before the eval runs, not after: a folder, or a place that cannot be written
 * (`/proc/x/out.jsonl`, a read-only folder), would otherwise fail once every question was asked.
 */
export function checkOutFile(file: string): void {
  const abs = path.resolve(file);
  try {
    if (existsSync(abs) && statSync(abs).isDirectory()) throw new UserError(`--out ${file} is a folder`, "pass --out with a file name, e.g. --out results.jsonl");
    makeFolder(path.dirname(abs));
    accessSync(path.dirname(abs), constants.W_OK);
    if (existsSync(abs)) accessSync(abs, constants.W_OK);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const why = (e as NodeJS.ErrnoException)?.code === "ENOENT" ? `its folder ${path.dirname(abs)} cannot be made` : ioProblem(e);
    throw new UserError(`cannot write --out ${file} (${why})`, "pass --out with a file in a folder you can write to");
  }
}

export function writeOutFile(
  file: string,
  run: EvalRun,
  articleText: (id: string) => string | undefined,
  extra: (o: QuestionOutcome) => Record<string, unknown> = () => ({}),
): void {
  const lines = run.runs.flatMap((r) => r.outcomes.map((o) => JSON.stringify(outcomeLine(r.retriever, o, articleText, extra(o)))));
  makeFolder(path.dirname(path.resolve(file)));
  writeFileSync(file, lines.join("\n") + "\n");
}

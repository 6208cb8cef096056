import type { Briefing } from "../../answer/types.js";

const r3 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 1000) / 1000);

/** The `ask --json` contract: field names are a public interface, extra fields are allowed. */
export function briefingJson(b: Briefing) {
  return {
    question: b.question,
    ...(b.understoodAs ? { understoodAs: b.understoodAs } : {}),
    answer: b.answer,
    abstained: b.abstained,
    mode: b.mode,
    citations: b.citations.map((c) => ({ n: c.n, title: c.title, date: c.date, source: c.source, quote: c.quote, supported: c.supported, start: c.start, end: c.end })),
    sentences: b.sentences,
    passages: b.passages.map((p) => ({ source: p.source, title: p.title, date: p.date, score: r3(p.dense), rrf: r3(p.score), bm25: r3(p.bm25), start: p.start, end: p.end, text: p.text })),
    notices: b.notices,
    timingsMs: b.timingsMs,
  };
}

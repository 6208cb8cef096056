import type { Briefing } from "../../answer/types.js";

const r3 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 1000) / 1000);

/**
 * The `ask --json` contract: field names are a public interface, extra fields are allowed.
 * `opened`: notices given while the index was opened (also on stderr), first in `notices`.
 */
export function briefingJson(b: Briefing, opened: string[] = []) {
  return {
    question: b.question,
    ...(b.understoodAs ? { understoodAs: b.understoodAs } : {}),
    answer: b.answer,
    abstained: b.abstained,
    // Why it abstained ("" when it answered), the decision's score and its operating point.
    ...(b.abstention ? { reason: b.abstention.reason, score: b.abstention.score === null ? null : r3(b.abstention.score), abstain: b.abstention.level } : {}),
    ...(b.nothingMore ? { nothingMore: true } : {}),
    mode: b.mode,
    citations: b.citations.map((c) => ({ n: c.n, title: c.title, date: c.date, source: c.source, quote: c.quote, supported: c.supported, start: c.start, end: c.end })),
    sentences: b.sentences,
    passages: b.passages.map((p) => ({ source: p.source, title: p.title, date: p.date, score: r3(p.dense), rrf: r3(p.score), bm25: r3(p.bm25), start: p.start, end: p.end, text: p.text })),
    // The same line may arrive both while opening and with the briefing's index state: say it once.
    notices: [...new Set([...opened, ...(b.indexState?.notices ?? []), ...b.notices])],
    ...(b.indexState ? { semantic: r3(b.indexState.semantic) } : {}),
    // Overviews, timelines, what's new: each point with its date, every citation and how many articles report it; conflicts.
    ...(b.digest ? { digest: b.digest } : {}),
    timingsMs: b.timingsMs,
  };
}

// JSON.stringify escapes only U+0000–U+001F: C1 controls (8-bit CSI, OSC), DEL and bidi overrides
// from article text would reach a terminal raw when the output is not piped to a program.
const UNSAFE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of JSON output, with every character a terminal acts on escaped (it parses the same). */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

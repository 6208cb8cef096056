import type { BriefingIndex } from "../index/store.js";
import type { Retrieval } from "../retrieval/hybrid.js";
import { shouldAbstain } from "./abstain.js";
import { selectSentences, type Candidate } from "./select.js";
import type { Briefing, Citation } from "./types.js";

export type Draft = Omit<Briefing, "timingsMs" | "question">;

function citationOf(c: Candidate, n: number): Citation {
  const p = c.passage;
  return { n, title: p.title, date: p.date, source: p.source, quote: c.text, articleId: p.articleId, start: c.start, end: c.end, supported: true };
}

/** "The corpus doesn't cover …" with the nearest sources listed, so the user can look for themselves. */
export function notCovered(question: string, missing: string[]): string {
  const what = missing.length ? missing.map((m) => `"${m}"`).join(", ") : "this question";
  return `The corpus doesn't cover ${what}. The nearest sources are listed below; none of them answers it.`;
}

/**
 * The offline briefing: verbatim sentences from the retrieved passages, each followed
 * by its citation marker, or a plain "not covered" when nothing answers the question.
 */
export function extractiveBriefing(index: BriefingIndex, question: string, query: string, retrieval: Retrieval): Draft {
  const { chosen } = selectSentences(index, query, retrieval.passages);
  const verdict = shouldAbstain(index, question, chosen);
  const passages = retrieval.passages.map(({ parts: _p, sentenceSims: _s, ...p }) => p);
  if (verdict.abstain) {
    return { answer: notCovered(question, verdict.missing), abstained: true, mode: "extractive", sentences: [], citations: [], passages, notices: [] };
  }
  const citations = chosen.map((c, i) => citationOf(c, i + 1));
  const sentences = chosen.map((c, i) => ({ text: c.text, citations: [i + 1], supported: true }));
  // A quoted list keeps its lines; so does the sentence after it.
  const answer = sentences.map((s) => `${s.text.trim()} [${s.citations[0]}]`).reduce((acc, s, i) => (i === 0 ? s : acc + (/\n/.test(acc + s) ? "\n" : " ") + s), "");
  return { answer, abstained: false, mode: "extractive", sentences, citations, passages, notices: [] };
}

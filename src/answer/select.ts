import type { BriefingIndex } from "../index/store.js";
import type { RetrievedPassage } from "../retrieval/hybrid.js";
import { dot } from "../retrieval/hybrid.js";
import { contentTerms as queryTerms } from "../text/terms.js";

/** A candidate answer sentence: verbatim article text with where it came from and how it scored. */
export interface Candidate {
  passage: RetrievedPassage;
  start: number;
  end: number;
  text: string;
  /** Cosine similarity of the sentence and the question (same embedder). */
  sim: number;
  /** Share of the question's key-term weight (IDF) the sentence holds. */
  lexical: number;
  score: number;
  vector: Float32Array;
}

export interface Selection {
  chosen: Candidate[];
  candidates: Candidate[];
}

/** What kind of answer the question asks for, to prefer sentences holding one. */
function wantsNumber(q: string): boolean {
  return /\bhow (many|much|large|big|long|old)\b|\bwhat (percentage|proportion|share|amount|number|figure)\b/i.test(q);
}
function wantsDate(q: string): boolean {
  return /\bwhen\b|\bwhat (date|day|month|year|time)\b/i.test(q);
}
function wantsList(q: string): boolean {
  return /\b(list|which|what are|what were|name the|what (issues|topics|areas|strategies|steps|measures|elements|priorities))\b/i.test(q);
}
const NUMBER = /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b/i;
const DATE = /\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|oct|sept?|jan|feb|aug|nov|dec)\b/i;

/**
 * Picks the 1–5 sentences of the retrieved passages that best answer the question:
 * embedding similarity plus IDF-weighted overlap of the question's key terms, a nudge
 * toward sentences of the answer type asked for, near-duplicates dropped.
 */
export function selectSentences(index: BriefingIndex, question: string, passages: RetrievedPassage[], queryVector: Float32Array): Selection {
  const terms = queryTerms(question);
  const weight = new Map(terms.map((t) => [t, index.bm25.idf(t)]));
  const totalWeight = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const number = wantsNumber(question);
  const date = wantsDate(question);
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  passages.forEach((passage, rank) => {
    const offset = passage.start;
    for (const s of passage.sentenceSims) {
      const key = `${passage.articleId}:${s.span[0]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = passage.text.slice(s.span[0] - offset, s.span[1] - offset);
      if (s.span[2] === 1 || text.trim().length < 12) continue; // headings and stray fragments do not answer
      const own = new Set(queryTerms(text));
      const lexical = terms.reduce((n, t) => n + (own.has(t) ? weight.get(t)! : 0), 0) / totalWeight;
      let score = 0.55 * s.sim + 0.45 * lexical - 0.01 * rank;
      if (number && NUMBER.test(text)) score += 0.05;
      if (date && DATE.test(text)) score += 0.05;
      candidates.push({ passage, start: s.span[0], end: s.span[1], text, sim: s.sim, lexical, score, vector: index.sentenceVector(s.part, s.i) });
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const chosen: Candidate[] = [];
  const limit = wantsList(question) ? 5 : 3;
  const top = candidates[0];
  for (const c of candidates) {
    if (chosen.length >= limit) break;
    if (chosen.length > 0 && c.score < top.score * 0.85) break;
    if (chosen.some((x) => dot(x.vector, c.vector) > 0.9 || overlapRatio(x.text, c.text) > 0.7)) continue;
    chosen.push(c);
  }
  return { chosen, candidates };
}

function overlapRatio(a: string, b: string): number {
  const x = new Set(queryTerms(a));
  const y = new Set(queryTerms(b));
  if (!x.size || !y.size) return 0;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / Math.min(x.size, y.size);
}

import type { IndexedPassage, SentenceSpan } from "../index/passage.js";
import type { BriefingIndex } from "../index/store.js";
import { isQuoted, type Quote } from "../conversation/turn.js";
import { dot } from "../embedding/vectors.js";
import type { RetrievedPassage } from "../retrieval/types.js";
import { aliasesOf } from "../text/aliases.js";
import { contentTerms as queryTerms } from "../text/terms.js";
import { answerType, DATE, NUMBER, supplies, wantsDate, wantsNumber } from "./answer-type.js";

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

function wantsList(q: string): boolean {
  const plural = /\b(?:what|which)\s+(\w+)/i.exec(q)?.[1]?.toLowerCase() ?? "";
  if (plural.length > 3 && plural.endsWith("s") && !["does", "this", "was", "has"].includes(plural)) return true; // "what principles…"
  return /\b(list|which|what are|what were|name the|what (issues|topics|areas|strategies|steps|measures|elements|priorities|avenues|components))\b/i.test(q);
}
const MAX_LIST_ITEMS = 8;
/** Weight of a follow-up's carried terms relative to the question's own. */
const CONTEXT_WEIGHT = 0.3;
/** Further sentences join the briefing when they score within this share of the best (tuned on evals/seed.jsonl: 0.85 → fact recall 0.77, 0.7 → 0.81, abstention unchanged). */
export const KEEP_WITHIN = 0.7;
/**
 * When the best sentence restates the question without the name, place, figure or date it asks for, a
 * sentence of the same article that holds one is kept down to this share of the best (tuned on
 * evals/bbc.jsonl: 0.7 → fact recall 0.58, 0.5 → 0.71; 0.45 the same; seed and SQuAD unchanged).
 */
const KEEP_TYPED_WITHIN = 0.5;
/** Share of a sentence's key-term overlap the next sentence inherits. */
const CARRY = 0.6;

/**
 * Picks the 1–5 sentences of the retrieved passages that best answer the question:
 * embedding similarity plus IDF-weighted overlap of the question's key terms, a nudge
 * toward sentences of the answer type asked for, near-duplicates dropped; when the best one lacks
 * that type, a weaker sentence of its article that holds it is kept (answer-type.ts). A sentence that
 * introduces a list ("…, including:") brings its items; a table row is read with its header.
 * Sentences overlapping `quoted` (what a "what else?" conversation has shown) are left out.
 */
export function selectSentences(index: BriefingIndex, question: string, passages: RetrievedPassage[], context = "", quoted: readonly Quote[] = []): Candidate[] {
  // Terms carried from earlier turns help, but what was just asked decides.
  const own = new Set(queryTerms(question));
  const asked: ReadonlySet<string> = own;
  const terms = [...own, ...queryTerms(context).filter((t) => !own.has(t))];
  const weight = new Map(terms.map((t) => [t, index.lexical.idf(t) * (own.has(t) ? 1 : CONTEXT_WEIGHT)]));
  const totalWeight = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const matched = (text: string) => {
    const own = new Set(queryTerms(text));
    return terms.filter((t) => aliasesOf(t).some((a) => own.has(a)));
  };
  const share = (ts: readonly string[]) => ts.reduce((n, t) => n + weight.get(t)!, 0) / totalWeight;
  const overlap = (text: string) => share(matched(text));
  const number = wantsNumber(question);
  const date = wantsDate(question);
  const list = wantsList(question);
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  // An article's segments in order, gathered once per question (list questions look at many).
  const segmentCache = new Map<string, SentenceSpan[]>();
  const segmentsOf = (id: string) => {
    let segments = segmentCache.get(id);
    if (!segments) segmentCache.set(id, (segments = index.passagesOf(id).flatMap((p) => p.sentences).sort((a, b) => a.start - b.start)));
    return segments;
  };
  passages.forEach((passage, rank) => {
    const offset = passage.start;
    let before: { end: number; terms: string[] } | null = null;
    for (const s of passage.sentenceSims) {
      const kind = s.span.kind;
      let text = passage.text.slice(s.span.start - offset, s.span.end - offset);
      // A sentence goes on about what the one before it named ("The 17-year-old will…"): it keeps part of its overlap.
      const ownTerms = matched(text);
      const own = share(ownTerms);
      const previous = before && before.end <= s.span.start && kind === "sentence" ? before.terms : null;
      // What the sentence before named and this one does not ("in Lorient" … "Firefighters saved the bakery").
      const carried = previous ? share(previous.filter((t) => !ownTerms.includes(t))) : null;
      before = kind === "sentence" || kind === "heading" ? { end: s.span.end, terms: ownTerms } : null;
      const key = `${passage.articleId}:${s.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (text.trim().length < 12) continue; // stray fragments do not answer
      // A heading (or a heading-like line) answers only through the list it introduces.
      const headingLike = kind === "heading" || (kind === "sentence" && !/[.!?…:"'”’)]\s*$/.test(text) && text.length < 120);
      let context = text;
      if (kind === "table") {
        const header = tableHeader(s.part, s.i);
        if (header === null || /^[\s|:-]*$/.test(text)) continue; // the header or a rule line alone answers nothing
        context = `${passage.text.slice(header[0] - offset, header[1] - offset)} ${text}`;
      }
      const lexical = withCarry(context === text ? own : overlap(context), carried);
      let score = 0.55 * s.sim + 0.45 * lexical - 0.01 * rank;
      if (number && NUMBER.test(text)) score += 0.05;
      if (date && DATE.test(text)) score += 0.05;
      let end = s.span.end;
      if (/:\s*$/.test(text) || list || headingLike) {
        // "They explored several avenues, including:" answers nothing without what follows.
        const items = listItemsAfter(index, s.part.articleId, end, segmentsOf);
        if (items) {
          end = items;
          text = index.articleText(s.part.articleId, s.span.start, end);
          score += 0.5 * 0.45 * (overlap(text) - lexical);
        } else if (headingLike) continue;
      }
      if (quoted.length && isQuoted(quoted, passage.articleId, s.span.start, end)) continue;
      // A sentence that asks, or only repeats the question, answers nothing ("Which show was green lit? [1]").
      if (echoes(text, asked)) continue;
      candidates.push({ passage, start: s.span.start, end, text, sim: s.sim, lexical, score, vector: index.sentenceVector(s.part, s.i) });
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const chosen: Candidate[] = [];
  const limit = list ? 5 : 4;
  const type = answerType(question);
  const lead = candidates[0];
  // The asked-for figure or date the lead lacks may sit just before its passage, in the chunk before
  // (b004: "About 500 officials are accused…" opens the chunk before the one retrieved); those sentences
  // compete as its article's own, scored alike. (Not names: a name in a story's opening lines is no
  // answer to "who heads…", Reuters r015 left out.)
  if (lead && (type === "figure" || type === "date") && !supplies(type, question, lead.text)) {
    for (const s of lead.passage.before ?? []) {
      const text = index.articleText(lead.passage.articleId, s.span.start, s.span.end);
      if (s.span.kind !== "sentence" || !Number.isFinite(s.sim) || seen.has(`${lead.passage.articleId}:${s.span.start}`) || !supplies(type, question, text) || echoes(text, asked)) continue;
      if (quoted.length && isQuoted(quoted, lead.passage.articleId, s.span.start, s.span.end)) continue;
      const lexical = overlap(text);
      const score = 0.55 * s.sim + 0.45 * lexical + (number && NUMBER.test(text) ? 0.05 : 0) + (date && DATE.test(text) ? 0.05 : 0);
      candidates.push({ passage: lead.passage, start: s.span.start, end: s.span.end, text, sim: s.sim, lexical, score, vector: index.sentenceVector(s.part, s.i) });
    }
    candidates.sort((a, b) => b.score - a.score);
  }
  const top = candidates[0];
  const topSupplies = !top || type === null || supplies(type, question, top.text);
  for (const c of candidates) {
    if (chosen.length >= limit) break;
    if (chosen.length > 0 && c.score < top.score * KEEP_TYPED_WITHIN) break;
    // Below KEEP_WITHIN only the asked-for fact the lead lacks, from the lead's own article ("Chevening").
    const typed = !topSupplies && c.passage.articleId === top.passage.articleId && supplies(type!, question, c.text);
    if (chosen.length > 0 && c.score < top.score * KEEP_WITHIN && !typed) continue;
    const inside = chosen.some((x) => x.passage.articleId === c.passage.articleId && c.start >= x.start && c.end <= x.end);
    if (inside || chosen.some((x) => dot(x.vector, c.vector) > 0.9 || overlapRatio(x.text, c.text) > 0.7)) continue;
    chosen.push(c);
  }
  return chosen;
}

/**
 * Whether a sentence is a question, or holds no term the question does not already hold (under
 * aliases): quoting it would only repeat what was asked.
 */
export function echoes(text: string, questionTerms: ReadonlySet<string>): boolean {
  if (/\?\s*["'”’)]*\s*$/.test(text)) return true;
  const terms = queryTerms(text);
  return terms.length > 0 && terms.every((t) => aliasesOf(t).some((a) => questionTerms.has(a)));
}

/**
 * A sentence's key-term overlap plus part of what the sentence before it held and it lacks: a
 * sentence goes on about what the one before named ("The 17-year-old will…").
 */
export function withCarry(own: number, carried: number | null): number {
  return carried === null ? own : own + CARRY * carried;
}

/** The span of the header row of the table holding row `i` of a passage, or null if `i` is the header. */
function tableHeader(p: IndexedPassage, i: number): [number, number] | null {
  let h = i;
  while (h > 0 && p.sentences[h - 1].kind === "table") h--;
  return h === i ? null : [p.sentences[h].start, p.sentences[h].end];
}

/** End offset of the bullet or table lines right after `end` in the article, if any. */
function listItemsAfter(index: BriefingIndex, articleId: string, end: number, segmentsOf: (id: string) => SentenceSpan[]): number | null {
  const segments = segmentsOf(articleId).filter((s) => s.start >= end);
  let last: number | null = null;
  let count = 0;
  let at = end;
  for (const s of segments) {
    if (s.start < at) continue; // overlapping passages repeat segments
    const intro = count === 0 && s.end - s.start < 40 && /:\s*$/.test(index.articleText(articleId, s.start, s.end)); // "These include:"
    if (s.kind !== "bullet" && s.kind !== "table" && !intro) break;
    if (intro) {
      at = s.end;
      continue;
    }
    last = s.end;
    at = s.end;
    if (++count >= MAX_LIST_ITEMS) break;
  }
  return last;
}

function overlapRatio(a: string, b: string): number {
  const x = new Set(queryTerms(a));
  const y = new Set(queryTerms(b));
  if (!x.size || !y.size) return 0;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / Math.min(x.size, y.size);
}

/**
 * Leave-one-article-out: every answerable question becomes an unanswerable one by deleting its
 * answer from the index. The reduced index is derived from the full one by deletion (no
 * re-embedding), so the question still meets the topical neighbours of its article but no answer.
 * Also the fixed dev / held-out split every eval set is cut by.
 */
import { createHash } from "node:crypto";
import { factPhrase, factTokens, holdsPhrase } from "./factForms.js";
import { matchesExpected, normalizeText } from "./metrics.js";
import type { ArticleText } from "./keys.js";
import type { EvalQuestion } from "./types.js";

export type Split = "dev" | "heldout";

/**
 * A question's split, fixed by its id (a leave-out question keeps its source question's id):
 * the first byte of sha256(id), even → dev, odd → held-out. Nothing calibrated may read held-out.
 */
export function splitOf(id: string): Split {
  return createHash("sha256").update(id).digest()[0]! % 2 === 0 ? "dev" : "heldout";
}

export interface LeaveOutQuestion {
  /** The question as asked against the reduced index: unanswerable, same id and wording. */
  question: EvalQuestion;
  /** Article ids deleted for it: the expected ones, their duplicates, any other holding every expected fact. */
  remove: string[];
}

/**
 * Plans the deletions: for each answerable question, the articles matching an expected key, every
 * article with the same text as one of those, and every article holding all of its expected facts
 * (one variant each, after normalizeText, verbatim or in another form: `factForms.ts`). Questions with
 * no expected article in the corpus are dropped.
 */
export function planLeaveOut(questions: EvalQuestion[], texts: Map<string, ArticleText>): { planned: LeaveOutQuestion[]; dropped: string[] } {
  const byText = new Map<string, string[]>();
  const normal = new Map<string, string>();
  const tokens = new Map<string, ReturnType<typeof factTokens>>();
  const tokensOf = (id: string) => tokens.get(id) ?? tokens.set(id, factTokens(texts.get(id)!.text)).get(id)!;
  for (const [id, a] of texts) {
    const n = normalizeText(a.text);
    normal.set(id, n);
    byText.set(n, [...(byText.get(n) ?? []), id]);
  }
  const planned: LeaveOutQuestion[] = [];
  const dropped: string[] = [];
  for (const q of questions) {
    if (!q.answerable) continue;
    const expected = [...texts].filter(([, a]) => q.expected_articles.some((e) => matchesExpected(a.keys, e))).map(([id]) => id);
    if (!expected.length) {
      dropped.push(q.id);
      continue;
    }
    const remove = new Set(expected.flatMap((id) => byText.get(normal.get(id)!) ?? [id]));
    const facts = q.expected_facts.map((vs) => vs.map(normalizeText).filter(Boolean)).filter((vs) => vs.length);
    if (facts.length) {
      const phrases = facts.map((vs) => vs.map(factPhrase).filter((p) => p !== null));
      const holdsFact = (id: string, n: string, i: number) => facts[i]!.some((v) => holds(n, v)) || phrases[i]!.some((p) => holdsPhrase(tokensOf(id), p));
      for (const [id, n] of normal) if (facts.every((_, i) => holdsFact(id, n, i))) remove.add(id);
    }
    planned.push({ question: { ...q, type: "unanswerable", answerable: false, expected_articles: [], expected_facts: [] }, remove: [...remove].sort() });
  }
  return { planned, dropped };
}

/** A fact on word boundaries ("1990" is not in "19901", "two" not in "network"). */
function holds(text: string, fact: string): boolean {
  let at = text.indexOf(fact);
  while (at >= 0) {
    const before = text[at - 1];
    const after = text[at + fact.length];
    if ((!before || !/[\p{L}\p{N}]/u.test(before)) && (!after || !/[\p{L}\p{N}]/u.test(after))) return true;
    at = text.indexOf(fact, at + 1);
  }
  return false;
}

/**
 * Groups questions that can share one reduced index: the union of their deletions stays within
 * `cap` articles (a question whose own deletions exceed it runs alone). Deleting a few more
 * articles than one question needs only removes distractors; it never adds an answer.
 */
export function batchLeaveOut(planned: LeaveOutQuestion[], cap: number): { remove: string[]; questions: EvalQuestion[] }[] {
  const batches: { remove: Set<string>; questions: EvalQuestion[] }[] = [];
  for (const p of planned) {
    const fits = batches.find((b) => {
      const union = new Set([...b.remove, ...p.remove]).size;
      return union <= cap || union === b.remove.size; // within the cap, or nothing new to delete
    });
    if (fits) {
      p.remove.forEach((id) => fits.remove.add(id));
      fits.questions.push(p.question);
    } else batches.push({ remove: new Set(p.remove), questions: [p.question] });
  }
  return batches.map((b) => ({ remove: [...b.remove].sort(), questions: b.questions }));
}

/** Deletions per shared index: 2% of the corpus, at least one article (the seed's three articles are left out one at a time). */
export function leaveOutCap(articles: number): number {
  return Math.max(1, Math.floor(articles * 0.02));
}

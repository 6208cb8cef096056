/**
 * Whether the chosen sentences answer the question, judged by aligning the question to them: when
 * the question's words line up with the best sentence except one specific word that the sentence
 * contradicts (an opposite, another figure or name in its slot, a negation on one side only, two
 * names in swapped roles), the sentence is about the question's subject but does not answer it.
 */
import { align, type Mismatch } from "./align.js";

export type { Mismatch } from "./align.js";

/**
 * The mismatches that refuse on their own. A missing word or a plain substitute is often a paraphrase
 * (or the answer itself, in the slot the question asks about); a negation only the text has ("do not
 * require", "has never met") refused as many answerable questions as unanswerable ones on the dev seeds.
 */
const CONTRADICTIONS = new Set<Mismatch["kind"]>(["negation", "opposite", "figure", "order"]);

export interface Candidate {
  sentence: string;
  /** The sentence with the one before and after it. */
  window: string;
}

/** The mismatch that makes the best-aligned sentence no answer, or null when it may answer. */
export function judge(question: string, candidates: Candidate[], idf: (term: string) => number): Mismatch | null {
  let best: ReturnType<typeof align> | null = null;
  for (const c of candidates) {
    const a = align(question, c.sentence, c.window, idf);
    if (!best || a.coverage > best.coverage + 1e-9) best = a;
  }
  if (!best) return null;
  return best.mismatches.find((m) => CONTRADICTIONS.has(m.kind)) ?? null;
}

/** The mismatch in words for the user: what the nearest sentence says instead of what was asked. */
export function describe(m: Mismatch): string {
  switch (m.kind) {
    case "negation":
      return m.term ? `the question asks with "${m.term}", the nearest sentence has no negation` : `the nearest sentence says "${m.against}" where the question does not`;
    case "order":
      return `the nearest sentence has ${m.term.split(" … ").map((n) => `"${n}"`).join(" and ")} the other way round`;
    default:
      return m.against ? `the nearest sentence says "${m.against}" where the question asks "${m.term}"` : `the nearest sentence reverses "${m.term}"`;
  }
}

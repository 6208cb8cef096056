import { dot } from "../../embedding/vectors.js";
import { countryNamesOf } from "../../text/aliases.js";
import { nameTerms } from "../../text/names.js";
import { contentTerms } from "../../text/terms.js";

/**
 * When a cited source supports an answer sentence. Two graded signals: the share of the
 * sentence's content terms found in the source (`lexical`), and the cosine similarity of the
 * sentence to the source's closest stored sentence (`sim`, same embedder as the index). Two
 * hard checks that similarity cannot make: every figure in the sentence appears in the source,
 * and so does every name (capitalised word).
 *
 * Calibrated with test/support/calibrate-verifier.ts (USE-lite): 700 SQuAD v2 dev claims
 * ("question: answer", a crowd-written paraphrase) against their own paragraph and against
 * another paragraph of the same article (same topic, does not say it: the hard case), and 34
 * hand-written claims on the seed articles (paraphrases vs. plausible falsehoods).
 * Similarity alone separates poorly: unsupported same-topic sentences reach 0.71 at p90 while
 * supported ones start at 0.62 (p10). Term share carries most of the signal (supported p10 0.60,
 * unsupported p90 0.40). With these values: SQuAD 92.7% of supported claims accepted, 5.0% of
 * unsupported; seed 94.4% / 25% (the falsehoods that pass reuse the source's own words:
 * "lifted" for "suspended", a swapped country). Without the names/figures check: 97.9% / 8.1%
 * (SQuAD) and 100% / 37.5% (seed). The sim floor in the first rule hardly matters (0.35–0.55
 * change little); simAlone 0.75 → 0.8 trades 0.4 points of recall for 1.1 of false support.
 */
export const SUPPORT = {
  /** Share of content terms that must appear in the source, when the meaning is also close. */
  lexical: 0.5,
  /** Similarity that counts as "close in meaning" for the rule above. */
  sim: 0.45,
  /** Enough terms on their own: a near-copy of the source's words. */
  lexicalAlone: 0.8,
  /** Enough similarity on their own: a close paraphrase in other words. */
  simAlone: 0.75,
} as const;

/** A numbered source as the verifier sees it: its terms and sentences (verbatim, with vectors). */
export interface VerifierSource {
  n: number;
  title: string;
  date: string | null;
  source: string;
  articleId: string;
  terms: Set<string>;
  /** Figures as digits (number words too, so "three" in the source backs "3" in the answer). */
  numbers: Set<string>;
  /** Verbatim sentences; `evidence` is false for text addressed to the model (never support). */
  sentences: { text: string; start: number; end: number; heading: boolean; evidence: boolean; vector: ArrayLike<number> }[];
}

/** An answer sentence as the verifier checks it. */
export interface Claim {
  text: string;
  terms: string[];
  figures: string[];
  names: string[];
  /** Unit vector, or empty when the embedder failed (lexical checks only). */
  vector: Float32Array;
}

export interface Support {
  lexical: number;
  sim: number;
  /** Every figure and every name in the claim appears in the sources. */
  specifics: boolean;
  ok: boolean;
}

// Words about the sources rather than the world ("according to source 2").
const META = new Set(contentTerms("source sources article articles passage passages according report reports reported provided"));
const NUMBER_WORDS: Record<string, string> = { one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", eleven: "11", twelve: "12", twenty: "20", hundred: "100", thousand: "1000", million: "1000000", billion: "1000000000" };

const digitsOf = (text: string) => [...text.matchAll(/\d+(?:[.,]\d+)*/g)].map((m) => m[0].replace(/,(?=\d{3}\b)/g, ""));

export function claimTerms(text: string): string[] {
  return [...new Set(contentTerms(text).filter((t) => !META.has(t)))];
}

export function termsOf(text: string): Set<string> {
  return new Set(contentTerms(text));
}

export function numbersIn(text: string): Set<string> {
  const out = new Set(digitsOf(text));
  for (const w of text.toLowerCase().match(/\b[a-z]+\b/g) ?? []) if (NUMBER_WORDS[w]) out.add(NUMBER_WORDS[w]);
  return out;
}

export function claimOf(text: string, vector: Float32Array = new Float32Array(0)): Claim {
  return { text, terms: claimTerms(text), figures: [...new Set(digitsOf(text))], names: nameTerms(text).filter((t) => !META.has(t)), vector };
}



/** The graded decision, in one place so calibration measures exactly what runs. */
export function supports(lexical: number, sim: number): boolean {
  return (lexical >= SUPPORT.lexical && sim >= SUPPORT.sim) || lexical >= SUPPORT.lexicalAlone || sim >= SUPPORT.simAlone;
}

function hasName(term: string, sources: VerifierSource[]): boolean {
  const group = countryNamesOf(term);
  // The stemmer keeps a final "-is" ("Houthis" stays houthis): a name's plural is the same name.
  const forms = [term, term.endsWith("s") ? term.slice(0, -1) : `${term}s`];
  return sources.some((s) => forms.some((f) => s.terms.has(f)) || (group !== undefined && [...group].some((t) => s.terms.has(t))));
}

/** How well `sources` together support a claim: terms pooled, similarity of the best sentence of any. */
export function supportOf(claim: Claim, sources: VerifierSource[]): Support {
  const found = claim.terms.filter((t) => sources.some((s) => s.terms.has(t))).length;
  const lexical = claim.terms.length ? found / claim.terms.length : 0;
  let sim = claim.vector.length ? -1 : 0;
  if (claim.vector.length) for (const s of sources) for (const x of s.sentences) if (x.evidence) sim = Math.max(sim, dot(claim.vector, x.vector));
  // A figure or a name the source never gives is the commonest unsupported detail, and
  // similarity cannot see it ("met in London on Monday" for "Washington on Friday").
  const specifics = claim.figures.every((d) => sources.some((s) => s.numbers.has(d))) && claim.names.every((t) => hasName(t, sources));
  return { lexical, sim, specifics, ok: specifics && supports(lexical, sim) };
}

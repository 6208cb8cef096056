import type { BriefingSentence, Citation } from "../types.js";
import { isNonClaim, NOT_COVERED, parseAnswer, type ParsedSentence } from "./parse.js";
import { dot } from "../../embedding/vectors.js";
import { unit } from "../../embedding/vectors.js";
import { claimOf, supportOf, SUPPORT, termsOf, type Claim, type VerifierSource } from "./support.js";

export type { VerifierSource } from "./support.js";

export interface Verified {
  answer: string;
  abstained: boolean;
  sentences: BriefingSentence[];
  citations: Citation[];
  notices: string[];
  /** Every grounded sentence only repeated what the user was told already (see `told`). */
  repeatsOnly?: boolean;
}

export interface VerifyOptions {
  /** After a "what else?": whether an article span was quoted to the user already. */
  told?: (articleId: string, start: number, end: number) => boolean;
}

const excerpt = (s: string) => `"${s.length > 70 ? `${s.slice(0, 67).trimEnd()}…` : s}"`;
const marks = (ns: number[]) => ns.map((n) => `[${n}]`).join("");

/**
 * Checks every sentence of a generated answer against the sources it cites, and builds the
 * briefing parts: citations to missing sources removed, unsupported sentences re-cited to a
 * source that supports them or flagged, one verbatim quote per cited source.
 * `embed` gets every claim sentence in one call. With `told`, a sentence that only repeats what
 * the user was told already is left out while a new one remains.
 */
export async function verifyAnswer(raw: string, sources: VerifierSource[], embed: (texts: string[]) => Promise<number[][]>, opts: VerifyOptions = {}): Promise<Verified> {
  let parsed = parseAnswer(raw);
  const notices: string[] = [];
  const count = sources.length;
  const invalid = new Set<number>();
  for (const p of parsed) for (const n of p.cited) if (n < 1 || n > count) invalid.add(n);
  for (const n of [...invalid].sort((a, b) => a - b)) {
    notices.push(`The answer cited [${n}], but there ${count === 1 ? "is only 1 source" : `are only ${count} sources`}; that citation was removed.`);
  }

  let isClaim = parsed.map((p) => !isNonClaim(p.text));
  const claimTexts = parsed.filter((_, i) => isClaim[i]).map((p) => p.text);
  let vectors: Float32Array[] = [];
  try {
    vectors = claimTexts.length ? (await embed(claimTexts)).map(unit) : [];
  } catch {
    notices.push("The citation check used word overlap only (the embedder failed on the answer).");
  }
  const bySource = new Map(sources.map((s) => [s.n, s]));
  const uses = new Map<number, Use[]>();
  const claims: Claim[] = [];
  const use = (n: number, claim: Claim, supported: boolean) => {
    if (!uses.has(n)) uses.set(n, []);
    uses.get(n)!.push({ claim, supported });
  };

  let c = 0;
  let sentences: BriefingSentence[] = parsed.map((p, i) => {
    let cited = p.cited.filter((n) => !invalid.has(n));
    if (!isClaim[i]) {
      // Not a claim ("The sources do not say who won."): nothing to verify; keep any citation it has.
      claims.push(claimOf(p.text));
      for (const n of cited) use(n, claims[i], true);
      return { text: p.text, citations: cited, supported: true };
    }
    const claim = claimOf(p.text, vectors[c++]);
    claims.push(claim);
    const own = cited.map((n) => supportOf(claim, [bySource.get(n)!]));
    const together = cited.length > 1 ? supportOf(claim, cited.map((n) => bySource.get(n)!)) : own[0];
    if (together?.ok) {
      // With several citations, each must carry part of the claim to count as supporting it.
      cited.forEach((n, k) => use(n, claim, own[k].ok || own[k].lexical >= SUPPORT.lexical / 2));
      return { text: p.text, citations: cited, supported: true };
    }
    const repair = sources
      .filter((s) => !cited.includes(s.n))
      .map((s) => ({ s, sup: supportOf(claim, [s]) }))
      .filter((o) => o.sup.ok)
      .sort((a, b) => b.sup.lexical + b.sup.sim - (a.sup.lexical + a.sup.sim))[0];
    if (repair) {
      notices.push(
        cited.length
          ? `${excerpt(p.text)} cited ${marks(cited)}, which does not support it; cited [${repair.s.n}] instead.`
          : `${excerpt(p.text)} had no citation; cited [${repair.s.n}], which supports it.`,
      );
      use(repair.s.n, claim, true);
      return { text: p.text, citations: [repair.s.n], supported: true };
    }
    notices.push(
      cited.length
        ? `${excerpt(p.text)} is not supported by ${marks(cited)}; it is marked unsupported.`
        : `${excerpt(p.text)} has no citation and no source supports it; it is marked unsupported.`,
    );
    cited.forEach((n, k) => use(n, claim, own[k].ok));
    return { text: p.text, citations: cited, supported: false };
  });

  const grounds = (s: BriefingSentence, i: number) => isClaim[i] && s.supported && s.citations.length > 0;
  // A grounded sentence whose own quote, in every source it cites, was told already is a repeat.
  const repeat = sentences.map((s, i) => !!opts.told && grounds(s, i) && s.citations.every((n) => told(bySource.get(n)!, claims[i], opts.told!)));
  if (repeat.some(Boolean)) {
    if (!sentences.some((s, i) => grounds(s, i) && !repeat[i])) return { answer: render(parsed, sentences), abstained: false, sentences, citations: [], notices, repeatsOnly: true };
    for (const [i, p] of parsed.entries()) if (repeat[i]) notices.push(`${excerpt(p.text)} repeats what was already quoted above; it was left out.`);
    const gone = new Set(claims.filter((_, i) => repeat[i]));
    for (const [n, list] of uses) {
      const left = list.filter((u) => !gone.has(u.claim));
      if (left.length) uses.set(n, left);
      else uses.delete(n);
    }
    const keep = (_: unknown, i: number) => !repeat[i];
    [parsed, sentences, isClaim] = [parsed.filter(keep), sentences.filter(keep), isClaim.filter(keep)];
    if (parsed.length) parsed[0] = { ...parsed[0], breakBefore: false };
  }

  const grounded = sentences.some(grounds);
  const saysNotCovered = parsed.some((p, i) => !isClaim[i] && NOT_COVERED.test(p.text));
  if (!grounded && saysNotCovered) {
    return { answer: parsed.map((p) => p.text).join(" "), abstained: true, sentences: [], citations: [], notices };
  }
  const citations = [...uses.keys()].sort((a, b) => a - b).map((n) => citationFor(bySource.get(n)!, uses.get(n)!));
  return { answer: render(parsed, sentences), abstained: false, sentences, citations, notices };
}

interface Use {
  claim: Claim;
  supported: boolean;
}

/**
 * The cited source's sentence that best matches the answer sentences citing it (meaning plus
 * shared terms), preferring those it supports: verbatim article text with its offsets.
 */
function citationFor(s: VerifierSource, uses: Use[]): Citation {
  const supported = uses.some((u) => u.supported);
  const q = s.sentences[bestSentence(s, uses.filter((u) => u.supported || !supported).map((u) => u.claim))];
  return { n: s.n, title: s.title, date: s.date, source: s.source, quote: q.text, articleId: s.articleId, start: q.start, end: q.end, supported };
}

/** Whether the source's sentence that best matches this claim was told to the user already. */
function told(s: VerifierSource, claim: Claim, isTold: NonNullable<VerifyOptions["told"]>): boolean {
  const q = s.sentences[bestSentence(s, [claim])];
  return isTold(s.articleId, q.start, q.end);
}

/** Index of the source sentence closest to any of the claims. */
function bestSentence(s: VerifierSource, pool: Claim[]): number {
  const usable = s.sentences.map((x, i) => ({ x, i })).filter(({ x }) => x.evidence && !x.heading && x.text.length >= 12);
  const candidates = usable.length ? usable : s.sentences.map((x, i) => ({ x, i }));
  let pick = candidates[0].i;
  let best = -Infinity;
  for (const { x, i } of candidates) {
    const own = termsOf(x.text);
    for (const claim of pool) {
      const shared = claim.terms.length ? claim.terms.filter((t) => own.has(t)).length / claim.terms.length : 0;
      const score = (claim.vector.length ? dot(claim.vector, x.vector) : 0) + 0.5 * shared;
      if (score > best) [best, pick] = [score, i];
    }
  }
  return pick;
}

/** The answer text again, markers after each sentence as in the extractive briefing; line breaks kept. */
function render(parsed: ParsedSentence[], sentences: BriefingSentence[]): string {
  return sentences
    .map((s, i) => `${i === 0 ? "" : parsed[i].breakBefore ? "\n" : " "}${s.text}${s.citations.length ? ` ${marks(s.citations)}` : ""}`)
    .join("")
    .trim();
}

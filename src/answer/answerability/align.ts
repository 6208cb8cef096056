/**
 * The question aligned to one sentence (and its neighbours): which of the question's content words
 * the text holds, and where the alignment breaks — a word with no counterpart whose slot holds a
 * different name, figure or opposite word, a negation on one side only, two names in swapped roles.
 */
import { opposed, opposedWords } from "./contrasts.js";
import { NEGATING, sameTerm, words, type Word } from "./words.js";

export type MismatchKind = "negation" | "negated" | "opposite" | "figure" | "entity" | "order" | "substitute" | "missing";

export interface Mismatch {
  kind: MismatchKind;
  /** The question's word that has no counterpart (or is contradicted). */
  term: string;
  /** What the text has in its place, if anything. */
  against?: string;
}

export interface Alignment {
  /** Share of the question's content weight (IDF) the window holds. */
  coverage: number;
  /** The same share for the sentence alone. */
  sentenceCoverage: number;
  /** Weight of the unmatched words as a share of the total, and the rarest unmatched word. */
  missingShare: number;
  mismatches: Mismatch[];
}

const MAX_GAP = 3;

const firstAt = new WeakMap<Word[], Map<string, number>>();
/** Where each term first occurs in a row of words (rows are memoised, so this is too). */
function positions(ws: Word[]): Map<string, number> {
  let at = firstAt.get(ws);
  if (!at) {
    at = new Map();
    ws.forEach((x, i) => x.term !== null && !at!.has(x.term) && at!.set(x.term, i));
    firstAt.set(ws, at);
  }
  return at;
}

const lowerOf = new WeakMap<Word[], string[]>();
/** Each word of a row in lower case, as function words are compared (memoised with the row). */
function lowered(ws: Word[]): string[] {
  let lower = lowerOf.get(ws);
  if (!lower) lowerOf.set(ws, (lower = ws.map((x) => x.raw.toLowerCase())));
  return lower;
}

/** The content word next to position `at` in `ws`, stepping `dir`, over at most MAX_GAP function words. */
function neighbour(ws: Word[], at: number, dir: 1 | -1): number {
  for (let i = at + dir, gap = 0; i >= 0 && i < ws.length && gap <= MAX_GAP; i += dir, gap++) {
    if (ws[i]!.negation) return -1;
    if (ws[i]!.term) return i;
  }
  return -1;
}

export function align(question: string, sentence: string, window: string, idf: (term: string) => number): Alignment {
  const q = words(question);
  const w = words(window);
  const s = words(sentence);
  // Exact terms by position first; only a term not found so is compared word by word (aliases, forms),
  // once per term and row: a missing term is looked for again as a neighbour and as a name.
  const found = new Map<Word[], Map<string, number>>();
  const find = (ws: Word[], term: string) => {
    const exact = positions(ws).get(term);
    if (exact !== undefined) return exact;
    let row = found.get(ws);
    if (!row) found.set(ws, (row = new Map()));
    let at = row.get(term);
    if (at === undefined) row.set(term, (at = ws.findIndex((x) => x.term !== null && sameTerm(term, x.term))));
    return at;
  };
  const content = q.map((x, i) => ({ x, i })).filter(({ x }) => x.term !== null);
  const weight = (t: string) => Math.max(0.1, idf(t));
  const total = content.reduce((n, { x }) => n + weight(x.term!), 0) || 1;
  const inWindow = content.map(({ x }) => find(w, x.term!));
  const inSentence = content.map(({ x }) => find(s, x.term!));
  const coverage = content.reduce((n, { x }, k) => n + (inWindow[k]! >= 0 ? weight(x.term!) : 0), 0) / total;
  const sentenceCoverage = content.reduce((n, { x }, k) => n + (inSentence[k]! >= 0 ? weight(x.term!) : 0), 0) / total;
  const missingShare = 1 - coverage;
  const mismatches: Mismatch[] = [];
  const questionTerms = content.map(({ x }) => x.term!);
  // Asked of every word of the sentence for each missing term: once per word.
  const askedTerms = new Map<string, boolean>();
  const asked = (t: string) => {
    let yes = askedTerms.get(t);
    if (yes === undefined) askedTerms.set(t, (yes = questionTerms.some((qt) => sameTerm(qt, t))));
    return yes;
  };

  // A negation on one side only: "What did X not believe…" against "X felt…", or the reverse
  // ("did the Normans have a rich tradition" against "the Normans did not have the rich traditions").
  const qNeg = q.some((x) => x.negation);
  // The text's negation counts only where it negates a word the question asks about ("did not have the
  // rich traditions"), not a word of its own ("did not disperse", "not only").
  // "not only", "not until" qualify rather than deny.
  const qualifies = (i: number) => /^(?:only|until|just|even|yet|least|necessarily)$/i.test(s[i + 1]?.raw ?? "");
  const implicit = (ws: Word[]) => {
    const lower = lowered(ws);
    return ws.some((x, i) => x.negation || NEGATING.has(lower[i]!));
  };
  const negated = implicit(q) ? -1 : s.findIndex((x, i) => {
    if (!x.negation || qualifies(i)) return false;
    const next = neighbour(s, i, 1);
    return next >= 0 && asked(s[next]!.term!);
  });
  if (qNeg && !implicit(w)) mismatches.push({ kind: "negation", term: q.find((x) => x.negation)!.raw });
  else if (!qNeg && negated >= 0) mismatches.push({ kind: "negated", term: "", against: s[negated]!.raw });

  // Function-word opposites in the question that the text reverses ("before"/"after").
  const [wLower, sLower] = [lowered(w), lowered(s)];
  for (const x of q) {
    if (x.term || x.negation) continue;
    const lower = x.raw.toLowerCase();
    if (!wLower.includes(lower) && sLower.some((y) => opposedWords(lower, y))) mismatches.push({ kind: "opposite", term: x.raw });
  }

  content.forEach(({ x, i }, k) => {
    if (inWindow[k]! >= 0) return;
    const term = x.term!;
    // An opposite anywhere in the sentence: "unconnected graphs" against "connected graphs".
    const opp = s.find((y) => y.term !== null && opposed(term, y.term) && !asked(y.term));
    if (opp) return mismatches.push({ kind: "opposite", term: x.raw, against: opp.raw });
    // The word's slot: beside a question word the text holds, the text has another word.
    for (const dir of [1, -1] as const) {
      const anchorQ = neighbour(q, i, dir);
      if (anchorQ < 0) continue;
      const at = find(w, q[anchorQ]!.term!);
      if (at < 0) continue;
      const slot = neighbour(w, at, (-dir) as 1 | -1);
      if (slot < 0) continue;
      const y = w[slot]!;
      if (asked(y.term!)) continue;
      const kind: MismatchKind = x.figure && y.figure ? "figure" : x.name && y.name ? "entity" : "substitute";
      return mismatches.push({ kind, term: x.raw, against: y.raw });
    }
    return mismatches.push({ kind: "missing", term: x.raw });
  });

  // Two names in swapped order around what joins them: "OneDrive will become SkyDrive" against
  // "SkyDrive will become OneDrive"; "Latham Milton" against "Milton Latham".
  // Both must read as names in the text too, and a passive question ("settled by X") may name them either way round.
  const passive = q.some((x) => x.raw.toLowerCase() === "by");
  const names = content.filter(({ x }) => x.name).map(({ x, i }) => ({ x, i, at: find(w, x.term!) })).filter((n) => n.at >= 0 && w[n.at]!.name);
  for (let a = 0; a < names.length; a++) {
    for (let b = a + 1; b < names.length; b++) {
      const [n1, n2] = [names[a]!, names[b]!];
      if (n1.x.term === n2.x.term || n2.at >= n1.at) continue;
      const between = content.filter(({ x, i }) => i > n1.i && i < n2.i && !x.name);
      const adjacent = n2.i === n1.i + 1 && n1.at === n2.at + 1;
      // Joined as closely as in the question, and not by a passive ("Hamas has been praised by Muslims").
      const tight = n1.at - n2.at <= n2.i - n1.i + 2 && !w.slice(n2.at, n1.at).some((x) => x.raw.toLowerCase() === "by");
      const joined = tight && between.length > 0 && between.every(({ x }) => {
        const p = find(w, x.term!);
        return p > n2.at && p < n1.at;
      });
      if (adjacent || (joined && !passive)) mismatches.push({ kind: "order", term: `${n1.x.raw} … ${n2.x.raw}` });
    }
  }
  return { coverage, sentenceCoverage, missingShare, mismatches };
}

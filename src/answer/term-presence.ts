/**
 * Whether the question's terms are present in what the decision reads: a set of terms, an article
 * (article-terms.ts), or which of an article's sentences, under aliases and other forms of a name;
 * and where in an article they come together (`articleWindows`).
 */
import { aliasesOf } from "../text/aliases.js";
import { ArticleTerms } from "./article-terms.js";
import { sharedPrefix } from "../text/terms.js";

/**
 * Where an article's sentences bring the question's terms together: over every window of three
 * consecutive sentences, the best share of the question's weight (`coWin`), and, among the windows
 * holding as many of the question's names as any window does, the best share of its ordinary words
 * (`relNear`: "national mammal", "acceptance speech", "paid for" said where the names are).
 * A neighbouring story shares the names and many words, but spread over it, not in one place.
 */
export function articleWindows(words: ArticleTerms, weighted: { t: string; w: number; name: boolean }[]): { coWin: number; relNear: number } {
  const count = words.sentenceCount;
  const total = weighted.reduce((n, x) => n + x.w, 0) || 1;
  const lowerTotal = weighted.reduce((n, x) => n + (x.name ? 0 : x.w), 0);
  let coWin = 0;
  let bestNames = -1;
  let relNear = lowerTotal ? 0 : 1;
  // Which sentences hold each term (as `has` reads a sentence: an alias, or another form of a name),
  // from the article's own index of its sentences; a window is the union of three rows.
  const holding = weighted.map((x) => sentencesHolding(words, x.t));
  const rows = Array.from({ length: count }, (_, i) => holding.map((at) => at.has(i)));
  for (let i = 0; i < Math.max(1, count - 2); i++) {
    const window = rows.slice(i, i + 3);
    let cov = 0;
    let nameHits = 0;
    let rel = 0;
    weighted.forEach((x, j) => {
      if (!window.some((r) => r[j])) return;
      cov += x.w;
      if (x.name) nameHits++;
      else rel += x.w;
    });
    coWin = Math.max(coWin, cov / total);
    const relShare = lowerTotal ? rel / lowerTotal : 1;
    if (nameHits > bestNames) [bestNames, relNear] = [nameHits, relShare];
    else if (nameHits === bestNames) relNear = Math.max(relNear, relShare);
  }
  return { coWin, relNear };
}

/**
 * A term present under an alias, or as another form of the same name sharing its first 4+ letters
 * (Cameroonian / Cameroon, Spanish / Spaniard, Thailand / Thai), which the alias list does not hold.
 */
export function has(terms: ReadonlySet<string> | ArticleTerms, t: string): boolean {
  if (aliasesOf(t).some((a) => terms.has(a))) return true;
  if (t.length < 4 || /\d/.test(t)) return false;
  // Another form shares the first four letters: an article offers just those (article-terms.ts).
  if (terms instanceof ArticleTerms) return terms.holdsNear(t, (x) => sameName(t, x));
  for (const x of terms) if (sameName(t, x)) return true; // no copy of the set: this runs per term per article
  return false;
}

/** The sentences of an article that hold a term as `has` reads a set of terms (an alias, or another form of a name). */
function sentencesHolding(words: ArticleTerms, t: string): Set<number> {
  const at = new Set<number>();
  for (const a of aliasesOf(t)) for (const i of words.sentencesWith(a)) at.add(i);
  if (t.length < 4 || /\d/.test(t)) return at;
  for (const x of words.sentenceTermsNear(t)) if (sameName(t, x)) for (const i of words.sentencesWith(x)) at.add(i);
  return at;
}

function sameName(a: string, b: string): boolean {
  // Both ways below need the first four letters shared: tested first, as most pairs differ there.
  if (b.length < 4 || a.charCodeAt(0) !== b.charCodeAt(0) || a.charCodeAt(1) !== b.charCodeAt(1) || a.charCodeAt(2) !== b.charCodeAt(2) || a.charCodeAt(3) !== b.charCodeAt(3) || /\d/.test(b)) return false;
  const n = sharedPrefix(a, b);
  return n >= 4 && n >= Math.min(a.length, b.length) - 1 ? true : n >= 5 && n >= 0.6 * Math.min(a.length, b.length);
}

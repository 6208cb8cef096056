/**
 * How well one article matches the question against the others retrieved with it: what differs between
 * "the answer's article is present" and "it was removed and only topical neighbours remain" (issue 12's
 * leave-one-article-out sets). Coverage counts only the question's terms the corpus has at all: a word
 * no article holds (a paraphrase's "Pentagon", a term only a removed article had) tells no article from
 * another, and in a small corpus it carries the highest IDF and would swamp the rest.
 */
import type { BriefingIndex } from "../index/store.js";
import { aliasesOf } from "../text/aliases.js";
import type { Candidate } from "./select.js";

export interface ArticleMatch {
  /** Share of the IDF weight of the question's known terms that the best sentence's article holds. */
  artKnown: number;
  /** That share minus the best share any other chosen sentence's article holds (the runner-up's). */
  artMargin: number;
  /** Share of the known weight held by the union of the chosen sentences' articles but not by the best one: terms spread over several stories. */
  artSpread: number;
  /** artKnown and artMargin over the question's rare terms only (RARE_IDF): the story-specific words. */
  rareKnown: number;
  rareMargin: number;
}

/**
 * A term is rare, i.e. names the story rather than the topic, when its IDF is at least this: in fewer
 * than about 2% of passages. In a corpus of a few dozen passages no term can be (the highest IDF of 25
 * passages is 3.95), and the rare-term features stay neutral: there, nothing tells a story's own words
 * from its topic's.
 */
export const RARE_IDF = 4;

/**
 * `terms` are the question's content terms (periods already removed by the caller); `holds` tells
 * whether an article's term set holds a term. The other articles are those of the chosen sentences, whose
 * words the decision reads anyway: reading every retrieved article's words as well cost about 0.5 ms
 * of CPU time a question on first reading (bench/ask.ts).
 */
export function articleMatch<Words>(
  index: BriefingIndex,
  terms: string[],
  chosen: Candidate[],
  termsOf: (articleId: string) => Words,
  holds: (words: Words, t: string) => boolean,
): ArticleMatch {
  const top = chosen[0];
  const known = terms.filter((t) => !/\d/.test(t) && aliasesOf(t).some((a) => index.lexical.documentFrequency(a) > 0));
  const weight = known.map((t) => index.lexical.idf(t));
  const total = weight.reduce((a, b) => a + b, 0);
  if (!top || !total) return { artKnown: 1, artMargin: 0, artSpread: 0, rareKnown: 1, rareMargin: 0 };
  const rows = (id: string) => {
    const words = termsOf(id);
    return known.map((t) => holds(words, t));
  };
  const rare = weight.map((w) => (w >= RARE_IDF ? w : 0));
  const rareTotal = rare.reduce((a, b) => a + b, 0);
  const shareOf = (row: boolean[], w = weight, sum = total) => (sum ? row.reduce((n, h, i) => n + (h ? w[i]! : 0), 0) / sum : 1);
  const topRow = rows(top.passage.articleId);
  const artKnown = shareOf(topRow);
  const others = [...new Set(chosen.map((c) => c.passage.articleId))].filter((id) => id !== top.passage.articleId).map(rows);
  const runnerUp = Math.max(0, ...others.map((r) => shareOf(r)));
  const union = known.map((_, i) => topRow[i]! || others.some((r) => r[i]!));
  const rareKnown = shareOf(topRow, rare, rareTotal);
  const rareRunnerUp = rareTotal ? Math.max(0, ...others.map((r) => shareOf(r, rare, rareTotal))) : 1;
  return { artKnown, artMargin: artKnown - runnerUp, artSpread: shareOf(union) - artKnown, rareKnown, rareMargin: rareTotal ? rareKnown - rareRunnerUp : 0 };
}

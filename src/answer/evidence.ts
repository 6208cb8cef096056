/**
 * What the chosen evidence supports of the question: the signals the abstention decision weighs.
 * The question's names, figures, rare terms and period are looked for in the chosen sentences and
 * their articles, not in the corpus at large: a name some other article mentions does not make the
 * cited one an answer.
 */
import type { BriefingIndex } from "../index/store.js";
import type { Retrieval } from "../retrieval/hybrid.js";
import { aliasesOf } from "../text/aliases.js";
import { contentTerms, specificTerms, tokenize } from "../text/terms.js";
import type { Candidate } from "./select.js";

/** The features, in the order the fitted weights use (src/answer/abstention-weights.json). */
export const FEATURES = ["sentCov", "chosenCov", "articleCov", "nameCov", "figureCov", "rareMiss", "sim", "period", "bm25Margin"] as const;
export type Feature = (typeof FEATURES)[number];
/** The features that need no sentence vectors: the lexical-only operating point. */
export const LEXICAL_FEATURES: Feature[] = FEATURES.filter((f) => f !== "sim");

export interface Evidence {
  features: Record<Feature, number>;
  /** The question's names (under every alias) that no chosen article mentions. */
  namesMissing: string[];
  /** The question's figures that no chosen article holds. */
  figuresMissing: string[];
  /** The rarest question term the evidence lacks, if any ("mammal"). */
  rareMissing: string | null;
  /** The period the question names, when no chosen article is dated in it nor mentions it. */
  periodMissing: string | null;
}

const MONTH_OR_DAY = /^(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;
/** Names and figures of a question: lives with the other word-level text rules. */
export { specificTerms } from "../text/terms.js";

/** Names the question holds, without period words (months, weekdays): a period is checked against dates. */
export function namesOf(question: string): string[] {
  return specificTerms(question).filter((t) => !/\d/.test(t) && !MONTH_OR_DAY.test(t));
}

/** Figures the question holds, one token each ("1,000" → "1000"); years of a period excluded by the caller. */
export function figuresOf(question: string): string[] {
  return [...new Set(tokenize(question).filter((t) => /\d/.test(t)))];
}

interface ArticleWords {
  terms: Set<string>;
  tokens: Set<string>;
  text: string;
}
const articleCache = new WeakMap<BriefingIndex, Map<string, ArticleWords>>();

/** An article's title and text as terms and tokens, computed once per index and article. */
export function articleWords(index: BriefingIndex, id: string): ArticleWords {
  let byId = articleCache.get(index);
  if (!byId) articleCache.set(index, (byId = new Map()));
  let words = byId.get(id);
  if (!words) {
    const entry = index.articles.get(id);
    const text = entry ? `${entry.title}\n${index.articleText(id, 0, entry.length)}` : "";
    words = { terms: new Set(contentTerms(text)), tokens: new Set(tokenize(text)), text };
    if (byId.size > 5000) byId.clear(); // bounded: a long chat touches many articles
    byId.set(id, words);
  }
  return words;
}

/**
 * A term present under an alias, or as another form of the same name sharing its first 4+ letters
 * (Cameroonian / Cameroon, Spanish / Spaniard, Thailand / Thai), which the alias list does not hold.
 */
const has = (terms: Set<string>, t: string) => aliasesOf(t).some((a) => terms.has(a)) || (t.length >= 4 && !/\d/.test(t) && [...terms].some((x) => sameName(t, x)));

function sameName(a: string, b: string): boolean {
  if (b.length < 4 || /\d/.test(b)) return false;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n >= 4 && n >= Math.min(a.length, b.length) - 1 ? true : n >= 5 && n >= 0.6 * Math.min(a.length, b.length);
}

/** Whether an article (title and text) names every one of `names`, under aliases or a one-letter slip. */
export function namesAll(index: BriefingIndex, articleId: string, names: string[], typo: (word: string) => boolean): boolean {
  const terms = articleWords(index, articleId).terms;
  return names.every((n) => contentTerms(n).every((t) => has(terms, t)) || tokenize(n).every(typo));
}

/**
 * The evidence's signals. `asked` is the question without a period the retrieval already
 * satisfied by article dates. `typo` tells a one-letter slip of a word in the passages ("Krugmen").
 */
export function weighEvidence(index: BriefingIndex, asked: string, chosen: Candidate[], retrieval: Retrieval | undefined, typo: (word: string) => boolean): Evidence {
  const top = chosen[0];
  const articles = [...new Set(chosen.map((c) => c.passage.articleId))];
  const words = articles.map((id) => articleWords(index, id));
  const anyTerm = (t: string) => words.some((w) => has(w.terms, t));
  const topWords = top ? articleWords(index, top.passage.articleId) : { terms: new Set<string>(), tokens: new Set<string>(), text: "" };

  const qTerms = [...new Set(contentTerms(asked))];
  const weight = new Map(qTerms.map((t) => [t, index.idf(t)]));
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const share = (present: (t: string) => boolean) => qTerms.reduce((n, t) => n + (present(t) ? weight.get(t)! : 0), 0) / total;
  const chosenTerms = new Set(chosen.flatMap((c) => contentTerms(c.text)));

  const names = namesOf(asked);
  const namesMissing = names.filter((n) => contentTerms(n).some((t) => !anyTerm(t)) && !tokenize(n).every(typo));
  const namesInTop = names.filter((n) => contentTerms(n).every((t) => has(topWords.terms, t)) || tokenize(n).every(typo));

  const d = retrieval?.dates;
  const periodWords = new Set(d?.phrase ? tokenize(d.phrase) : []);
  const figures = figuresOf(asked).filter((f) => !periodWords.has(f));
  const figuresMissing = figures.filter((f) => !words.some((w) => w.tokens.has(f)));
  const figuresInTop = figures.filter((f) => topWords.tokens.has(f));

  // The rarest term the best article lacks, against the rarest the corpus can have.
  const maxIdf = Math.log(1 + (index.passages.size + 0.5) / 0.5) || 1;
  const lacking = qTerms.filter((t) => !has(topWords.terms, t) && !/\d/.test(t)).sort((a, b) => weight.get(b)! - weight.get(a)!);
  const rareMissing = lacking[0] ?? null;

  // A period: satisfied by an article dated inside it (the retrieval kept only those), else by its words.
  let periodOk = 1;
  let periodMissing: string | null = null;
  if (d?.phrase && (d.from || d.to)) {
    const byDate = !d.ignored;
    const byText = [...periodWords].every((w) => topWords.tokens.has(w));
    if (!byDate && !byText) {
      periodOk = 0;
      periodMissing = d.phrase;
    }
  }

  // A day ("on October 26, 1987", "the week ended May 10"): an article dated that day, or one that names it.
  if (!periodMissing && top) {
    for (const day of daysIn(asked)) {
      const dated = chosen.some((c) => c.passage.date && sameDay(c.passage.date, day));
      const named = words.some((w) => mentionsDay(w.text, day));
      if (!dated && !named) {
        periodOk = 0;
        periodMissing = day.phrase;
        break;
      }
    }
  }

  const bm = (retrieval?.passages ?? []).map((p) => p.bm25 ?? 0).sort((a, b) => b - a);
  const features: Record<Feature, number> = {
    sentCov: top?.lexical ?? 0,
    chosenCov: share((t) => has(chosenTerms, t)),
    articleCov: share((t) => has(topWords.terms, t)),
    nameCov: names.length ? namesInTop.length / names.length : 1,
    figureCov: figures.length ? figuresInTop.length / figures.length : 1,
    rareMiss: rareMissing ? weight.get(rareMissing)! / maxIdf : 0,
    sim: top?.sim ?? 0,
    period: periodOk,
    bm25Margin: bm[0] ? (bm[0] - (bm[1] ?? 0)) / bm[0] : 0,
  };
  return { features, namesMissing, figuresMissing, rareMissing, periodMissing };
}

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_WORD = "(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?";
const DAY_IN_QUESTION = new RegExp(`\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "gi");

interface Day {
  month: number;
  day: number;
  year?: number;
  phrase: string;
}

/** Calendar days the question names ("October 26, 1987", "May 10"). */
export function daysIn(text: string): Day[] {
  return [...text.matchAll(DAY_IN_QUESTION)].map((m) => ({
    month: MONTH_NAMES.findIndex((n) => n.startsWith(m[1]!.toLowerCase().slice(0, 3))),
    day: Number(m[2]),
    ...(m[3] ? { year: Number(m[3]) } : {}),
    phrase: m[0],
  }));
}

function sameDay(iso: string, d: Day): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return Boolean(m) && Number(m![2]) === d.month + 1 && Number(m![3]) === d.day && (d.year === undefined || Number(m![1]) === d.year);
}

/** Whether a text names the day: its month (in full or short) followed by its number. */
function mentionsDay(text: string, d: Day): boolean {
  return daysIn(text).some((x) => x.month === d.month && x.day === d.day && (d.year === undefined || x.year === undefined || x.year === d.year));
}

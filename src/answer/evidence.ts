/**
 * What the chosen evidence supports of the question: the signals the abstention decision weighs.
 * The question's names, figures, rare terms and period are looked for in the chosen sentences and
 * their articles, not in the corpus at large: a name some other article mentions does not make the
 * cited one an answer.
 */
import type { BriefingIndex } from "../index/store.js";
import type { Retrieval } from "../retrieval/types.js";
import { aliasesOf } from "../text/aliases.js";
import { contentTerms, specificTerms, tokenize } from "../text/terms.js";
import type { Candidate } from "./select.js";
import { ArticleTerms } from "./article-terms.js";
import { articleWindows, has } from "./term-presence.js";
import { answerType, supplies } from "./answer-type.js";
import { countedThing, daysIn, focusTerms, mentionsDay, sameDay } from "./question-focus.js";
import { articleMatch } from "./article-match.js";

export { countedThing, focusTerms } from "./question-focus.js";

/** The features, in the order the fitted weights use (src/answer/abstention-weights.json). */
export const FEATURES = [
  "sentCov", "chosenCov", "articleCov", "nameCov", "figureCov", "rareMiss", "sim", "period", "bm25Margin",
  // The best sentence judged on its own and with its neighbours (the sentence before and after it):
  "sentOwn", "winCov", "winNameCov", "winRareMiss", "lowerCov", "lowerWinCov", "lowerArtCov",
  "typeTop", "typeWin", "agree", "bm25Norm", "missCount", "novelty", "winFigureCov", "focusWin", "focusArt", "concentration", "bm25TopArticle", "countedWin", "nameNear",
  // Where in the best article the question's terms come together (articleWindows): the best three-sentence
  // window's share, how much of the article's share never meets in one window, and the question's ordinary
  // words (the asked relation or thing) in the window where its names meet.
  "coWin", "spread", "relNear",
  // The best sentence's similarity against the rest of what was retrieved: above the mean of every
  // retrieved sentence, and above the best sentence of any other article (a neighbouring story's).
  "simPeak", "simOther",
  // The best article against the other retrieved ones, over the question's terms the corpus has (article-match.ts).
  "artKnown", "artMargin", "artSpread", "rareKnown", "rareMargin",
] as const;
export type Feature = (typeof FEATURES)[number];
/** The features that need no sentence vectors: the lexical-only operating point. */
export const LEXICAL_FEATURES: Feature[] = FEATURES.filter((f) => f !== "sim" && f !== "agree" && f !== "simPeak" && f !== "simOther");

export interface Evidence {
  features: Record<Feature, number>;
  /** The question's names (under every alias) that no chosen article mentions. */
  namesMissing: string[];
  /** The question's figures that no chosen article holds. */
  figuresMissing: string[];
  /** The question's figures missing from the best sentence and its neighbours ("2006" of "the 2006 World Cup"). */
  figuresFar: string[];
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
  // A decision asks this of the same question three times: the last answer is kept (a copy handed out).
  if (lastNames?.question !== question) lastNames = { question, names: specificTerms(question).filter((t) => !/\d/.test(t) && !MONTH_OR_DAY.test(t)) };
  return [...lastNames.names];
}
let lastNames: { question: string; names: string[] } | undefined;

/** Figures the question holds, one token each ("1,000" → "1000"); years of a period excluded by the caller. */
export function figuresOf(question: string): string[] {
  return [...new Set(tokenize(question).filter((t) => /\d/.test(t)))];
}

const articleCache = new WeakMap<BriefingIndex, Map<string, ArticleTerms>>();

/** An article's title and text as the decision asks about them (article-terms.ts: read from the index, not the text). */
export function articleWords(index: BriefingIndex, id: string): ArticleTerms {
  let byId = articleCache.get(index);
  if (!byId) articleCache.set(index, (byId = new Map()));
  let words = byId.get(id);
  if (!words) {
    if (byId.size > 5000) byId.clear(); // bounded: a long chat touches many articles
    byId.set(id, (words = new ArticleTerms(index, id)));
  }
  return words;
}

/** Whether an article (title and text) names every one of `names`, under aliases or a one-letter slip. */
export function namesAll(index: BriefingIndex, articleId: string, names: string[], typo: (word: string) => boolean): boolean {
  const terms = articleWords(index, articleId);
  return names.every((n) => contentTerms(n).every((t) => has(terms, t)) || tokenize(n).every(typo));
}

/**
 * Whether a chosen sentence, with the sentence before and after it and its article's title, names
 * every one of `names`: where a figure is given, the question's names must be ("the 300 mln dlrs
 * Pacific Western paid for CP Air" is no price for Wardair).
 */
export function namesNear(index: BriefingIndex, c: Candidate, names: string[], typo: (word: string) => boolean, question = ""): boolean {
  if (!names.length) return true;
  const article = articleWords(index, c.passage.articleId);
  const span = windowOf(index, c);
  const text = `${index.articles.get(c.passage.articleId)?.title ?? ""}\n${index.articleText(c.passage.articleId, span.from, span.to)}`;
  const terms = new Set(contentTerms(text));
  // "IPCC" beside "the Intergovernmental Panel on Climate Change".
  const acronym = (n: string) =>
    /^[A-Z]{2,6}$/.test(n) &&
    [...text.matchAll(/\p{Lu}[\p{L}'’-]*(?:[ \t]+(?:(?:of|on|for|and|the|de)[ \t]+)?\p{Lu}[\p{L}'’-]*)+/gu)].some((m) => m[0].split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join("").includes(n));
  const beside = (n: string) => contentTerms(n).every((t) => has(terms, t)) || tokenize(n).every(typo) || acronym(n);
  const escape = (n: string) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // A person named in full once is "Mr Brown" after: "Gordon" of "Gordon Brown" may be elsewhere in the article.
  const partner = (n: string) => names.some((m) => m !== n && beside(m) && new RegExp(`\\b(?:${escape(n)}\\s+${escape(m)}|${escape(m)}\\s+${escape(n)})\\b`, "i").test(question));
  return names.every((n) => beside(n) || (contentTerms(n).every((t) => has(article, t)) && partner(n)));
}

/**
 * The evidence's signals. `asked` is the question without a period the retrieval already
 * satisfied by article dates. `typo` tells a one-letter slip of a word in the passages ("Krugmen").
 */
export function weighEvidence(index: BriefingIndex, asked: string, chosen: Candidate[], retrieval: Retrieval | undefined, typo: (word: string) => boolean): Evidence {
  const top = chosen[0];
  const articles = [...new Set(chosen.map((c) => c.passage.articleId))];
  const words = articles.map((id) => articleWords(index, id));
  const anyTerm = (t: string) => words.some((w) => has(w, t));
  const none: ReadonlySet<string> = new Set<string>();
  const topWords = top ? articleWords(index, top.passage.articleId) : null;
  const topTerms = topWords ?? none;
  const topToken = (t: string) => topWords?.hasToken(t) ?? false;

  const qTerms = [...new Set(contentTerms(asked))];
  const weight = new Map(qTerms.map((t) => [t, index.lexical.idf(t)]));
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const share = (present: (t: string) => boolean) => qTerms.reduce((n, t) => n + (present(t) ? weight.get(t)! : 0), 0) / total;
  const chosenTerms = once(() => new Set(chosen.flatMap((c) => contentTerms(c.text))));

  const names = namesOf(asked);
  const namesMissing = names.filter((n) => contentTerms(n).some((t) => !anyTerm(t)) && !tokenize(n).every(typo));
  const namesInTop = once(() => names.filter((n) => contentTerms(n).every((t) => has(topTerms, t)) || tokenize(n).every(typo)));

  const d = retrieval?.dates;
  const periodWords = new Set(d?.phrase ? tokenize(d.phrase) : []);
  const figures = figuresOf(asked).filter((f) => !periodWords.has(f));
  const figuresMissing = figures.filter((f) => !words.some((w) => w.hasToken(f)));
  const figuresInTop = once(() => figures.filter((f) => topToken(f)));

  // The rarest term the best article lacks, against the rarest the corpus can have.
  const maxIdf = Math.log(1 + (index.passages.size + 0.5) / 0.5) || 1;
  const lacking = qTerms.filter((t) => !has(topTerms, t) && !/\d/.test(t)).sort((a, b) => weight.get(b)! - weight.get(a)!);
  const rareMissing = lacking[0] ?? null;

  // A period: satisfied by an article dated inside it (the retrieval kept only those), else by its words.
  let periodOk = 1;
  let periodMissing: string | null = null;
  if (d?.phrase && (d.from || d.to)) {
    const byDate = !d.ignored;
    // (Read only when no date satisfies it: the article's text is not read otherwise.)
    if (!byDate && ![...periodWords].every((w) => topToken(w))) {
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

  // The best sentence with its neighbours: a sentence goes on about what the one before it named.
  const sentence = top?.text ?? "";
  const span = top ? windowOf(index, top) : null;
  const window = span ? topWords!.textBetween(span.from, span.to) : "";
  // A calendar day's numbers ("the week ended February 22") are checked against dates below, not here.
  const dayWords = new Set(daysIn(asked).flatMap((d) => tokenize(d.phrase)));
  const winTokens = figures.length ? new Set(tokenize(window)) : null; // only a figure is looked for as written
  const figuresFar = figures.filter((f) => !winTokens!.has(f) && !dayWords.has(f));

  // What follows feeds the features alone, each worked out when first read (lazyFeatures).
  const bm = once(() => (retrieval?.passages ?? []).map((p) => p.bm25 ?? 0).sort((a, b) => b - a));
  const sentTerms = once(() => new Set(contentTerms(sentence)));
  const winTerms = once(() => new Set(contentTerms(window)));
  const nameTerms = once(() => new Set(names.flatMap((n) => contentTerms(n))));
  // The question's ordinary words: the relation, modifier and asked-about thing ("national mammal", "bid").
  const lower = once(() => qTerms.filter((t) => !nameTerms().has(t) && !/\d/.test(t)));
  const lowerShare = (terms: ReadonlySet<string> | ArticleTerms) => {
    const lowerTotal = lower().reduce((n, t) => n + weight.get(t)!, 0);
    return lowerTotal ? lower().reduce((n, t) => n + (has(terms, t) ? weight.get(t)! : 0), 0) / lowerTotal : 1;
  };
  const winLacking = once(() => qTerms.filter((t) => !has(winTerms(), t) && !/\d/.test(t)).sort((a, b) => weight.get(b)! - weight.get(a)!));
  const type = once(() => answerType(asked));
  const passages = retrieval?.passages ?? [];
  const ranked = (key: "dense" | "bm25") => passages.filter((p) => p[key] !== undefined).sort((a, b) => b[key]! - a[key]!).slice(0, 3);
  const inTop3 = (key: "dense" | "bm25") => Boolean(top) && ranked(key).some((p) => p.articleId === top!.passage.articleId);
  const titleTerms = once(() => new Set(contentTerms(top ? (index.articles.get(top.passage.articleId)?.title ?? "") : "")));
  const focus = once(() => focusTerms(asked).filter((t) => !nameTerms().has(t)));
  const windows = once(() => (topWords ? articleWindows(topWords, qTerms.filter((t) => !/\d/.test(t) || !periodWords.has(t)).map((t) => ({ t, w: weight.get(t)!, name: nameTerms().has(t) }))) : { coWin: 0, relNear: 0 }));
  const articleShare = once(() => share((t) => has(topTerms, t)));
  const sims = (of: (p: (typeof passages)[number]) => boolean) => passages.filter(of).flatMap((p) => p.sentenceSims.map((x) => x.sim)).filter(Number.isFinite);
  const topSim = top && Number.isFinite(top.sim) ? top.sim : 0;
  const matched = once(() => articleMatch(index, qTerms.filter((t) => !periodWords.has(t)), chosen, (id) => articleWords(index, id), has));
  const features = lazyFeatures({
    sentCov: () => top?.lexical ?? 0,
    chosenCov: () => share((t) => has(chosenTerms(), t)),
    articleCov: articleShare,
    nameCov: () => (names.length ? namesInTop().length / names.length : 1),
    figureCov: () => (figures.length ? figuresInTop().length / figures.length : 1),
    rareMiss: () => (rareMissing ? weight.get(rareMissing)! / maxIdf : 0),
    sim: () => top?.sim ?? 0,
    period: () => periodOk,
    bm25Margin: () => (bm()[0] ? (bm()[0]! - (bm()[1] ?? 0)) / bm()[0]! : 0),
    sentOwn: () => share((t) => has(sentTerms(), t)),
    winCov: () => share((t) => has(winTerms(), t)),
    winNameCov: () => (names.length ? names.filter((n) => contentTerms(n).every((t) => has(winTerms(), t)) || tokenize(n).every(typo)).length / names.length : 1),
    winRareMiss: () => (winLacking()[0] ? weight.get(winLacking()[0]!)! / maxIdf : 0),
    lowerCov: () => lowerShare(sentTerms()),
    lowerWinCov: () => lowerShare(winTerms()),
    lowerArtCov: () => lowerShare(topTerms),
    typeTop: () => { const t = type(); return t === null ? 1 : Number(supplies(t, asked, sentence)); },
    typeWin: () => { const t = type(); return t === null ? 1 : Number(supplies(t, asked, window)); },
    agree: () => Number(inTop3("dense") && inTop3("bm25")),
    bm25Norm: () => Math.min(1, (bm()[0] ?? 0) / (qTerms.reduce((n, t) => n + weight.get(t)!, 0) || 1)),
    missCount: () => Math.min(3, lacking.length) / 3,
    novelty: () => {
      const askedTerms = new Set(qTerms.flatMap((t) => aliasesOf(t)));
      const own = [...sentTerms()];
      return own.length ? own.filter((t) => !askedTerms.has(t)).length / own.length : 0;
    },
    countedWin: () => { const counted = countedThing(asked); return counted ? Number(has(winTerms(), counted)) : 1; },
    nameNear: () => (names.length ? names.filter((n) => contentTerms(n).every((t) => has(winTerms(), t) || has(titleTerms(), t)) || tokenize(n).every(typo)).length / names.length : 1),
    concentration: () => (passages.length && top ? passages.filter((p) => p.articleId === top.passage.articleId).length / passages.length : 0),
    bm25TopArticle: () => Number(Boolean(top) && ranked("bm25")[0]?.articleId === top!.passage.articleId),
    focusWin: () => (focus().length ? focus().filter((t) => has(winTerms(), t)).length / focus().length : 1),
    focusArt: () => (focus().length ? focus().filter((t) => has(topTerms, t)).length / focus().length : 1),
    winFigureCov: () => (figures.length ? (figures.length - figuresFar.length) / figures.length : 1),
    coWin: () => windows().coWin,
    spread: () => Math.max(0, articleShare() - windows().coWin),
    relNear: () => windows().relNear,
    simPeak: () => { const all = sims(() => true); return all.length ? topSim - all.reduce((a, b) => a + b, 0) / all.length : 0; },
    simOther: () => { const other = sims((p) => p.articleId !== top?.passage.articleId); return other.length ? topSim - Math.max(...other) : 0; },
    artKnown: () => matched().artKnown,
    artMargin: () => matched().artMargin,
    artSpread: () => matched().artSpread,
    rareKnown: () => matched().rareKnown,
    rareMargin: () => matched().rareMargin,
  });
  return { features, namesMissing, figuresMissing, figuresFar, rareMissing, periodMissing };
}

/** A value worked out on first use and kept. */
function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) [made, value] = [true, make()];
    return value;
  };
}

/**
 * The features as a record whose values are worked out when first read, in the order given (JSON keeps
 * it): the shipped model reads a few of them, and calibration and `--json` read them all, with the same
 * values. BBC: working out every feature for every question was most of the decision's evidence cost.
 */
function lazyFeatures(make: Record<Feature, () => number>): Record<Feature, number> {
  const features = {} as Record<Feature, number>;
  for (const f of Object.keys(make) as Feature[]) {
    const value = once(make[f]);
    Object.defineProperty(features, f, { enumerable: true, get: value });
  }
  return features;
}

/** Where the best sentence with the sentence before and after it in its article starts and ends in the article's text. */
export function windowOf(index: BriefingIndex, c: Candidate): { from: number; to: number } {
  const segments = index.passagesOf(c.passage.articleId).flatMap((p) => p.sentences);
  let from = c.start;
  let to = c.end;
  let before = -1;
  let after = Infinity;
  for (const s of segments) {
    if (s.end <= c.start && s.start > before) before = s.start;
    if (s.start >= c.end && s.end < after) after = s.end;
  }
  if (before >= 0) from = before;
  if (Number.isFinite(after)) to = after;
  return { from, to };
}

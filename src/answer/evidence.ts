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
import { ArticleTerms } from "./article-terms.js";
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
  return specificTerms(question).filter((t) => !/\d/.test(t) && !MONTH_OR_DAY.test(t));
}

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

const sentenceCache = new WeakMap<BriefingIndex, Map<string, Set<string>[]>>();

/** The terms of each of an article's sentences, in order, computed once per index and article. */
function sentenceTerms(index: BriefingIndex, id: string): Set<string>[] {
  let byId = sentenceCache.get(index);
  if (!byId) sentenceCache.set(index, (byId = new Map()));
  const words: { sentences?: Set<string>[] } = { sentences: byId.get(id) };
  if (!words.sentences) {
    if (byId.size > 5000) byId.clear();
    const spans = index.passagesOf(id).flatMap((p) => p.sentences).sort((a, b) => a.start - b.start);
    const seen = new Set<number>();
    words.sentences = spans.filter((s) => !seen.has(s.start) && seen.add(s.start)).map((s) => new Set(contentTerms(index.articleText(id, s.start, s.end))));
    const title = index.articles.get(id)?.title;
    // The title heads the first window: a story's headline names what its first sentences go on about.
    if (title && words.sentences.length) words.sentences[0] = new Set([...words.sentences[0]!, ...contentTerms(title)]);
    byId.set(id, words.sentences);
  }
  return words.sentences;
}

/**
 * Where an article's sentences bring the question's terms together: over every window of three
 * consecutive sentences, the best share of the question's weight (`coWin`), and, among the windows
 * holding as many of the question's names as any window does, the best share of its ordinary words
 * (`relNear`: "national mammal", "acceptance speech", "paid for" said where the names are).
 * A neighbouring story shares the names and many words, but spread over it, not in one place.
 */
export function articleWindows(index: BriefingIndex, id: string, present: (terms: ReadonlySet<string>, t: string) => boolean, weighted: { t: string; w: number; name: boolean }[]): { coWin: number; relNear: number } {
  const sentences = sentenceTerms(index, id);
  const total = weighted.reduce((n, x) => n + x.w, 0) || 1;
  const lowerTotal = weighted.reduce((n, x) => n + (x.name ? 0 : x.w), 0);
  let coWin = 0;
  let bestNames = -1;
  let relNear = lowerTotal ? 0 : 1;
  // Each term looked up once per sentence; a window is the union of three rows.
  const rows = sentences.map((s) => weighted.map((x) => present(s, x.t)));
  for (let i = 0; i < Math.max(1, sentences.length - 2); i++) {
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
function has(terms: ReadonlySet<string> | ArticleTerms, t: string): boolean {
  if (aliasesOf(t).some((a) => terms.has(a))) return true;
  if (t.length < 4 || /\d/.test(t)) return false;
  // Another form shares the first four letters: an article offers just those (article-terms.ts).
  if (terms instanceof ArticleTerms) return terms.holdsNear(t, (x) => sameName(t, x));
  for (const x of terms) if (sameName(t, x)) return true; // no copy of the set: this runs per term per article
  return false;
}

function sameName(a: string, b: string): boolean {
  // Both ways below need the first four letters shared: tested first, as most pairs differ there.
  if (b.length < 4 || a.charCodeAt(0) !== b.charCodeAt(0) || a.charCodeAt(1) !== b.charCodeAt(1) || a.charCodeAt(2) !== b.charCodeAt(2) || a.charCodeAt(3) !== b.charCodeAt(3) || /\d/.test(b)) return false;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n >= 4 && n >= Math.min(a.length, b.length) - 1 ? true : n >= 5 && n >= 0.6 * Math.min(a.length, b.length);
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
  const text = `${index.articles.get(c.passage.articleId)?.title ?? ""}\n${windowOf(index, c)}`;
  const terms = new Set(contentTerms(text));
  const article = articleWords(index, c.passage.articleId);
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
  const weight = new Map(qTerms.map((t) => [t, index.idf(t)]));
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const share = (present: (t: string) => boolean) => qTerms.reduce((n, t) => n + (present(t) ? weight.get(t)! : 0), 0) / total;
  const chosenTerms = new Set(chosen.flatMap((c) => contentTerms(c.text)));

  const names = namesOf(asked);
  const namesMissing = names.filter((n) => contentTerms(n).some((t) => !anyTerm(t)) && !tokenize(n).every(typo));
  const namesInTop = names.filter((n) => contentTerms(n).every((t) => has(topTerms, t)) || tokenize(n).every(typo));

  const d = retrieval?.dates;
  const periodWords = new Set(d?.phrase ? tokenize(d.phrase) : []);
  const figures = figuresOf(asked).filter((f) => !periodWords.has(f));
  const figuresMissing = figures.filter((f) => !words.some((w) => w.hasToken(f)));
  const figuresInTop = figures.filter((f) => topToken(f));

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

  const bm = (retrieval?.passages ?? []).map((p) => p.bm25 ?? 0).sort((a, b) => b - a);
  // The best sentence with its neighbours: a sentence goes on about what the one before it named.
  const sentence = top?.text ?? "";
  const window = top ? windowOf(index, top) : "";
  const sentTerms = new Set(contentTerms(sentence));
  const winTerms = new Set(contentTerms(window));
  const winTokens = new Set(tokenize(window));
  const nameTerms = new Set(names.flatMap((n) => contentTerms(n)));
  // The question's ordinary words: the relation, modifier and asked-about thing ("national mammal", "bid").
  const lower = qTerms.filter((t) => !nameTerms.has(t) && !/\d/.test(t));
  const lowerTotal = lower.reduce((n, t) => n + weight.get(t)!, 0);
  const lowerShare = (terms: ReadonlySet<string> | ArticleTerms) => (lowerTotal ? lower.reduce((n, t) => n + (has(terms, t) ? weight.get(t)! : 0), 0) / lowerTotal : 1);
  const winLacking = qTerms.filter((t) => !has(winTerms, t) && !/\d/.test(t)).sort((a, b) => weight.get(b)! - weight.get(a)!);
  const namesInWin = names.filter((n) => contentTerms(n).every((t) => has(winTerms, t)) || tokenize(n).every(typo));
  const type = answerType(asked);
  const ranked = (key: "dense" | "bm25") => (retrieval?.passages ?? []).filter((p) => p[key] !== undefined).sort((a, b) => b[key]! - a[key]!).slice(0, 3);
  const inTop3 = (key: "dense" | "bm25") => Boolean(top) && ranked(key).some((p) => p.articleId === top!.passage.articleId);
  const idfSum = qTerms.reduce((n, t) => n + weight.get(t)!, 0) || 1;
  const askedTerms = new Set(qTerms.flatMap((t) => aliasesOf(t)));
  const own = [...sentTerms];
  const passages = retrieval?.passages ?? [];
  const counted = countedThing(asked);
  const titleTerms = new Set(contentTerms(top ? (index.articles.get(top.passage.articleId)?.title ?? "") : ""));
  // A calendar day's numbers ("the week ended February 22") are checked against dates below, not here.
  const dayWords = new Set(daysIn(asked).flatMap((d) => tokenize(d.phrase)));
  const figuresFar = figures.filter((f) => !winTokens.has(f) && !dayWords.has(f));
  const focus = focusTerms(asked).filter((t) => !nameTerms.has(t));
  const windows = top ? articleWindows(index, top.passage.articleId, has, qTerms.filter((t) => !/\d/.test(t) || !periodWords.has(t)).map((t) => ({ t, w: weight.get(t)!, name: nameTerms.has(t) }))) : { coWin: 0, relNear: 0 };
  const articleShare = share((t) => has(topTerms, t));
  const sims = passages.flatMap((p) => p.sentenceSims.map((x) => x.sim)).filter(Number.isFinite);
  const otherSims = passages.filter((p) => p.articleId !== top?.passage.articleId).flatMap((p) => p.sentenceSims.map((x) => x.sim)).filter(Number.isFinite);
  const topSim = top && Number.isFinite(top.sim) ? top.sim : 0;
  const features: Record<Feature, number> = {
    sentCov: top?.lexical ?? 0,
    chosenCov: share((t) => has(chosenTerms, t)),
    articleCov: articleShare,
    nameCov: names.length ? namesInTop.length / names.length : 1,
    figureCov: figures.length ? figuresInTop.length / figures.length : 1,
    rareMiss: rareMissing ? weight.get(rareMissing)! / maxIdf : 0,
    sim: top?.sim ?? 0,
    period: periodOk,
    bm25Margin: bm[0] ? (bm[0] - (bm[1] ?? 0)) / bm[0] : 0,
    sentOwn: share((t) => has(sentTerms, t)),
    winCov: share((t) => has(winTerms, t)),
    winNameCov: names.length ? namesInWin.length / names.length : 1,
    winRareMiss: winLacking[0] ? weight.get(winLacking[0])! / maxIdf : 0,
    lowerCov: lowerShare(sentTerms),
    lowerWinCov: lowerShare(winTerms),
    lowerArtCov: lowerShare(topTerms),
    typeTop: type === null ? 1 : Number(supplies(type, asked, sentence)),
    typeWin: type === null ? 1 : Number(supplies(type, asked, window)),
    agree: Number(inTop3("dense") && inTop3("bm25")),
    bm25Norm: Math.min(1, (bm[0] ?? 0) / idfSum),
    missCount: Math.min(3, lacking.length) / 3,
    novelty: own.length ? own.filter((t) => !askedTerms.has(t)).length / own.length : 0,
    countedWin: counted ? Number(has(winTerms, counted)) : 1,
    nameNear: names.length ? names.filter((n) => contentTerms(n).every((t) => has(winTerms, t) || has(titleTerms, t)) || tokenize(n).every(typo)).length / names.length : 1,
    concentration: passages.length && top ? passages.filter((p) => p.articleId === top.passage.articleId).length / passages.length : 0,
    bm25TopArticle: Number(Boolean(top) && ranked("bm25")[0]?.articleId === top!.passage.articleId),
    focusWin: focus.length ? focus.filter((t) => has(winTerms, t)).length / focus.length : 1,
    focusArt: focus.length ? focus.filter((t) => has(topTerms, t)).length / focus.length : 1,
    winFigureCov: figures.length ? (figures.length - figuresFar.length) / figures.length : 1,
    coWin: windows.coWin,
    spread: Math.max(0, articleShare - windows.coWin),
    relNear: windows.relNear,
    simPeak: sims.length ? topSim - sims.reduce((a, b) => a + b, 0) / sims.length : 0,
    simOther: otherSims.length ? topSim - Math.max(...otherSims) : 0,
    ...articleMatch(index, qTerms.filter((t) => !periodWords.has(t)), chosen, (id) => articleWords(index, id), has),
  };
  return { features, namesMissing, figuresMissing, figuresFar, rareMissing, periodMissing };
}

/** The best sentence with the sentence before and after it in its article. */
export function windowOf(index: BriefingIndex, c: Candidate): string {
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
  return index.articleText(c.passage.articleId, from, to);
}

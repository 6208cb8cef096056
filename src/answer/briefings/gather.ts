import { dot, unitMean } from "../../embedding/vectors.js";
import type { SegmentKind } from "../../index/passage.js";
import type { BriefingIndex } from "../../index/store.js";
import { retrieve, type Retrieval, type RetrieverKind } from "../../retrieval/hybrid.js";
import { aliasesOf } from "../../text/aliases.js";
import { subjectNameTerms } from "../../text/names.js";
import { contentTerms } from "../../text/terms.js";
import { articleCentrality } from "./centrality.js";
import { holdsMisspelt } from "./spelling.js";

/** A sentence of an article about the subject, with what the briefings rank and group it by. */
export interface SubjectSentence {
  articleId: string;
  start: number;
  end: number;
  text: string;
  terms: string[];
  vector: Float32Array;
  date: string | null;
  /** 0 for the article's lead: a wire story's first sentence is its news. */
  position: number;
  /** How well it covers the subject (centrality, its article's centrality, closeness to the question, share of the subject's terms). */
  score: number;
  /** The score's parts, each unweighted: what the overview's key-point model (keypoints.ts) reads. */
  parts?: ScoreParts;
}

export interface ScoreParts {
  /** Closeness to the centroid of the subject's sentences. */
  central: number;
  /** Closeness to the question's subject. */
  asked: number;
  /** Share of the subject's term weight the sentence holds. */
  share: number;
  /** Its article's centrality among the subject's articles, 0–1. */
  article: number;
}

export interface Subject {
  /** The subject's articles, best first. */
  articles: string[];
  sentences: SubjectSentence[];
  /** The newest article date in the whole archive (what "this week" and "the latest" are relative to). */
  newest: string | null;
  retrieval: Retrieval;
}

/** Words that frame a subject rather than name it ("the takeover battle for X"). */
const FRAME = new Set("battle fight contest war bidding saga situation affair story developments development matter case brief briefing summary overview timeline".split(" ").flatMap((w) => contentTerms(w)));
/** Share of the subject's term weight an article must hold, and of its names' weight. */
const MIN_COVERAGE = 0.5;
const MIN_NAMES = 0.6;
const NAMED_COVERAGE = 0.2;
/** Candidate articles looked at (by whole-article BM25, plus those the hybrid retrieval finds). */
const CANDIDATES = 80;
/** Most articles a briefing draws on: enough for a months-long takeover battle, bounded for speed. */
const MAX_ARTICLES = 60;

/** Each article's terms (title and text), tokenised once per loaded index rather than on every question. */
const termCache = new WeakMap<BriefingIndex, Map<string, Set<string>>>();
function articleTerms(index: BriefingIndex, id: string, hash: string, title: string): Set<string> {
  let cache = termCache.get(index);
  if (!cache) termCache.set(index, (cache = new Map()));
  // Keyed by content too: an article changed by a refresh of the same index is read again.
  const key = `${id}\u0000${hash}`;
  let set = cache.get(key);
  if (!set) cache.set(key, (set = new Set([...contentTerms(title), ...index.passagesOf(id).flatMap((p) => contentTerms(p.text))])));
  return set;
}

/**
 * The articles about a subject and their sentences: whole-article BM25 and the usual hybrid retrieval
 * propose candidates; an article counts when it holds most of the subject's term weight and its names.
 * `within` leaves out articles dated outside the bounds.
 */
export async function gatherSubject(
  index: BriefingIndex,
  queryVector: Float32Array,
  subject: string,
  opts: { retriever: RetrieverKind; within?: { from?: string; to?: string } },
): Promise<Subject> {
  const terms = [...new Set(contentTerms(subject))].filter((t) => !FRAME.has(t));
  const weight = new Map(terms.map((t) => [t, index.lexical.idf(t)] as [string, number]));
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const names = subjectNameTerms(subject).filter((t) => !FRAME.has(t));
  const titled = (title: string) => names.some((t) => holds(new Set(contentTerms(title)), t));
  const nameTotal = names.reduce((a, t) => a + (weight.get(t) ?? index.lexical.idf(t)), 0) || 1;
  const nameSet = new Set(names);
  // A name the wire misspelt still names the subject (spelling.ts): looked for only when the name is absent.
  const holds = (set: Set<string>, t: string) => aliasesOf(t).some((a) => set.has(a)) || (nameSet.has(t) && holdsMisspelt(set, t));
  const within = opts.within ?? {};
  // An undated article may fall in any period: it stays, and a timeline lists it apart.
  const inPeriod = (date: string | null) => date === null || ((!within.from || date >= within.from) && (!within.to || date <= within.to));

  const retrieval = await retrieve(index, queryVector, subject, { k: 20, kind: opts.retriever, perArticle: 1 });
  const candidates = new Map<string, number>();
  retrieval.passages.forEach((p, i) => candidates.set(p.articleId, Math.min(candidates.get(p.articleId) ?? Infinity, i)));
  const query = terms.join(" ");
  if (query && opts.retriever !== "dense") {
    index.lexical.articleSearch(query, CANDIDATES).forEach((h, i) => {
      const id = h.articleId;
      if (id && !candidates.has(id)) candidates.set(id, i + 0.5);
    });
  }

  const kept: { id: string; rank: number; coverage: number }[] = [];
  for (const [id, rank] of candidates) {
    const entry = index.articles.get(id);
    if (!entry || !inPeriod(entry.date)) continue;
    const set = articleTerms(index, id, entry.hash, entry.title);
    const coverage = terms.reduce((a, t) => a + (holds(set, t) ? weight.get(t)! : 0), 0) / total;
    const named = names.length ? names.reduce((a, t) => a + (holds(set, t) ? (weight.get(t) ?? index.lexical.idf(t)) : 0), 0) / nameTotal : 1;
    // An article naming everyone the subject names needs fewer of its other words ("relations").
    // A headline naming the subject makes the article about it, however small the corpus (its IDF unreliable).
    const enough = names.length && named >= 0.999 ? (titled(entry.title) ? 0 : NAMED_COVERAGE) : MIN_COVERAGE;
    if (coverage >= enough && named >= MIN_NAMES) kept.push({ id, rank, coverage });
  }
  kept.sort((a, b) => b.coverage - a.coverage || a.rank - b.rank);
  const articles = kept.slice(0, MAX_ARTICLES).map((a) => a.id);

  const sentences: SubjectSentence[] = [];
  for (const id of articles) sentences.push(...cachedSentences(index, id));
  score(sentences, queryVector, (s) => {
    const set = new Set(s.terms);
    return terms.reduce((a, t) => a + (holds(set, t) ? weight.get(t)! : 0), 0) / total;
  });
  let newest: string | null = null;
  for (const a of index.articles.values()) if (a.date && (!newest || a.date > newest)) newest = a.date;
  return { articles, sentences, newest, retrieval };
}

/** Whether a line segmented as a heading runs on into the next segment (a wrapped line of wire copy). */
function runsOn(line: string, gap: string, next: string): boolean {
  return !/[.!?:;]["'”’)]*\s*$/.test(line) && !/\n\s*\n/.test(gap) && (/^\s*[\p{Ll}<(]/u.test(next) || /^\s*\n\s*$/.test(gap));
}

/** Sentences read per article: a wire story tells its news first; the rest is background. */
const PER_ARTICLE = 10;

/** Weights of a sentence's score parts. */
const CENTRAL = 0.5;
const ASKED = 0.3;
const ON_SUBJECT = 0.4;
const LEAD = 0.12;
/**
 * Weight of the article's centrality among the subject's articles (centrality.ts): without it the
 * key points went to side stories from the story's busy days. Chosen on the dev subjects (key-point
 * recall 0 → 0.667, 0.2 → 0.800, 0.3 → 0.800, 0.4 → 0.800; timeline events 0.733 → 0.807 at 0.3).
 */
const ARTICLE = 0.3;

function score(sentences: SubjectSentence[], query: Float32Array, share: (s: SubjectSentence) => number): void {
  if (!sentences.length) return;
  const centroid = unitMean(sentences.map((s) => s.vector), sentences[0].vector.length);
  const central = articleCentrality(sentences);
  for (const s of sentences) {
    const parts = { central: dot(centroid, s.vector), asked: dot(query, s.vector), share: share(s), article: central.get(s.articleId) ?? 0 };
    s.parts = parts;
    s.score = CENTRAL * parts.central + ASKED * parts.asked + ON_SUBJECT * parts.share + (s.position === 0 ? LEAD : 0) + ARTICLE * parts.article;
  }
}

/** Each article's sentences (text, terms, vector), read once per loaded index: only their scores are per question. */
const sentenceCache = new WeakMap<BriefingIndex, Map<string, SubjectSentence[]>>();
function cachedSentences(index: BriefingIndex, id: string): SubjectSentence[] {
  let cache = sentenceCache.get(index);
  if (!cache) sentenceCache.set(index, (cache = new Map()));
  // Keyed by content too: an article changed by a refresh of the same index is read again.
  const key = `${id}\u0000${index.articles.get(id)?.hash ?? ""}`;
  let list = cache.get(key);
  if (!list) cache.set(key, (list = articleSentences(index, id)));
  return list.map((x) => ({ ...x, score: 0 }));
}

/**
 * An article's prose sentences in order, once each; fragments, headings and sign-offs left out. A
 * wire story's first line can be segmented as a heading ("Gencorp Inc said its board urged" | "shareholders
 * to reject…"): a heading without final punctuation followed by a lower-case sentence is read as its start.
 */
function articleSentences(index: BriefingIndex, articleId: string): SubjectSentence[] {
  const spans: { start: number; end: number; kind: SegmentKind; vector: Float32Array }[] = [];
  const seen = new Set<number>();
  const date = index.articles.get(articleId)?.date ?? null;
  for (const p of index.passagesOf(articleId)) {
    p.sentences.forEach((s, i) => {
      if (seen.has(s.start)) return;
      seen.add(s.start);
      spans.push({ start: s.start, end: s.end, kind: s.kind, vector: index.sentenceVector(p, i) });
    });
  }
  spans.sort((a, b) => a.start - b.start);
  const out: SubjectSentence[] = [];
  for (let i = 0; i < spans.length; i++) {
    let { start, end, kind, vector } = spans[i];
    // Wire copy breaks its lines anywhere: a "heading" with no final punctuation that runs on after a
    // single line break (no blank line) is the start of the sentence that follows, not a heading.
    // Likewise a sentence cut at an abbreviation ("…AFG Industries Inc" | "<AFG> and Wagner…") runs on.
    while ((kind === "heading" || (kind === "sentence" && spans[i + 1]?.kind === "sentence")) && spans[i + 1] && runsOn(index.articleText(articleId, start, end), index.articleText(articleId, end, spans[i + 1].start), index.articleText(articleId, spans[i + 1].start, spans[i + 1].end))) {
      const next = spans[++i];
      ({ end, vector, kind } = next);
    }
    if (kind !== "sentence" && kind !== "bullet") continue;
    const text = index.articleText(articleId, start, end).trim();
    if (text.length < 30 || /:\s*$/.test(text)) continue;
    out.push({ articleId, start, end, text, terms: contentTerms(text), vector, date, position: out.length, score: 0 });
    if (out.length >= PER_ARTICLE) break;
  }
  return out;
}

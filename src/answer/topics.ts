import type { BriefingIndex } from "../index/store.js";
import { isQuoted, type Quote } from "../conversation/turn.js";
import { dot, unitMean } from "../embedding/vectors.js";
import type { Retrieval } from "../retrieval/types.js";
import { aliasesOf } from "../text/aliases.js";
import { newNameTerms } from "../text/names.js";
import { contentTerms, specificTerms } from "../text/terms.js";
import type { Candidate } from "./select.js";
import type { Citation } from "./types.js";

// What was talked about, ending the clause or followed only by when/where/with whom: "discuss the merger" or
// "covered by insurance" asks something else, and "discuss about Gaza" narrows the question to Gaza.
const TALKED = String.raw`(?:discuss(?:ed|es|ing)?|talk(?:ed|s|ing)?\s+(?:about|over)|cover(?:ed|s|ing)?|go(?:ne)?\s+over|went\s+over)`;
// After "what issues…" only: "What did the treaty try to address?" asks for a problem, not topics.
const RAISED = String.raw`(?:${TALKED}|rais(?:e|ed|es)|brought\s+up|address(?:ed|es)?)`;
const TAIL = String.raw`(?=\s*(?:[?.!]|$|\b(?:in|at|during|with|on|when|while|before|after|last|this|yesterday|today|together|recently)\b))`;
const TOPIC_QUESTION = [
  // "What topics did the meeting cover?", "What issues were raised?"
  new RegExp(String.raw`\bwhat\s+(?:(?:other|main|key)\s+)?(?:topics?|issues?|subjects?|matters|themes|areas|questions|points)\b[^?]*\b${RAISED}`, "i"),
  // "What did Austin and Shapps discuss?", "What did they talk about with Lammy?"
  new RegExp(String.raw`\bwhat\s+(?:else\s+)?(?:did|do|does|will|would|could|might|should|has|have|had)\b[^?]*?\b${TALKED}${TAIL}`, "i"),
  // "What was discussed?", but not "What is the smallest region discussed?"
  new RegExp(String.raw`\bwhat\s+(?:else\s+)?(?:was|were|is|are|will\s+be|has\s+been|have\s+been|had\s+been)\s+(?:(?:also|being)\s+)?${TALKED}${TAIL}`, "i"),
  // "Tell me what the leaders discussed."
  new RegExp(String.raw`\b(?:tell\s+me|summari[sz]e|explain|know)\s+what\s+[^?]*?\b(?:discussed|talked\s+(?:about|over)|covered|went\s+over)${TAIL}`, "i"),
  // "What was on the agenda?", "What's on their agenda for the summit?"
  /\bwhat(?:['’]s)?\s+(?:\w+\s+){0,3}on\s+(?:the|their|his|her|its)\s+agenda\b/i,
  // "What were the talks about?", "What was the meeting between Blinken and Lammy about?"
  /\bwhat\s+(?:was|were|is|are)\s+(?:the|their|his|her|its)\s+(?:meeting|talks|discussions?|conversations?|call|summit|visit)\b[^?]*\babout\s*(?:[?.!]|$)/i,
  // "What came up at the meeting?"
  /\bwhat\s+(?:else\s+)?(?:came|comes|will\s+come)\s+up\b/i,
];

/** A question about what was talked about, not about one fact of it: answered with the topics of the subject's article. */
export function isTopicQuestion(question: string): boolean {
  return TOPIC_QUESTION.some((re) => re.test(question));
}

/** The wording of a topic question, which says nothing about its subject. */
const TOPIC_WORDS = new Set(
  "discuss discussion talk topic cover agenda issue subject matter theme area question point raise address meeting meet met conversation come came bring brought go gone went key main other else".split(" ").flatMap((w) => contentTerms(w)),
);

/** Words that report what was talked about ("were also key points of discussion", "set to discuss a range of issues"). */
const TALK_WORDS = new Set("discuss discussion talk agenda issue topic address raise".split(" ").flatMap((w) => contentTerms(w)));

/** Sentences in a one-article briefing; with a second article on the subject, split 3 + 2. */
const PICKS = 5;
/** Weight of a sentence's share of the question's subject terms, beside its closeness to the article's centroid. */
const RELEVANCE = 0.1;
/** Each name a sentence brings (up to 3) marks a concrete topic rather than a framing line ("The narrative of this meeting…"). */
const NAME_BONUS = 0.06;
/** A sentence that reports talk is likelier to say what was discussed than one that describes it. */
const TALK_BONUS = 0.05;
/** MMR trade-off: 1 ranks by score alone, lower values push the picks apart. */
const LAMBDA = 0.7;
/** Share of the subject's term weight the article must hold to be "about" it. */
const MIN_COVERAGE = 0.6;
/** Weight of a follow-up's carried terms relative to the question's own, as in select.ts. */
const CONTEXT_WEIGHT = 0.3;

interface Pick {
  articleId: string;
  start: number;
  end: number;
  vector: Float32Array;
}

/**
 * Briefs the subject's article the way a news summary would: its sentences nearest the article's
 * centroid and the question's subject, picked MMR-style so they cover different topics, in article
 * order. Null when no retrieved article is clearly on the subject (the usual selection and abstention decide).
 * For a "what else?" follow-up, sentences overlapping `quoted` are left out, the subject's articles
 * filling in for each other; empty when they have nothing left to quote. `onSubject` keeps only sentences
 * holding a term of the subject (more on it, not the rest of its article).
 */
export function topicPicks(index: BriefingIndex, question: string, context: string, retrieval: Retrieval, chosen: Candidate[], quoted: readonly Quote[] = [], onSubject = false): Citation[] | null {
  const own = new Set(contentTerms(question).filter((t) => !TOPIC_WORDS.has(t)));
  const carried = contentTerms(context).filter((t) => !own.has(t) && !TOPIC_WORDS.has(t));
  const weight = new Map([...own].map((t) => [t, index.lexical.idf(t)] as [string, number]));
  for (const t of carried) weight.set(t, index.lexical.idf(t) * CONTEXT_WEIGHT);
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  const names = specificTerms(question).flatMap((n) => contentTerms(n)).filter((t) => !TOPIC_WORDS.has(t));
  const holds = (terms: Set<string>, t: string) => aliasesOf(t).some((a) => terms.has(a));
  const share = (terms: Set<string>) => (total ? [...weight].reduce((n, [t, w]) => n + (holds(terms, t) ? w : 0), 0) / total : 1);

  const articles = [...new Set(retrieval.passages.map((p) => p.articleId))].map((id, rank) => {
    const sentences = articleSentences(index, id);
    // The headline names the subject too ("US and UK defence chiefs meet…").
    const terms = new Set([...contentTerms(index.passagesOf(id)[0]?.title ?? ""), ...sentences.flatMap((s) => s.terms)]);
    return { id, rank, sentences, terms, coverage: share(terms), named: names.every((t) => holds(terms, t)) };
  });
  const on = articles.filter((a) => a.named && a.coverage >= MIN_COVERAGE && a.sentences.length > 0).sort((a, b) => b.coverage - a.coverage || a.rank - b.rank);
  const top = on[0];
  if (!top) return null;
  // A second article only when it holds the whole subject too and names it all in one sentence
  // ("Austin and Shapps met…" there as well), not when the names are scattered over it.
  const together = (a: (typeof on)[number]) => a.sentences.some((s) => names.every((t) => holds(new Set(s.terms), t)));
  const second = names.length ? on.slice(1).find((a) => a.coverage >= top.coverage - 1e-9 && together(a) && together(top)) : undefined;
  const chosenIn = (id: string) => chosen.find((c) => c.passage.articleId === id);
  const naming = (s: ArticleSentence) => share(new Set(s.terms)) > 0;
  const held = onSubject ? naming : () => true;
  const first = pickFrom(question, top.sentences, second ? PICKS - 2 : PICKS, chosenIn(top.id), share, quoted, held);
  // The second article gets its two, or with "what else?" whatever the first had no more of, from
  // its sentences naming the subject (the rest of it is about something else).
  const more = quoted.length > 0;
  const picks = [...first, ...(second ? pickFrom(question, second.sentences, more ? PICKS - first.length : 2, chosenIn(second.id), share, quoted, more ? naming : held) : [])];
  return picks.map((p, i) => {
    const meta = index.passagesOf(p.articleId)[0];
    const quote = index.articleText(p.articleId, p.start, p.end);
    return { n: i + 1, title: meta.title, date: meta.date, source: meta.source, quote, articleId: p.articleId, start: p.start, end: p.end, supported: true };
  });
}

interface ArticleSentence {
  articleId: string;
  start: number;
  end: number;
  text: string;
  terms: string[];
  vector: Float32Array;
}

/** An article's prose sentences and list items in order, once each: no headings, table rows or list intros. */
function articleSentences(index: BriefingIndex, articleId: string): ArticleSentence[] {
  const out: ArticleSentence[] = [];
  const seen = new Set<number>();
  for (const p of index.passagesOf(articleId)) {
    p.sentences.forEach((s, i) => {
      if (seen.has(s.start) || (s.kind !== "sentence" && s.kind !== "bullet")) return;
      seen.add(s.start);
      const text = p.text.slice(s.start - p.start, s.end - p.start).trim();
      // A heading set as a plain line ("Gratitude and Future Collaborations") or "…, including:" says nothing alone.
      if (text.length < 25 || /:\s*$/.test(text) || (!/[.!?…"'”’)]\s*$/.test(text) && text.length < 120)) return;
      out.push({ articleId, start: s.start, end: s.end, text, terms: contentTerms(text), vector: index.sentenceVector(p, i) });
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * `count` sentences of one article: the best answer to the question found by the usual selection
 * first (it holds the list a "What issues did … say …" question asks for), then MMR over centroid
 * closeness, subject share and named things, leaving out what was quoted. Returned in article order.
 */
function pickFrom(question: string, sentences: ArticleSentence[], count: number, answer: Candidate | undefined, share: (terms: Set<string>) => number, quoted: readonly Quote[], held: (s: ArticleSentence) => boolean): Pick[] {
  if (count <= 0) return [];
  const centroid = unitMean(sentences.map((s) => s.vector), sentences[0].vector.length);
  // The centroid is the whole article's; only what was not quoted yet competes.
  const scored = sentences.filter((s) => !isQuoted(quoted, s.articleId, s.start, s.end) && held(s)).map((s) => ({
    articleId: s.articleId,
    start: s.start,
    end: s.end,
    vector: s.vector,
    score: dot(centroid, s.vector) + RELEVANCE * share(new Set(s.terms)) + (s.terms.some((t) => TALK_WORDS.has(t)) ? TALK_BONUS : 0),
    names: newNameTerms(question, s.text),
  }));
  // A seed that is a table row or a fragment reads badly alone; a list intro with its items is fine.
  const seed = answer && (answer.text.includes("\n") || sentences.some((s) => s.start === answer.start)) ? answer : undefined;
  const picks: Pick[] = seed ? [{ articleId: seed.passage.articleId, start: seed.start, end: seed.end, vector: seed.vector }] : [];
  // Names already quoted, under any form (U.S. → United States), are no longer news: a sentence scores for the ones it adds.
  // After "what else?", what was shown earlier counts as picked: new sentences should tell something else.
  const shown = sentences.filter((s) => isQuoted(quoted, s.articleId, s.start, s.end));
  const named = new Set([...(seed ? [seed.text] : []), ...shown.map((s) => s.text)].flatMap((t) => newNameTerms(question, t)));
  while (picks.length < count) {
    let best: (typeof scored)[number] | null = null;
    let bestValue = -Infinity;
    for (const s of scored) {
      if (picks.some((p) => s.start < p.end && p.start < s.end)) continue; // already quoted, maybe inside a seed's list
      const fresh = Math.min(3, s.names.filter((n) => !aliasesOf(n).some((a) => named.has(a))).length);
      const value = LAMBDA * (s.score + NAME_BONUS * fresh) - (1 - LAMBDA) * Math.max(0, ...picks.map((p) => dot(p.vector, s.vector)));
      if (value > bestValue) [best, bestValue] = [s, value];
    }
    if (!best) break;
    picks.push(best);
    for (const n of best.names) named.add(n);
  }
  return picks.sort((a, b) => a.start - b.start);
}

import { isQuoted } from "../conversation/turn.js";
import type { More } from "../conversation/understand.js";
import { scoredPassages, type Retrieval } from "../retrieval/types.js";
import { shouldAbstain, type AbstainLevel, type AbstainVerdict } from "./abstain.js";
import { DATE, wantsDate } from "./answer-type.js";
import { selectSentences, type Candidate } from "./select.js";
import { isTopicQuestion, topicPicks } from "./topics.js";
import type { BriefingIndex } from "../index/store.js";
import { capitalisedRuns } from "../text/names.js";
import { contentTerms } from "../text/terms.js";
import type { Answerer, AnswerRequest } from "./answerer.js";
import type { Citation, Draft } from "./types.js";

export type { Draft };

function citationOf(c: Candidate, n: number): Citation {
  const p = c.passage;
  return { n, title: p.title, date: p.date, source: p.source, quote: c.text, articleId: p.articleId, start: c.start, end: c.end, supported: true };
}

/** "The corpus doesn't cover …" with the nearest sources listed, so the user can look for themselves. */
export function notCovered(missing: string[]): string {
  const what = missing.length ? missing.map((m) => `"${m}"`).join(", ") : "this question";
  return `The corpus doesn't cover ${what}. The nearest sources are listed below; none of them answers it.`;
}

/** What the question asks for, as a noun phrase where it reads as one ("the name of Blue Origin's new rocket"). */
function askedFor(question: string): string | null {
  const q = question.trim().replace(/[?.!\s]+$/, "");
  const m = /^(?:what|which)\s+(?:is|was|are|were)\s+(the\s+.+)$/i.exec(q);
  return m ? m[1]! : null;
}

/** The question's capitalised runs holding the given words ("Origin" → "Blue Origin"), each once. */
function namedRuns(question: string, words: string[]): string[] {
  const runs = capitalisedRuns(question);
  return [...new Set(words.map((w) => (runs.find((r) => r.split(/\s+/).some((x) => x.replace(/['’]s$/, "") === w)) ?? w).replace(/['’]s$/, "")))];
}

/**
 * The abstention line: what is missing where the decision knows it, and what the nearest sources are
 * about ("No article reports the name of Blue Origin's new rocket; the nearest sources are about NASA's moon rocket.").
 */
export function abstentionLine(verdict: AbstainVerdict, question: string, titles: string[]): string {
  if (verdict.missing.length) return notCovered(verdict.missing);
  const about = titles.length ? ` The nearest sources are about ${titles.slice(0, 2).map((t) => `"${t}"`).join(" and ")}; none of them answers it.` : "";
  const asked = askedFor(question);
  const lack = verdict.lacking;
  let head: string;
  if (verdict.reason.startsWith("names the chosen")) head = `No article among the nearest sources mentions ${namedRuns(question, lack!.split(/,?\s+/)).map((n) => `"${n}"`).join(", ")}.`;
  else if (verdict.reason.startsWith("no source dated")) head = `No article is dated ${lack!.replace(/^(in|during|on)\s+/i, "").replace(/\b\p{L}/gu, (c) => c.toUpperCase())} or reports on it.`;
  else if (verdict.reason.startsWith("no source written after")) head = `No article was written after ${lack} began: the nearest sources are older and could only have forecast it.`;
  else if (verdict.reason.startsWith("most of the question's names")) head = `No article answers this about ${namedRuns(question, lack!.split(/,?\s+/)).map((n) => `"${n}"`).join(", ")}: the nearest sources mention it only apart from what is asked.`;
  else if (verdict.reason.startsWith("a figure of the question")) head = `No article answers this for "${lack}": the nearest sources mention it only apart from what is asked.`;
  else if (verdict.reason.startsWith("the best sentence does not answer: ")) head = `No article answers this question: ${verdict.reason.slice("the best sentence does not answer: ".length)}.`;
  else if (lack === "figure" || lack === "date" || lack === "name") head = `No article gives the ${lack} asked for${asked ? ` (${asked})` : ""}.`;
  else if (asked) head = `No article reports ${asked}.`;
  else if (lack) head = `No article answers this question; none of the nearest says anything about "${lack}".`;
  else head = "No article answers this question.";
  return head + (about || " The nearest sources are listed below; none of them answers it.");
}

/**
 * "Nothing more on Austin and Shapps in the corpus beyond what was quoted above." A "what else?" with
 * nothing new to quote is abstained (no claim, no citation, like "not covered"), which also keeps the
 * next follow-up leaning on the last turn that did quote something.
 */
export function nothingMore(more: More, retrieval: Retrieval): Draft {
  const answer = `Nothing more on ${more.subject} in the corpus beyond what was quoted above.`;
  return { answer, abstained: true, nothingMore: true, mode: "extractive", sentences: [], citations: [], passages: scoredPassages(retrieval), notices: [] };
}

/** What sentences are scored against: the question asked, its carried terms, and whether it leans on earlier turns. */
interface Framing {
  /** The question the answer must answer (abstention, answer type, topics). */
  question: string;
  /** The words sentences are scored on: the question, or a restatement of it. */
  scored: string;
  /** Carried terms (weighed less than the question's own), or the whole restatement. */
  context: string;
  followUp: boolean;
}

function framing(request: AnswerRequest): Framing {
  const basis = request.more?.basis;
  // A bare "Anything else?" asks the turn it continues again.
  const question = basis ? askedAgain(basis.question) : request.question;
  const restated = request.restated ?? basis?.restated;
  // A restatement (a model's standalone question, a timeline's period) is scored as it stands.
  if (restated !== undefined) return { question, scored: restated, context: restated, followUp: true };
  const terms = basis ? basis.contextTerms : request.contextTerms;
  return { question, scored: question, context: terms.length ? ` ${terms.join(" ")}` : "", followUp: request.more !== undefined || terms.length > 0 };
}

/**
 * The offline briefing: verbatim sentences from the retrieved passages, each followed
 * by its citation marker, or a plain "not covered" when nothing answers the question.
 * With `more` (a "what else?" follow-up) nothing already quoted in the conversation is quoted again.
 */
export function extractiveBriefing(index: BriefingIndex, request: AnswerRequest, retrieval: Retrieval, level: AbstainLevel = "balanced"): Draft {
  const { more } = request;
  const { question, scored, context, followUp } = framing(request);
  const quoted = more?.quoted ?? [];
  const chosen = selectSentences(index, scored, retrieval.passages, context, quoted);
  // A period the articles' dates satisfied is answered by metadata, not by words in the text.
  const d = retrieval.dates;
  const asked = d.phrase && !d.ignored && (d.from || d.to) ? question.replace(new RegExp(d.phrase, "i"), " ") : question;
  if (isOverview(asked) && retrieval.passages.length) {
    const leads = overview(index, retrieval, quoted);
    return leads.citations.length || !more || !quoted.length ? leads : nothingMore(more, retrieval);
  }
  const verdict = shouldAbstain(index, asked, chosen, { followUp, retrieval, level });
  const abstention = { level: verdict.level, score: verdict.score, reason: verdict.reason, ...(verdict.evidence ? { features: verdict.evidence.features } : {}) };
  // "What did X and Y discuss?": the topics of their article, not only the sentence naming them both.
  // A name the corpus lacks still abstains; with no article clearly on the subject the usual verdict decides.
  const topics = !verdict.missing.length && isTopicQuestion(asked) ? topicPicks(index, asked, context, retrieval, chosen, quoted) : null;
  if (topics?.length) return citedDraft(topics, retrieval);
  if (more && quoted.length && (topics || (verdict.abstain && !verdict.missing.length))) {
    // "Tell me more" after "Who did Austin meet?": no sentence answers "who" anew, but the cited article
    // may say more on the subject; then its sentences that name it. Else there is nothing more to quote.
    const rest = !topics && more.basis !== undefined ? topicPicks(index, more.basis.question, context, retrieval, chosen, quoted, true) : null;
    return rest?.length ? citedDraft(rest, retrieval) : nothingMore(more, retrieval);
  }
  const passages = scoredPassages(retrieval);
  if (verdict.abstain) {
    const titles = [...new Set(retrieval.passages.map((p) => p.title))];
    return { answer: abstentionLine(verdict, asked, titles), abstained: true, abstention, mode: "extractive", sentences: [], citations: [], passages, notices: [] };
  }
  const citations = chosen.map((c, i) => citationOf(c, i + 1));
  const notices: string[] = [];
  if (wantsDate(asked) && !chosen.some((c) => DATE.test(c.text)) && chosen[0].passage.date) {
    notices.push(`The text gives no date; [1] is from an article dated ${chosen[0].passage.date}.`);
  }
  const sentences = chosen.map((c, i) => ({ text: c.text, citations: [i + 1], supported: true }));
  const answer = joined(sentences);
  return { answer, abstained: false, abstention, mode: "extractive", sentences, citations, passages, notices };
}

/**
 * A bare "Anything else?" asks the question it continues again, for what was not quoted yet: as it was
 * when that asked what was discussed, else by its subject alone ("Tell me more" after "Who did Austin
 * meet?" wants more on the meeting, not another name).
 */
function askedAgain(basis: string): string {
  if (isTopicQuestion(basis)) return basis;
  return basis.split(/\s+/).filter((w) => contentTerms(w).length > 0).map((w) => w.replace(/[?!.,;:]+$/, "")).join(" ") || basis;
}

const GENERIC = new Set(["happen", "news", "latest", "recent", "recently", "new", "update", "stori", "story", "article", "go", "going", "on", "anyth", "anything", "report"].flatMap((w) => contentTerms(w)));

/** "What happened in January 2024?", "What's the latest?": no subject, so brief the top articles. */
export function isOverview(question: string): boolean {
  return contentTerms(question).every((t) => GENERIC.has(t));
}

/** The lead sentence of each of the top articles: how a news briefing opens. After "what else?", leads not quoted yet. */
function overview(index: BriefingIndex, retrieval: Retrieval, quoted: More["quoted"] = []): Draft {
  const seen = new Set<string>();
  const leads: Citation[] = [];
  for (const p of retrieval.passages) {
    if (seen.has(p.articleId) || leads.length >= 3) continue;
    seen.add(p.articleId);
    const first = index.passagesOf(p.articleId)[0];
    const lead = first?.sentences.find((s) => s.kind === "sentence");
    if (!lead || isQuoted(quoted, p.articleId, lead.start, lead.end)) continue;
    const quote = index.articleText(p.articleId, lead.start, lead.end);
    leads.push({ n: leads.length + 1, title: p.title, date: p.date, source: p.source, quote, articleId: p.articleId, start: lead.start, end: lead.end, supported: true });
  }
  return citedDraft(leads, retrieval);
}

/** A briefing of whole quotes, one sentence per citation, in the order given. */
function citedDraft(citations: Citation[], retrieval: Retrieval): Draft {
  const sentences = citations.map((c) => ({ text: c.quote, citations: [c.n], supported: true }));
  return { answer: joined(sentences), abstained: false, mode: "extractive", sentences, citations, passages: scoredPassages(retrieval), notices: [] };
}

/** The briefing text: each sentence with its marker; a quoted list keeps its lines, and so does the sentence after it. */
function joined(sentences: { text: string; citations: number[] }[]): string {
  return sentences.map((s) => `${s.text.trim()} [${s.citations[0]}]`).reduce((acc, s, i) => (i === 0 ? s : acc + (/\n/.test(acc + s) ? "\n" : " ") + s), "");
}

/** The offline answerer: the extractive briefing, handed to `onText` sentence by sentence. */
export const extractiveAnswerer: Answerer = {
  async answer({ index, request, retrieval, opts }) {
    const draft = extractiveBriefing(index, request, retrieval, opts.abstain);
    for (const s of draft.sentences) opts.onText?.(`${s.text.trim()} [${s.citations.join("][")}] `);
    if (draft.abstained) opts.onText?.(draft.answer);
    return draft;
  },
};

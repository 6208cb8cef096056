/**
 * LLM mode for overviews, timelines and what's new: the model gets the extractive digest's grouped,
 * dated points (every article's sentence for each, fenced as numbered sources with the digest's own
 * citation numbers) and its "reports differ" lines as evidence, and its answer is verified sentence by
 * sentence as for any other question. The digest stays the evidence behind the answer (`--json`), so
 * its points and the model's citations share one numbering.
 */
import type { BaseMessage } from "@langchain/core/messages";
import type { BriefingIndex } from "../../index/store.js";
import { sanitizeForTerminal } from "../../text/sanitize.js";
import { datedLayout } from "../briefings/layout.js";
import { shortDate } from "../briefings/period.js";
import type { Draft } from "../extractive.js";
import type { Citation, Digest } from "../types.js";
import { generate, LlmFailure, withoutThinking } from "./generate.js";
import type { LlmModel } from "./models.js";
import type { Prompt } from "./prompts.js";
import { fenceSources } from "./sources.js";
import { numbersIn, termsOf, type VerifierSource } from "./support.js";
import { verifyAnswer } from "./verify.js";

const KIND = { overview: "overview", timeline: "timeline", "whats-new": "what's new" } as const;

export interface BriefWithLlm {
  llm: LlmModel;
  prompt: Prompt;
  index: BriefingIndex;
  question: string;
  /** The extractive cross-article briefing: its digest is the evidence, and the fallback. */
  draft: Draft & { digest: Digest };
  embed: (texts: string[]) => Promise<number[][]>;
  onText?: (chunk: string) => void;
  signal?: AbortSignal;
}

/** The messages sent to the model for a digest (exported for tests of what the model is shown). */
export async function briefingMessages(prompt: Prompt, question: string, digest: Digest, citations: Citation[]): Promise<BaseMessage[]> {
  const byN = new Map(citations.map((c) => [c.n, c]));
  const block = (ns: number[]) => fenceSources(ns.map((n) => byN.get(n)!).map((c) => ({ title: c.title, date: c.date, source: c.source, text: c.quote })));
  // fenceSources numbers from 1: the digest's own numbers are put back so the model cites them.
  const renumber = (text: string, ns: number[]) => {
    let i = 0;
    return text.replace(/<source id="\d+"/g, () => `<source id="${ns[i++]}"`);
  };
  const points = [...digest.points, ...digest.undated].map((p, k) => {
    const when = p.date ? `${p.date}${p.dated === "text" ? " (date given in the text)" : ""}` : "undated";
    const reports = `${p.count} article${p.count === 1 ? "" : "s"}`;
    return `Point ${k + 1} — ${when} — reported by ${reports}:\n${renumber(block(p.citations), p.citations)}`;
  });
  const conflicts = digest.conflicts.map((c) => `- ${c.sides.map((s) => `${s.value} [${s.citation}] (${s.date ?? "undated"})`).join(" against ")}`);
  const { articles, from, to } = digest.scope;
  const scope = `From ${articles} article${articles === 1 ? "" : "s"}${from ? `, ${from}${to && to !== from ? ` to ${to}` : ""}` : ""}${digest.period?.from ? `; asked from ${digest.period.from}` : ""}${digest.period?.to ? `; asked until ${digest.period.to}` : ""}.`;
  return prompt.formatMessages({
    kind: KIND[digest.kind],
    scope,
    points: points.join("\n\n"),
    conflicts: conflicts.length ? conflicts.join("\n") : "none",
    count: String(Math.max(0, ...citations.map((c) => c.n))),
    question,
  });
}

/**
 * A citation as a verifier source: its one verbatim sentence with its stored vector, and the article's
 * date among its figures and words, so "1987-03-18: …" or "On March 18 …" is backed by a dated source.
 */
export function citationSource(index: BriefingIndex, c: Citation): VerifierSource {
  const dated = c.date ? ` ${c.date} ${shortDate(c.date)} ${Number(c.date.slice(5, 7))}` : "";
  return {
    n: c.n,
    title: c.title,
    date: c.date,
    source: c.source,
    articleId: c.articleId,
    terms: termsOf(`${c.title}\n${c.quote}${dated}`),
    numbers: numbersIn(`${c.title}\n${c.quote}${dated}`),
    sentences: [{ text: c.quote, start: c.start, end: c.end, heading: false, evidence: true, vector: vectorOf(index, c) }],
  };
}

/** The stored vector of the sentence a citation quotes (the last segment it spans), or zeros. */
function vectorOf(index: BriefingIndex, c: Citation): Float32Array {
  let found: Float32Array | undefined;
  for (const p of index.passagesOf(c.articleId)) {
    p.sentences.forEach((s, i) => {
      if (s.start >= c.start && s.end <= c.end) found = index.sentenceVector(p, i);
    });
    if (found) break;
  }
  return found ?? new Float32Array(index.dimension);
}

/**
 * The model's briefing from the digest, verified; on any model failure the extractive briefing with one
 * notice saying why. The digest's citations are kept whole (its points cite them); those the model
 * cited carry the verifier's verdict.
 */
export async function briefWithLlm(o: BriefWithLlm): Promise<Draft> {
  const { draft, llm } = o;
  const messages = await briefingMessages(o.prompt, o.question, draft.digest, draft.citations);
  let raw: string;
  try {
    raw = await generate(llm, messages, { onText: o.onText, signal: o.signal });
  } catch (e) {
    if (!(e instanceof LlmFailure)) throw e; // the caller's own abort
    o.onText?.(draft.answer);
    return { ...draft, notices: [e.notice, ...draft.notices] };
  }
  // A model echoing an article's escape sequences must not carry them into the briefing.
  const text = sanitizeForTerminal(withoutThinking(raw));
  const sources = draft.citations.map((c) => citationSource(o.index, c));
  const verified = await verifyAnswer(text, sources, o.embed);
  if (verified.abstained) o.onText?.(draft.answer);
  if (verified.abstained) return { ...draft, notices: [`LLM ${llm.spec.label} said the points do not answer; showing the extractive briefing`, ...verified.notices, ...draft.notices] };
  const judged = new Map(verified.citations.map((c) => [c.n, c.supported]));
  return {
    ...draft,
    // A timeline or what's new reads dated like the extractive one: its dates in a column of their own.
    answer: draft.digest.kind === "overview" ? verified.answer : datedLayout(verified.answer, draft.digest.scope.from?.slice(0, 4) ?? null),
    mode: "llm",
    sentences: verified.sentences,
    citations: draft.citations.map((c) => (judged.has(c.n) ? { ...c, supported: judged.get(c.n)! } : c)),
    notices: [...verified.notices, ...draft.notices],
  };
}

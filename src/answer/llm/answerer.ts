import type { Settings } from "../../config.js";
import type { BriefingIndex } from "../../index/store.js";
import { scoredPassages, type RetrievedPassage } from "../../retrieval/types.js";
import type { AnswerContext, Answerer, BriefContext } from "../answerer.js";
import { nothingMore, type Draft } from "../extractive.js";
import { isQuoted, understoodAs, type Quote, type Turn } from "../../conversation/turn.js";
import { generate, LlmFailure, withoutThinking } from "./generate.js";
import { openLlm, type LlmModel } from "./models.js";
import { loadPrompt, type Prompt } from "./prompts.js";
import { rewriteFollowUp } from "./rewrite.js";
import { sanitizeForTerminal } from "../../text/sanitize.js";
import { addsNothing } from "./parse.js";
import { fenceSources, fenceTold, looksLikeInstruction, type SourceForPrompt } from "./sources.js";
import { numbersIn, termsOf, type VerifierSource } from "./support.js";
import { verifyAnswer } from "./verify.js";
import { briefWithLlm } from "./briefing.js";

/** A retrieved passage as a numbered source for the verifier: its verbatim sentences with their stored vectors. */
export function verifierSource(index: BriefingIndex, p: RetrievedPassage, n: number): VerifierSource {
  // An article's "ignore previous instructions and say X" must never count as evidence for X,
  // nor may the rest of its paragraph ("… and rules. Reply only: X."): the payload often
  // follows the instruction in a sentence of its own.
  let addressed = false;
  let prevEnd = p.start;
  const sentences = p.sentenceSims.map((s) => {
    const text = p.text.slice(s.span.start - p.start, s.span.end - p.start);
    if (p.text.slice(prevEnd - p.start, s.span.start - p.start).includes("\n")) addressed = false;
    addressed ||= looksLikeInstruction(text);
    prevEnd = s.span.end;
    return { text, start: s.span.start, end: s.span.end, heading: s.span.kind === "heading", evidence: !addressed, vector: index.sentenceVector(s.part, s.i) };
  });
  if (sentences.length === 0) {
    // Not expected from the index; the whole passage stands in so a citation still quotes it.
    sentences.push({ text: p.text, start: p.start, end: p.end, heading: false, evidence: true, vector: new Float32Array(index.dimension) });
  }
  const all = [p.title, ...sentences.filter((s) => s.evidence).map((s) => s.text)].join("\n");
  return { n, title: p.title, date: p.date, source: p.source, articleId: p.articleId, terms: termsOf(all), numbers: numbersIn(all), sentences };
}

/**
 * Answers with a chat model from the retrieved passages, then verifies every cited sentence.
 * When the model fails (unreachable, HTTP error, timeout, empty reply) the fallback's briefing
 * (the extractive one) for the same question is returned with one notice saying why.
 */
export class LlmAnswerer implements Answerer {
  private constructor(
    readonly llm: LlmModel,
    private readonly fallback: Answerer,
    private readonly prompt: Prompt,
    private readonly rewritePrompt: Prompt,
    private readonly briefingPrompt: Prompt,
  ) {}

  static async open(settings: Settings, fallback: Answerer): Promise<LlmAnswerer> {
    const llm = await openLlm(settings);
    const prompt = loadPrompt("answer", ["sources", "count", "question"], { optional: ["already"] });
    const rewritePrompt = loadPrompt("rewrite", ["history", "question"]);
    const briefingPrompt = loadPrompt("briefing", ["kind", "scope", "points", "conflicts", "count", "question"]);
    return new LlmAnswerer(llm, fallback, prompt, rewritePrompt, briefingPrompt);
  }

  async answer(ctx: AnswerContext): Promise<Draft> {
    const { retrieval, request, opts, index, embeddings } = ctx;
    const { question, more } = request;
    const llm = this.llm;
    const passages = retrieval.passages;
    if (passages.length === 0) return this.fallback.answer(ctx); // nothing to ground an answer on
    // The same abstention decision as offline, before the model is called: when the evidence does
    // not answer, no model call and no invented answer, only "not covered" with the nearest sources.
    const gate = more ? undefined : await this.fallback.answer({ ...ctx, opts: { ...opts, onText: undefined } });
    if (gate?.abstained) {
      opts.onText?.(gate.answer);
      return { ...gate, mode: "llm" };
    }
    const fellBack = async (notice: string) => {
      const draft = await this.fallback.answer(ctx); // honours `more` itself
      return { ...draft, notices: [notice, ...draft.notices] };
    };
    // Only a "what else?" with something quoted before carries {already}; other prompts are as they were.
    const told = more?.quoted.length ? alreadyTold(index, more.quoted) : [];
    const messages = await this.prompt.formatMessages({
      sources: fenceSources(passages),
      count: String(passages.length),
      // A bare "Anything else?" asks its earlier question again, as the extractive answerer does.
      question: more?.basis?.question ?? question,
      ...(told.length ? { already: fenceTold(told) } : {}),
    });
    let raw: string;
    try {
      raw = await generate(llm, messages, { onText: opts.onText, signal: opts.signal });
    } catch (e) {
      if (!(e instanceof LlmFailure)) throw e; // the caller's own abort
      return fellBack(e.notice);
    }
    // A model echoing an article's escape sequences must not carry them into the briefing.
    const text = sanitizeForTerminal(withoutThinking(raw));
    if (more && addsNothing(text)) return { ...nothingMore(more, retrieval), mode: "llm" };
    const sources = passages.map((p, i) => verifierSource(index, p, i + 1));
    const isTold = more?.quoted.length ? (articleId: string, start: number, end: number) => isQuoted(more.quoted, articleId, start, end) : undefined;
    const verified = await verifyAnswer(text, sources, (texts) => embeddings.embedDocuments(texts), { told: isTold });
    if (verified.repeatsOnly) return fellBack(`LLM ${llm.spec.label} only repeated what was quoted above; showing the extractive briefing`);
    const draft: Draft = {
      answer: verified.answer,
      abstained: verified.abstained,
      mode: "llm",
      sentences: verified.sentences,
      citations: verified.citations,
      passages: scoredPassages(retrieval),
      notices: verified.notices,
      ...(gate?.abstention ? { abstention: gate.abstention } : {}),
    };
    return draft;
  }

  /** A standalone question for a follow-up; the model reads each earlier turn as a person would ("… (about: Austin, Shapps)"). */
  rewrite(history: readonly Turn[], question: string, signal?: AbortSignal): Promise<string | null> {
    return rewriteFollowUp(this.llm, history.map((t) => ({ question: t.question, understoodAs: understoodAs(t) })), question, { signal, prompt: this.rewritePrompt });
  }

  /** An overview, timeline or what's new written by the model from the extractive digest (see briefing.ts). */
  brief(ctx: BriefContext): Promise<Draft> {
    return briefWithLlm({ ...ctx, llm: this.llm, prompt: this.briefingPrompt, embed: (texts) => ctx.embeddings.embedDocuments(texts) });
  }

  async close(): Promise<void> {
    await this.llm.close();
  }
}

/** How many earlier quotes a "what else?" prompt lists at most (the latest ones). */
const TOLD_MAX = 40;

/** The sentences quoted to the user so far, verbatim from the index, for the prompt's {already}. */
function alreadyTold(index: BriefingIndex, quoted: Quote[]): SourceForPrompt[] {
  const seen = new Set<string>();
  const out: SourceForPrompt[] = [];
  for (const q of quoted) {
    const key = `${q.articleId}:${q.start}:${q.end}`;
    const first = index.passagesOf(q.articleId)[0];
    const text = first ? index.articleText(q.articleId, q.start, q.end).trim() : "";
    if (seen.has(key) || !text) continue;
    seen.add(key);
    out.push({ title: first.title, date: first.date, source: first.source, text });
  }
  return out.slice(-TOLD_MAX);
}

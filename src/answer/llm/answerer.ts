import type { Settings } from "../../config.js";
import type { BriefingEmbeddings } from "../../embedding/types.js";
import type { BriefingIndex } from "../../index/store.js";
import { scoredPassages, type RetrievedPassage } from "../../retrieval/hybrid.js";
import type { Answerer } from "../briefer.js";
import type { Draft } from "../extractive.js";
import { generate, LlmFailure, withoutThinking } from "./generate.js";
import { openLlm, type LlmModel } from "./models.js";
import { loadPrompt } from "./prompts.js";
import { rewriteFollowUp, type FollowUpTurn } from "./rewrite.js";
import { sanitizeForTerminal } from "../../text/sanitize.js";
import { fenceSources, looksLikeInstruction } from "./sources.js";
import { numbersIn, termsOf, type VerifierSource } from "./support.js";
import { verifyAnswer } from "./verify.js";

/** The LLM answerer, with the model it uses (for follow-up rewriting and closing). */
export type LlmAnswerer = Answerer & {
  llm: LlmModel;
  /** A standalone question for a follow-up, or null (no history, or the model failed). */
  rewrite(history: FollowUpTurn[], question: string, signal?: AbortSignal): Promise<string | null>;
};

/** A retrieved passage as a numbered source for the verifier: its verbatim sentences with their stored vectors. */
export function verifierSource(index: BriefingIndex, p: RetrievedPassage, n: number): VerifierSource {
  // An article's "ignore previous instructions and say X" must never count as evidence for X,
  // nor may the rest of its paragraph ("… and rules. Reply only: X."): the payload often
  // follows the instruction in a sentence of its own.
  let addressed = false;
  let prevEnd = p.start;
  const sentences = p.sentenceSims.map((s) => {
    const text = p.text.slice(s.span[0] - p.start, s.span[1] - p.start);
    if (p.text.slice(prevEnd - p.start, s.span[0] - p.start).includes("\n")) addressed = false;
    addressed ||= looksLikeInstruction(text);
    prevEnd = s.span[1];
    return { text, start: s.span[0], end: s.span[1], heading: s.span[2] === 1, evidence: !addressed, vector: index.sentenceVector(s.part, s.i) };
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
 * When the model fails (unreachable, HTTP error, timeout, empty reply) the extractive briefing
 * for the same question is returned with one notice saying why.
 */
export async function createLlmAnswerer(settings: Settings, embeddings: BriefingEmbeddings, fallback: Answerer): Promise<LlmAnswerer> {
  const llm = await openLlm(settings);
  const prompt = loadPrompt("answer", ["sources", "count", "question"]);
  const rewritePrompt = loadPrompt("rewrite", ["history", "question"]);

  const answer: Answerer = async (ctx) => {
    const { retrieval, question, opts, index } = ctx;
    const passages = retrieval.passages;
    if (passages.length === 0) return fallback(ctx); // nothing to ground an answer on
    const messages = await prompt.formatMessages({ sources: fenceSources(passages), count: String(passages.length), question });
    let raw: string;
    try {
      raw = await generate(llm, messages, { onText: opts.onText, signal: opts.signal });
    } catch (e) {
      if (!(e instanceof LlmFailure)) throw e; // the caller's own abort
      const draft = await fallback(ctx);
      return { ...draft, notices: [e.notice, ...draft.notices] };
    }
    const sources = passages.map((p, i) => verifierSource(index, p, i + 1));
    // A model echoing an article's escape sequences must not carry them into the briefing.
    const verified = await verifyAnswer(sanitizeForTerminal(withoutThinking(raw)), sources, (texts) => embeddings.embedDocuments(texts));
    const draft: Draft = {
      answer: verified.answer,
      abstained: verified.abstained,
      mode: "llm",
      sentences: verified.sentences,
      citations: verified.citations,
      passages: scoredPassages(retrieval),
      notices: verified.notices,
    };
    return draft;
  };
  const rewrite = (history: FollowUpTurn[], question: string, signal?: AbortSignal) => rewriteFollowUp(llm, history, question, { signal, prompt: rewritePrompt });
  return Object.assign(answer, { llm, rewrite });
}

import { generate, LlmFailure, withoutThinking } from "./generate.js";
import type { LlmModel } from "./models.js";
import { loadPrompt, type Prompt } from "./prompts.js";

/** What the rewrite needs from earlier turns: each as a person reads it back (conversation/turn.ts `understoodAs`). */
export interface FollowUpTurn {
  question: string;
  /** The question as it was understood, when it was itself a rewritten follow-up. */
  understoodAs?: string;
}

export interface RewriteOptions {
  signal?: AbortSignal;
  /** Defaults to prompts/rewrite.txt. */
  prompt?: Prompt;
}

/** Earlier questions the prompt shows: the last few are enough to resolve "it" or "what about …". */
const HISTORY_TURNS = 4;

/**
 * Turns a follow-up ("what about Germany?") and the conversation into a standalone question,
 * with prompts/rewrite.txt. Returns null when there is no history or the model fails or
 * replies with nothing usable, so the caller keeps its own (non-LLM) understanding.
 * Throws only the caller's abort reason.
 */
export async function rewriteFollowUp(model: LlmModel, history: FollowUpTurn[], question: string, opts: RewriteOptions = {}): Promise<string | null> {
  if (history.length === 0) return null;
  const prompt = opts.prompt ?? loadPrompt("rewrite", ["history", "question"]);
  const lines = history.slice(-HISTORY_TURNS).map((t) => `- ${(t.understoodAs ?? t.question).replace(/\s+/g, " ").trim()}`);
  const messages = await prompt.formatMessages({ history: lines.join("\n"), question });
  let raw: string;
  try {
    raw = await generate(model, messages, { signal: opts.signal });
  } catch (e) {
    if (e instanceof LlmFailure) return null;
    throw e;
  }
  // First non-empty line, without a "Standalone question:" echo or quotes around it.
  const line = withoutThinking(raw)
    .split("\n")
    .map((l) => l.trim())
    .find(Boolean)
    ?.replace(/^(standalone question|question|rewritten question)\s*:\s*/i, "")
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, "")
    .trim();
  if (!line || line.length > 400) return null;
  return line;
}

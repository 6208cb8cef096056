import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { blameOf, type Settings } from "../../config.js";
import { providerOf } from "../../providers.js";
import { parseLlmSpec, type LlmSpec } from "./spec.js";

/** A chat model chosen by `--llm`, ready to make per-answer LangChain chat models. */
export interface LlmModel {
  spec: LlmSpec;
  /** How long to wait for the first token or the next one; a whole answer gets three times this. */
  timeoutMs: number;
  /**
   * A chat model whose HTTP requests are cut when `signal` aborts. LangChain alone stops
   * reading but can leave a request to a silent server open, which keeps the process alive.
   */
  chat(signal: AbortSignal): BaseChatModel;
  close(): Promise<void>;
}

/** fetch that also ends when `signal` aborts, whatever signal the client library passes. */
export function abortableFetch(signal: AbortSignal): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

export async function openLlm(settings: Pick<Settings, "llm" | "llmTimeoutMs" | "from">, env: NodeJS.ProcessEnv = process.env): Promise<LlmModel> {
  const spec = parseLlmSpec(settings.llm, env, blameOf(settings, "llm"));
  const timeoutMs = settings.llmTimeoutMs;
  const remote = providerOf(spec.provider)?.chat;
  if (remote) {
    const make = await remote(spec.model, spec.endpoint, env);
    // A whole answer may take three times the wait for a token (generate.ts).
    return { spec, timeoutMs, chat: (signal) => make({ timeoutMs: timeoutMs * 3, fetch: abortableFetch(signal) }), close: async () => {} };
  }
  const { loadLlamaCpp } = await import("./llamacpp.js");
  const local = await loadLlamaCpp(spec.model);
  return { spec, timeoutMs, chat: () => local, close: () => local.close() };
}

import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Settings } from "../../config.js";
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

export async function openLlm(settings: Pick<Settings, "llm" | "llmTimeoutMs">, env: NodeJS.ProcessEnv = process.env): Promise<LlmModel> {
  const spec = parseLlmSpec(settings.llm, env);
  const timeoutMs = settings.llmTimeoutMs;
  // Deterministic output; no retries, so an unreachable server falls back at once.
  const common = { temperature: 0, maxRetries: 0 };
  if (spec.provider === "openai") {
    const { ChatOpenAI } = await import("@langchain/openai");
    // Local OpenAI-compatible servers (llama.cpp server, vLLM, LM Studio) need no key; the SDK insists on one.
    const apiKey = env.OPENAI_API_KEY || "not-needed";
    // OpenAI's reasoning models (o1…, gpt-5…) accept only their default temperature.
    const reasoning = /^o\d/.test(spec.model) || (spec.model.startsWith("gpt-5") && !spec.model.startsWith("gpt-5-chat"));
    const sampling = reasoning ? { maxRetries: 0 } : common;
    return {
      spec,
      timeoutMs,
      chat: (signal) =>
        new ChatOpenAI({ ...sampling, model: spec.model, apiKey, streaming: true, streamUsage: false, timeout: timeoutMs * 3, configuration: { baseURL: spec.endpoint, fetch: abortableFetch(signal) } }),
      close: async () => {},
    };
  }
  if (spec.provider === "ollama") {
    const { ChatOllama } = await import("@langchain/ollama");
    return {
      spec,
      timeoutMs,
      chat: (signal) => new ChatOllama({ ...common, model: spec.model, baseUrl: spec.endpoint, fetch: abortableFetch(signal) }),
      close: async () => {},
    };
  }
  const { loadLlamaCpp } = await import("./llamacpp.js");
  const local = await loadLlamaCpp(spec.model);
  return { spec, timeoutMs, chat: () => local, close: () => local.close() };
}

/**
 * Every model provider the settings may name, in one table: embedders (`--embeddings`) and chat
 * models (`--llm`). An entry says what its spec looks like, where its requests go (read from the
 * environment), and how to make its LangChain client, with the words a user needs when it fails.
 * Clients are imported only when chosen, so the offline default never loads a network client.
 *
 * The offline embedder (use-lite, embedding/use-lite.ts), the optional local one (transformers,
 * embedding/providers.ts) and the local chat model (llamacpp, answer/llm/llamacpp.ts) are built in
 * their own rooms; the table names them so the specs and their messages come from one place.
 * Adding a provider: one entry here.
 */
import type { Embeddings } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ollamaBaseUrl, openaiBaseUrl } from "./config.js";
import { UserError } from "./errors.js";

/** A remote embedder's client, with the service named and the next step for one-line errors. */
export interface EmbeddingsClient {
  client: Embeddings;
  where: string;
  hint: string;
}

/** Per-answer chat model options: the timeout of a whole answer, and a fetch the caller can cut. */
export interface ChatOptions {
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface Provider {
  /** The `--embeddings` spec, when the provider embeds. */
  embeds?: string;
  /** The `--llm` spec, when it chats. */
  chats?: string;
  /** Where chat requests go, for requests and notices: a URL, or the model file. */
  endpoint?(model: string, env: NodeJS.ProcessEnv): string;
  /** A remote embedder's client (`maxRetries`: attempts after the first failure). */
  embeddings?(model: string, env: NodeJS.ProcessEnv, maxRetries: number): Promise<EmbeddingsClient>;
  /** Loads a remote chat client once; the result makes a chat model per answer. */
  chat?(model: string, endpoint: string, env: NodeJS.ProcessEnv): Promise<(opts: ChatOptions) => BaseChatModel>;
}

// Deterministic output; no retries, so an unreachable server falls back to the extractive briefing at once.
const DETERMINISTIC = { temperature: 0, maxRetries: 0 };

export const PROVIDERS = {
  "use-lite": { embeds: "use-lite" },
  // USE-Lite distilled to static token vectors (embedding/static.ts): the shipped model, or a model file.
  static: { embeds: "static[:FILE]" },
  // Static vectors for the archive's sentences, USE-Lite for the question and the retrieved sentences (embedding/static-hybrid.ts).
  hybrid: { embeds: "hybrid[:FILE]" },
  transformers: { embeds: "transformers:MODEL_OR_DIR" },
  ollama: {
    embeds: "ollama:MODEL",
    chats: "ollama:MODEL",
    endpoint: (_model, env) => ollamaBaseUrl(env.OLLAMA_HOST),
    async embeddings(model, env, maxRetries) {
      const { OllamaEmbeddings } = await import("@langchain/ollama");
      const baseUrl = ollamaBaseUrl(env.OLLAMA_HOST);
      return {
        client: new OllamaEmbeddings({ model, baseUrl, maxRetries }),
        where: `Ollama at ${baseUrl}`,
        hint: `start it with \`ollama serve\` and \`ollama pull ${model}\`, or set OLLAMA_HOST`,
      };
    },
    async chat(model, endpoint) {
      const { ChatOllama } = await import("@langchain/ollama");
      return ({ fetch }) => new ChatOllama({ ...DETERMINISTIC, model, baseUrl: endpoint, fetch });
    },
  },
  openai: {
    embeds: "openai:MODEL",
    chats: "openai:MODEL",
    endpoint: (_model, env) => openaiBaseUrl(env),
    async embeddings(model, env, maxRetries) {
      const baseURL = env.OPENAI_BASE_URL || undefined;
      let apiKey = env.OPENAI_API_KEY || undefined;
      if (!apiKey && !baseURL) {
        throw new UserError(`the embedder "openai:${model}" needs OPENAI_API_KEY`, "set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server");
      }
      apiKey ??= "not-needed"; // local OpenAI-compatible servers ignore the key, but the client requires one
      const { OpenAIEmbeddings } = await import("@langchain/openai");
      return {
        client: new OpenAIEmbeddings({ model, apiKey, configuration: { baseURL }, maxRetries }),
        where: `the OpenAI-compatible server at ${baseURL ?? "api.openai.com"}`,
        hint: "check OPENAI_BASE_URL, OPENAI_API_KEY and the model name",
      };
    },
    async chat(model, endpoint, env) {
      const { ChatOpenAI } = await import("@langchain/openai");
      // Local OpenAI-compatible servers (llama.cpp server, vLLM, LM Studio) need no key; the SDK insists on one.
      const apiKey = env.OPENAI_API_KEY || "not-needed";
      // OpenAI's reasoning models (o1…, gpt-5…) accept only their default temperature.
      const reasoning = /^o\d/.test(model) || (model.startsWith("gpt-5") && !model.startsWith("gpt-5-chat"));
      const sampling = reasoning ? { maxRetries: 0 } : DETERMINISTIC;
      return ({ timeoutMs, fetch }) =>
        new ChatOpenAI({ ...sampling, model, apiKey, streaming: true, streamUsage: false, timeout: timeoutMs, configuration: { baseURL: endpoint, fetch } });
    },
  },
  llamacpp: { chats: "llamacpp:/path/to/model.gguf", endpoint: (model) => model },
} satisfies Record<string, Provider>;

export type ProviderName = keyof typeof PROVIDERS;

/** The provider a spec names (`ollama:llama3.2` → ollama, `llama3.2`), without judging the model part. */
export function splitSpec(spec: string): { provider: string; model: string } {
  const colon = spec.indexOf(":");
  return colon < 0 ? { provider: spec, model: "" } : { provider: spec.slice(0, colon), model: spec.slice(colon + 1).trim() };
}

/** The table entry of a provider name, if there is one. */
export function providerOf(name: string): Provider | undefined {
  return Object.hasOwn(PROVIDERS, name) ? (PROVIDERS as Record<string, Provider>)[name] : undefined;
}

/** The specs that embed, or that chat, in table order (for messages and `--help`). */
export function specsFor(use: "embeds" | "chats"): string[] {
  return Object.values(PROVIDERS as Record<string, Provider>).flatMap((p) => (p[use] ? [p[use]!] : []));
}

import { ollamaBaseUrl } from "../../config.js";
import { UserError } from "../../errors.js";

export type LlmProvider = "ollama" | "openai" | "llamacpp";

/** A chat model as the user named it: `ollama:llama3.2`, `openai:gpt-4o-mini`, `llamacpp:/models/x.gguf`. */
export interface LlmSpec {
  provider: LlmProvider;
  /** Model name, or the GGUF path for llamacpp. */
  model: string;
  /** The spec as given, for notices. */
  label: string;
  /** Where requests go, for notices: a URL, or the model file. */
  endpoint: string;
}

const SPEC_HINT = "use --llm none, ollama:MODEL, openai:MODEL or llamacpp:/path/to/model.gguf (or set BRIEFING_LLM)";

export function openaiBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.OPENAI_BASE_URL ?? "").trim().replace(/\/+$/, "") || "https://api.openai.com/v1";
}

export function parseLlmSpec(spec: string, env: NodeJS.ProcessEnv = process.env): LlmSpec {
  const colon = spec.indexOf(":");
  const provider = colon === -1 ? spec : spec.slice(0, colon);
  const model = colon === -1 ? "" : spec.slice(colon + 1).trim();
  if (provider !== "ollama" && provider !== "openai" && provider !== "llamacpp") {
    throw new UserError(`--llm "${spec}" names no known provider`, SPEC_HINT);
  }
  if (!model) throw new UserError(`--llm "${spec}" needs a model after "${provider}:"`, SPEC_HINT);
  const endpoint = provider === "ollama" ? ollamaBaseUrl(env.OLLAMA_HOST) : provider === "openai" ? openaiBaseUrl(env) : model;
  return { provider, model, label: `${provider}:${model}`, endpoint };
}

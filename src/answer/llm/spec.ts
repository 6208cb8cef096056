import { UserError } from "../../errors.js";
import { providerOf, specsFor, splitSpec } from "../../providers.js";

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

const CHAT_SPECS = specsFor("chats");
const SPEC_HINT = `use --llm none, ${CHAT_SPECS.slice(0, -1).join(", ")} or ${CHAT_SPECS.at(-1)} (or set BRIEFING_LLM)`;

/**
 * A `--llm` spec read against the provider table (src/providers.ts). `blame` is where the spec came
 * from (`--llm` or `BRIEFING_LLM`: Settings.from), named in the message.
 */
export function parseLlmSpec(spec: string, env: NodeJS.ProcessEnv = process.env, blame = "--llm"): LlmSpec {
  const { provider, model } = splitSpec(spec);
  const entry = providerOf(provider);
  if (!entry?.chats || !entry.endpoint) throw new UserError(`${blame} "${spec}" names no known provider`, SPEC_HINT);
  if (!model) throw new UserError(`${blame} "${spec}" needs a model after "${provider}:"`, SPEC_HINT);
  return { provider: provider as LlmProvider, model, label: `${provider}:${model}`, endpoint: entry.endpoint(model, env) };
}

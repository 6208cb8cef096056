import { existsSync } from "node:fs";
import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { firstLine, UserError } from "../../errors.js";

/**
 * The few parts of node-llama-cpp 3 used here. It is an optional dependency (about 725 MB of
 * prebuilt binaries), so it is typed locally and imported only when `--llm llamacpp:…` asks for it.
 */
interface LlamaModule {
  getLlama(): Promise<{ loadModel(o: { modelPath: string }): Promise<LlamaModelLike> }>;
  LlamaChatSession: new (o: { contextSequence: unknown; autoDisposeSequence?: boolean }) => LlamaSessionLike;
}
interface LlamaModelLike {
  createContext(o?: { contextSize?: number | { min?: number; max?: number } }): Promise<{ getSequence(): unknown; dispose(): Promise<void> }>;
  dispose(): Promise<void>;
}
type HistoryItem = { type: "system"; text: string } | { type: "user"; text: string } | { type: "model"; response: string[] };
interface LlamaSessionLike {
  setChatHistory(h: HistoryItem[]): void;
  prompt(text: string, o: { signal?: AbortSignal; onTextChunk?: (t: string) => void; maxTokens?: number; temperature?: number }): Promise<string>;
  dispose(): void;
}

export const LLAMACPP_INSTALL = "install it with `npm install node-llama-cpp@3` (about 725 MB), or use --llm ollama:MODEL";

async function importLlama(): Promise<LlamaModule> {
  const name = "node-llama-cpp"; // a variable, so TypeScript does not look for the package's types
  try {
    return (await import(name)) as LlamaModule;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new UserError("--llm llamacpp:… needs node-llama-cpp, which is not installed", LLAMACPP_INSTALL);
    }
    throw new UserError(`node-llama-cpp failed to load (${firstLine(e)})`, LLAMACPP_INSTALL);
  }
}

/** Loads a GGUF model once; every answer then runs in a fresh chat session on its context. */
export async function loadLlamaCpp(modelPath: string): Promise<ChatLlamaCppLocal> {
  const mod = await importLlama();
  if (!existsSync(modelPath)) {
    throw new UserError(`the model file ${modelPath} does not exist`, "give the path of a .gguf chat model, e.g. --llm llamacpp:./models/qwen2.5-1.5b-instruct-q4_k_m.gguf");
  }
  try {
    const llama = await mod.getLlama();
    const model = await llama.loadModel({ modelPath });
    // Five passages and an answer fit in 8k tokens; "auto" could reserve the full training context.
    const context = await model.createContext({ contextSize: { max: 8192 } });
    return new ChatLlamaCppLocal(mod, model, context);
  } catch (e) {
    throw new UserError(`node-llama-cpp could not load ${modelPath} (${firstLine(e)})`, "check that the file is a GGUF chat model");
  }
}

/**
 * A LangChain chat model over node-llama-cpp's LlamaChatSession, which applies the model's own
 * chat template (community's ChatLlamaCpp streams through a fixed Llama-2 `[INST]` format).
 */
export class ChatLlamaCppLocal extends BaseChatModel {
  constructor(
    private readonly mod: LlamaModule,
    private readonly model: LlamaModelLike,
    private readonly context: { getSequence(): unknown; dispose(): Promise<void> },
    fields: BaseChatModelParams = {},
  ) {
    super(fields);
  }

  _llmType(): string {
    return "node-llama-cpp";
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    let text = "";
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) text += chunk.text;
    return { generations: [{ text, message: new AIMessageChunk({ content: text }) }] };
  }

  async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const history: HistoryItem[] = [];
    for (const m of messages.slice(0, -1)) {
      const text = m.text;
      const type = m.getType();
      if (type === "system") history.push({ type: "system", text });
      else if (type === "ai") history.push({ type: "model", response: [text] });
      else history.push({ type: "user", text });
    }
    const last = messages.at(-1)?.text ?? "";
    const session = new this.mod.LlamaChatSession({ contextSequence: this.context.getSequence(), autoDisposeSequence: true });
    session.setChatHistory(history);
    // node-llama-cpp pushes text through a callback; bridge it to an async generator.
    const queue: string[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    let failure: unknown = null;
    const done = session
      .prompt(last, { signal: options.signal, temperature: 0, maxTokens: 1024, onTextChunk: (t) => (queue.push(t), wake?.()) })
      .catch((e) => void (failure = e))
      .finally(() => ((finished = true), wake?.()));
    try {
      while (true) {
        if (queue.length) {
          const text = queue.shift()!;
          yield new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
          await runManager?.handleLLMNewToken(text);
          continue;
        }
        if (finished) break;
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
      await done;
      if (failure) throw failure;
    } finally {
      session.dispose();
    }
  }

  async close(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}

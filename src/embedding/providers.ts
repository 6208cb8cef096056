import { existsSync } from "node:fs";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { errorFacts, firstLine, UserError } from "../errors.js";
import { providerOf, specsFor, splitSpec } from "../providers.js";
import type { PinMode } from "./pool.js";
import type { BriefingEmbeddings } from "./types.js";
import type { ProgressCallback } from "./use-lite.js";

/**
 * Turns an embedder spec (the `--embeddings` setting, read against src/providers.ts) into a BriefingEmbeddings:
 *   use-lite                    offline USE Lite (default); with `workers` > 1, a worker pool
 *   static[:FILE]               USE Lite distilled to one vector per token (static.ts): far faster, opt-in
 *   hybrid[:FILE]               static vectors for the archive, USE Lite for questions and retrieved sentences (static-hybrid.ts)
 *   transformers:MODEL_OR_DIR   @huggingface/transformers (optional package) with a hub id or a local folder
 *   ollama:MODEL                an Ollama server: OLLAMA_HOST, default http://127.0.0.1:11434
 *   openai:MODEL                an OpenAI-compatible server: OPENAI_BASE_URL, OPENAI_API_KEY
 * Providers are imported only when chosen, so the default path never loads the network clients.
 *
 * The dimension of the last three is not known in advance: it reads 0 until the first call
 * returns vectors (or `learnDimension` embeds a short probe string), and is fixed from then on.
 */

export const EMBEDDER_SPECS = specsFor("embeds");
export const TRANSFORMERS_INSTALL = "ONNXRUNTIME_NODE_INSTALL=skip npm install @huggingface/transformers";

export interface EmbeddingsOptions {
  /** use-lite only: worker threads; more than 1 gives a PooledEmbeddings. */
  workers?: number;
  /** use-lite pool only: pin its workers to cores (pool.ts), and where the one line about it goes. */
  pin?: PinMode;
  onNotice?: (line: string) => void;
  batchSize?: number;
  onProgress?: ProgressCallback;
  /** Network providers: attempts after the first failure (LangChain's default of 6 waits minutes). */
  maxRetries?: number;
  /** Where the spec came from (`--embeddings` or `BRIEFING_EMBEDDINGS`: Settings.from), for the hint when it names nothing. */
  blame?: string;
}

export async function createEmbeddings(spec: string, opts: EmbeddingsOptions = {}): Promise<BriefingEmbeddings> {
  const trimmed = spec.trim();
  const { provider: kind, model } = splitSpec(trimmed);
  const maxRetries = opts.maxRetries ?? 1;

  if (trimmed === "use-lite") {
    if ((opts.workers ?? 1) > 1) {
      const { PooledEmbeddings } = await import("./pool.js");
      return new PooledEmbeddings({ workers: opts.workers, batchSize: opts.batchSize, onProgress: opts.onProgress, pin: opts.pin, onNotice: opts.onNotice });
    }
    const { UseLiteEmbeddings } = await import("./use-lite.js");
    return new UseLiteEmbeddings({ batchSize: opts.batchSize, onProgress: opts.onProgress });
  }
  if (kind === "static") {
    const { loadStaticEmbeddings } = await import("./static.js");
    return loadStaticEmbeddings(model || undefined);
  }
  if (kind === "hybrid") {
    const { loadHybridEmbeddings } = await import("./static-hybrid.js");
    return loadHybridEmbeddings(model || undefined);
  }
  if (kind === "transformers" && model) return transformersEmbeddings(model);
  const remote = providerOf(kind)?.embeddings;
  if (remote && model) {
    const { client, where, hint } = await remote(model, process.env, maxRetries);
    return new ProviderEmbeddings(`${kind}:${model}`, client, { where, hint });
  }
  throw new UserError(
    `unknown embedder "${spec}": use one of ${EMBEDDER_SPECS.join(", ")}`,
    opts.blame ? `fix ${opts.blame}, e.g. ${opts.blame.startsWith("--") ? `${opts.blame} use-lite` : /^[A-Z_]+$/.test(opts.blame) ? `${opts.blame}=use-lite` : `${opts.blame}: "use-lite"`}` : "set --embeddings or BRIEFING_EMBEDDINGS, e.g. --embeddings use-lite",
  );
}

/**
 * The parallel embedder a big ingest switches to: a worker pool where the embedder has one
 * (use-lite with more than one worker). Other providers get none: a second instance of the same
 * model or client would only load it twice.
 */
export function bulkEmbedder(
  spec: string,
  workers: number,
  onProgress?: ProgressCallback,
  pinning?: { pin: PinMode; onNotice?: (line: string) => void },
): (() => Promise<BriefingEmbeddings>) | undefined {
  return spec.trim() === "use-lite" && workers > 1 ? () => createEmbeddings(spec, { workers, onProgress, ...pinning }) : undefined;
}

/** The embedder's dimension, embedding a probe string first if it is not known yet. */
export async function learnDimension(embeddings: BriefingEmbeddings): Promise<number> {
  if (embeddings.dimension > 0) return embeddings.dimension;
  return (await embeddings.embedQuery("dimension probe")).length;
}

async function transformersEmbeddings(model: string): Promise<BriefingEmbeddings> {
  const pkg = "@huggingface/transformers"; // a variable, so TypeScript does not require the optional package
  let transformers: { env: { localModelPath: string; allowRemoteModels: boolean } };
  try {
    transformers = await import(pkg);
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    if ((error as { code?: string })?.code === "ERR_MODULE_NOT_FOUND" || /cannot find (package|module)/i.test(message)) {
      throw new UserError(
        `the embedder "transformers:${model}" needs the optional package @huggingface/transformers; install it with: ${TRANSFORMERS_INSTALL}`,
        "or use the offline default: --embeddings use-lite",
      );
    }
    throw new UserError(`@huggingface/transformers failed to load: ${firstLine(error)}`, `reinstall it with: ${TRANSFORMERS_INSTALL}`);
  }
  let modelName = model;
  if (existsSync(model)) {
    // A local folder: point the library at its parent and forbid downloads.
    const abs = path.resolve(model);
    transformers.env.localModelPath = path.dirname(abs) + path.sep;
    transformers.env.allowRemoteModels = false;
    modelName = path.basename(abs);
  }
  const { HuggingFaceTransformersEmbeddings } = await import("@langchain/community/embeddings/huggingface_transformers");
  return new ProviderEmbeddings(`transformers:${model}`, new HuggingFaceTransformersEmbeddings({ model: modelName }), {
    where: `@huggingface/transformers (model ${model})`,
    hint: "check the model id or folder (it needs config.json, tokenizer files and onnx/model.onnx)",
  });
}

/**
 * A LangChain embedder from a provider, with an id, a dimension learned from its first answer,
 * and failures turned into one-line UserErrors naming the service.
 */
export class ProviderEmbeddings extends Embeddings implements BriefingEmbeddings {
  private learned = 0;

  constructor(
    readonly id: string,
    private readonly inner: Embeddings,
    private readonly about: { where: string; hint: string },
  ) {
    super({});
  }

  /** 0 until the first vectors come back. */
  get dimension(): number {
    return this.learned;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.call(() => this.inner.embedDocuments(texts));
    if (vectors.length !== texts.length) throw new UserError(`${this.about.where} returned ${vectors.length} vectors for ${texts.length} texts`, this.about.hint);
    vectors.forEach((v) => this.learn(v));
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.learn(await this.call(() => this.inner.embedQuery(text)));
  }

  private learn(vector: number[]): number[] {
    if (!Array.isArray(vector) || vector.length === 0) throw new UserError(`${this.about.where} returned an empty vector`, this.about.hint);
    if (this.learned && vector.length !== this.learned) {
      throw new UserError(`${this.about.where} returned a ${vector.length}-dim vector after ${this.learned}-dim ones`, this.about.hint);
    }
    this.learned = vector.length;
    return vector;
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof UserError) throw error;
      const code = errorFacts(error).codes.find((c) => /^E[A-Z]+$/.test(c));
      const detail = [firstLine(error), code && `(${code})`].filter(Boolean).join(" ");
      throw new UserError(`embedding with ${this.about.where} failed: ${detail}`, this.about.hint);
    }
  }
}

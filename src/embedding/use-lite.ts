import { Embeddings } from "@langchain/core/embeddings";
import type { BriefingEmbeddings } from "./types.js";
import { DEFAULT_BATCH_SIZE, embedTokenRows, loadUseLite, modelTokens, USE_LITE_DIMENSION, USE_LITE_ID, type UseLiteModel } from "./use-lite-model.js";

export { DEFAULT_BATCH_SIZE, loadUseLite, USE_LITE_DIMENSION, USE_LITE_ID, type UseLiteModel } from "./use-lite-model.js";

/** Called after each batch with the number of texts embedded so far in this call. */
export type ProgressCallback = (done: number, total: number) => void;

/** Embeds texts in this thread; one unit Float32Array per text, in input order. */
export async function embedTexts(
  model: UseLiteModel,
  texts: readonly string[],
  batchSize = DEFAULT_BATCH_SIZE,
  onBatch?: (done: number) => void,
): Promise<Float32Array[]> {
  return embedTokenRows(model, texts.map((t) => modelTokens(model.tokenizer, t)), batchSize, onBatch);
}

export interface UseLiteOptions {
  batchSize?: number;
  onProgress?: ProgressCallback;
}

/** The default, offline embedder: one model per thread, loaded on first use. */
export class UseLiteEmbeddings extends Embeddings implements BriefingEmbeddings {
  readonly id = USE_LITE_ID;
  readonly dimension = USE_LITE_DIMENSION;
  batchSize: number;
  onProgress?: ProgressCallback;

  constructor(options: UseLiteOptions = {}) {
    super({});
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.onProgress = options.onProgress;
  }

  /** Loads the model now (it is otherwise loaded on first use); resolves to the load time in ms. */
  async load(): Promise<number> {
    return (await loadUseLite()).loadMs;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedRows(texts)).map((v) => Array.from(v));
  }

  async embedRows(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const model = await loadUseLite();
    return embedTexts(model, texts, this.batchSize, (done) => this.onProgress?.(done, texts.length));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await embedTexts(await loadUseLite(), [text]);
    return Array.from(vector);
  }

  /** The model is shared by the thread and freed with it; nothing to release per instance. */
  async close(): Promise<void> {}
}

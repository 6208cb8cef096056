import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { PROJECT_ROOT } from "../config.js";
import { UserError } from "../errors.js";
import { embedStatic, readStaticModel, type StaticModel } from "./static-model.js";
import type { Tokenizer } from "./tokenizer.js";
import type { BriefingEmbeddings } from "./types.js";
import { USE_LITE_DIMENSION, UseLiteEmbeddings } from "./use-lite.js";
import { loadTokenizer } from "./use-lite-model.js";

/**
 * The `hybrid` embedder: the semantic layer at static speed, the answer chosen by USE-Lite.
 *
 * - A sentence of the archive (`embedRows`, what an ingest calls) gets the static model's vector: a
 *   512-dim model fitted to reproduce USE-Lite's vectors in USE-Lite's own coordinates (no
 *   projection), so it is an approximation of the USE-Lite vector, comparable with a USE-Lite
 *   question vector. It serves the passage graph and the ranking of dense candidates.
 * - A question (`embedQuery`) gets its real USE-Lite vector (one call).
 * - The sentences of the passages a question retrieves are embedded again exactly (`embedExact`,
 *   USE-Lite on this thread, a few dozen) and kept for the process, so sentence selection and the
 *   abstention decision see real USE-Lite similarities (retrieval's `approximate` path).
 *
 * USE-Lite loads only when a question is asked: an ingest never loads it.
 */
export const SHIPPED_HYBRID_MODEL = path.join(PROJECT_ROOT, "models", "static-use-lite-512.bin");

export class HybridEmbeddings extends Embeddings implements BriefingEmbeddings {
  readonly id: string;
  readonly dimension = USE_LITE_DIMENSION;
  readonly #exact = new UseLiteEmbeddings();
  /** USE-Lite vectors already made in this process, by text: a sentence is embedded exactly once. */
  readonly #cache = new Map<string, Float32Array>();
  /** USE-Lite sentence embeddings made by `embedExact` (for the benchmark and reports). */
  exactEmbedded = 0;

  constructor(
    private readonly model: StaticModel,
    private readonly tokenizer: Tokenizer,
  ) {
    super({});
    this.id = `hybrid-use-lite+${model.header.id}`;
  }

  /** The static approximation (the semantic layer). */
  async embedRows(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => embedStatic(this.model, this.tokenizer, t));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedRows(texts)).map((v) => Array.from(v));
  }

  /** The question: real USE-Lite. */
  async embedQuery(text: string): Promise<number[]> {
    return this.#exact.embedQuery(text);
  }

  /** Real USE-Lite vectors of the texts, each text embedded once per process. */
  async embedExact(texts: string[]): Promise<Float32Array[]> {
    const todo = [...new Set(texts.filter((t) => !this.#cache.has(t)))];
    if (todo.length) {
      const vectors = await this.#exact.embedRows(todo);
      todo.forEach((t, i) => this.#cache.set(t, vectors[i]));
      this.exactEmbedded += todo.length;
    }
    return texts.map((t) => this.#cache.get(t)!);
  }

  async close(): Promise<void> {
    await this.#exact.close();
  }
}

/** Opens the hybrid embedder over a 512-dim static model file (default: the shipped one). */
export async function loadHybridEmbeddings(file = SHIPPED_HYBRID_MODEL): Promise<HybridEmbeddings> {
  const model = readStaticModel(file);
  if (model.header.dimension !== USE_LITE_DIMENSION) {
    throw new UserError(
      `the static model ${file} has ${model.header.dimension} dims; the hybrid embedder needs one in USE-Lite's 512-dim space`,
      "make one with `npm run distill -- --dimension 512 --out FILE`, or use --embeddings hybrid (the shipped model)",
    );
  }
  return new HybridEmbeddings(model, await loadTokenizer());
}

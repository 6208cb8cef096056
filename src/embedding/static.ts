import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { PROJECT_ROOT } from "../config.js";
import { embedStatic, readStaticModel, type StaticModel } from "./static-model.js";
import type { Tokenizer } from "./tokenizer.js";
import type { BriefingEmbeddings } from "./types.js";
import { loadTokenizer } from "./use-lite-model.js";

/**
 * The `static` embedder: USE-Lite distilled into one vector per SentencePiece token (distill.ts).
 * Embedding is tokenising plus a sum, on this thread, with no worker pool. Its vectors live in
 * their own space, so an index built with it records its own id and is never mixed with USE-Lite's.
 *
 * The fitted model ships with the package (models/static-use-lite.bin, 2 MB of int8 rows), because
 * making it needs USE-Lite's vectors of some 24,000 news sentences (minutes of both cores) and a
 * corpus users do not have; `npm run distill` makes it again. `static:FILE` uses another model file.
 */
export const SHIPPED_STATIC_MODEL = path.join(PROJECT_ROOT, "models", "static-use-lite.bin");

export class StaticEmbeddings extends Embeddings implements BriefingEmbeddings {
  readonly id: string;
  readonly dimension: number;

  constructor(
    private readonly model: StaticModel,
    private readonly tokenizer: Tokenizer,
  ) {
    super({});
    this.id = model.header.id;
    this.dimension = model.header.dimension;
  }

  async embedRows(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => embedStatic(this.model, this.tokenizer, t));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => Array.from(embedStatic(this.model, this.tokenizer, t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from(embedStatic(this.model, this.tokenizer, text));
  }
}

/** Opens a static model file (default: the shipped one) with USE-Lite's tokenizer. */
export async function loadStaticEmbeddings(file = SHIPPED_STATIC_MODEL): Promise<StaticEmbeddings> {
  return new StaticEmbeddings(readStaticModel(file), await loadTokenizer());
}

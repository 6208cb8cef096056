import { existsSync } from "node:fs";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { modelCacheDir } from "../config.js";
import { DEFAULT_DISTILL, distill, type DistillOptions, sourceDigest, staticModelId } from "./distill.js";
import { embedStatic, readStaticModel, type StaticModel, writeStaticModel } from "./static-model.js";
import type { Tokenizer } from "./tokenizer.js";
import type { BriefingEmbeddings } from "./types.js";
import { loadTokenizer } from "./use-lite-model.js";

/**
 * The `static` embedder: USE-Lite distilled into one vector per token (distill.ts). About as
 * fast as tokenising, on this thread, with no worker pool; its vectors live in their own space,
 * so an index built with it records its own id and is never mixed with USE-Lite's.
 *
 * The model is not shipped: it is made from the installed USE-Lite weights the first time it is
 * needed (about 10–30 s of one core, one line on stderr) and cached, keyed by the weights' digest,
 * in the model cache (BRIEFING_CACHE, else $XDG_CACHE_HOME/briefing or ~/.cache/briefing).
 * `npm run distill` makes it ahead of time.
 */
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

/** Where the model for these options is cached: its name carries the recipe and the source weights' digest. */
export function staticModelFile(opts: DistillOptions = {}, dir = modelCacheDir()): string {
  return path.join(dir, `${staticModelId(opts)}-${sourceDigest()}.bin`);
}

export interface StaticLoadOptions extends DistillOptions {
  /** Told once when the model has to be made (default: a line on stderr). */
  onNotice?: (line: string) => void;
  /** Cache folder (default: modelCacheDir()). */
  cacheDir?: string;
}

/** Opens the cached static model, making it first when it is missing. */
export async function loadStaticEmbeddings(opts: StaticLoadOptions = {}): Promise<StaticEmbeddings> {
  const file = staticModelFile(opts, opts.cacheDir);
  const model = existsSync(file) ? readStaticModel(file) : await makeStaticModel(file, opts);
  return new StaticEmbeddings(model, await loadTokenizer());
}

/** Distils the model and writes it to `file`; returns it. */
export async function makeStaticModel(file: string, opts: StaticLoadOptions = {}): Promise<StaticModel> {
  const notice = opts.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  notice(`making the static embedding model from USE-Lite (once, about half a minute) → ${file}`);
  const model = await distill({ dimension: opts.dimension ?? DEFAULT_DISTILL.dimension, sif: opts.sif ?? DEFAULT_DISTILL.sif, onProgress: opts.onProgress });
  writeStaticModel(file, model);
  return model;
}

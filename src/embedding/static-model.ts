import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import { firstLine, UserError } from "../errors.js";
import type { Tokenizer } from "./tokenizer.js";
import { norm, normaliseInPlace } from "./vectors.js";
import { makeFolder } from "../folders.js";

/**
 * A static token-embedding model distilled from USE-Lite (Model2Vec-style): one vector per
 * SentencePiece token, already multiplied by the token's weight, so a text's vector is the
 * normalised sum of its tokens' rows. No model runs: embedding is tokenising plus a few hundred
 * additions per token, hundreds of times cheaper than the transformer.
 *
 * File layout (little-endian): "BRSTATIC" · u32 header length · JSON header · pad to 4 bytes ·
 * one float32 scale per token · int8 rows (vocabSize × dimension). Rows are stored as int8 times
 * their row's scale (max |x| / 127): a quarter of float32's size, and a relative error of about
 * 0.4% per coordinate, far below what changes a ranking.
 */

const MAGIC = "BRSTATIC";

export interface StaticHeader {
  /** Stored in index manifests: an index refuses vectors from another distillation. */
  id: string;
  vocabSize: number;
  dimension: number;
  /** How the rows were made, for people reading the file (source weights' digest, PCA, weighting). */
  recipe: Record<string, unknown>;
}

export interface StaticModel {
  header: StaticHeader;
  /** vocabSize × dimension, row t = weight(t) · vector(t); reserved and unknown tokens are zero rows. */
  rows: Float32Array;
}

export function writeStaticModel(file: string, model: StaticModel): void {
  const { header, rows } = model;
  const { vocabSize: n, dimension: d } = header;
  if (rows.length !== n * d) throw new Error("static model rows do not match the header");
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = 8 + 4 + json.length;
  const pad = (4 - (prefix % 4)) % 4;
  const head = Buffer.alloc(prefix + pad, 0x20);
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(json.length + pad, 8);
  json.copy(head, 12);
  const scales = new Float32Array(n);
  const q = new Int8Array(n * d);
  for (let t = 0; t < n; t++) {
    let max = 0;
    for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(rows[t * d + j]));
    scales[t] = max / 127;
    if (max > 0) for (let j = 0; j < d; j++) q[t * d + j] = Math.round(rows[t * d + j] / scales[t]);
  }
  makeFolder(path.dirname(file));
  // Written beside and renamed, so a reader never sees half a model.
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, head);
    writeSync(fd, new Uint8Array(scales.buffer));
    writeSync(fd, new Uint8Array(q.buffer));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Reads a model file; a missing, damaged or truncated one is a UserError naming it. */
export function readStaticModel(file: string): StaticModel {
  const hint = "reinstall briefing (the file ships with it), or make it again with `npm run distill`";
  const damaged = (why: string) => new UserError(`the static embedding model ${file} is damaged (${why})`, hint);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (error) {
    throw new UserError(`cannot read the static embedding model ${file}: ${firstLine(error)}`, hint);
  }
  if (buf.length < 12 || buf.toString("latin1", 0, 8) !== MAGIC) throw damaged("not a static model file");
  const headLength = buf.readUInt32LE(8);
  let header: StaticHeader;
  try {
    header = JSON.parse(buf.toString("utf8", 12, 12 + headLength)) as StaticHeader;
  } catch {
    throw damaged("unreadable header");
  }
  const { vocabSize: n, dimension: d } = header;
  const start = 12 + headLength;
  if (!(n > 0 && d > 0) || buf.length - start !== n * 4 + n * d) throw damaged(`expected ${n * 4 + n * d} bytes of vectors`);
  // Copies: the file buffer's offset need not be a multiple of 4.
  const scales = new Float32Array(n);
  new Uint8Array(scales.buffer).set(buf.subarray(start, start + n * 4));
  const q = new Int8Array(buf.buffer, buf.byteOffset + start + n * 4, n * d);
  const rows = new Float32Array(n * d);
  for (let t = 0; t < n; t++) for (let j = 0; j < d; j++) rows[t * d + j] = q[t * d + j] * scales[t];
  return { header, rows };
}

/** Sums the rows of the text's tokens into `out` (length = dimension) and normalises it. */
export function embedStatic(model: StaticModel, tokenizer: Tokenizer, text: string, out = new Float32Array(model.header.dimension)): Float32Array {
  const d = model.header.dimension;
  const { rows } = model;
  out.fill(0);
  // Whitespace folded as for USE-Lite (only U+0020 separates words), but no 128-token clip: a
  // sum has no length limit, so a long passage is embedded whole.
  for (const id of tokenizer.encode(text.replace(/\s+/g, " ").trim())) {
    if (id >= model.header.vocabSize) continue;
    const at = id * d;
    for (let i = 0; i < d; i++) out[i] += rows[at + i];
  }
  // A text with no weighted token (only unknown characters) gets a fixed unit vector, not NaNs.
  if (norm(out) === 0) {
    out[0] = 1;
    return out;
  }
  return normaliseInPlace(out);
}

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { Bm25Index } from "./bm25.js";
import type { Hnsw } from "./dense.js";
import { IndexDamaged, IndexMismatch, IndexMissing } from "./errors.js";
import { readManifest, sha256 } from "./generation-files.js";
import { readDocstore, readGraph } from "./hnswlib-files.js";
import { leaseGeneration } from "./leases.js";
import type { ArticleEntry, Manifest } from "./manifest.js";
import type { IndexedPassage } from "./passage.js";

/** One generation as read from disk, every file checked against the manifest. */
export interface GenerationRead {
  generation: string;
  manifest: Manifest;
  articles: ArticleEntry[];
  passages: IndexedPassage[];
  bm25: Bm25Index;
  articleBm25: Bm25Index;
  vectors: Float32Array;
  embedded: Uint8Array;
  graph: Hnsw | null;
}

/**
 * Reads the generation `which` names. A lease keeps a concurrent ingest from pruning it while it
 * is read; a generation pruned between reading the pointer and taking the lease is retried.
 * Throws IndexMissing, IndexMismatch (another embedder, an older format), IndexDamaged.
 */
export function readGeneration(dir: string, embedderId: string, which: "CURRENT" | "PREVIOUS" = "CURRENT"): GenerationRead {
  for (let attempt = 0; ; attempt++) {
    const pointer = path.join(dir, which);
    const gen = existsSync(pointer) ? readFileSync(pointer, "utf8").trim() : "";
    if (!gen) throw new IndexMissing(dir);
    // Everything is in memory once read, so the lease ends there.
    const release = leaseGeneration(dir, gen);
    try {
      return readFiles(dir, gen, embedderId);
    } catch (e) {
      const moved = attempt < 3 && existsSync(pointer) && readFileSync(pointer, "utf8").trim() !== gen;
      if (!moved) throw e;
    } finally {
      release();
    }
  }
}

function readFiles(dir: string, gen: string, embedderId: string): GenerationRead {
  const genDir = path.join(dir, gen);
  const manifest = readManifest(genDir);
  if (manifest.embedder.id !== embedderId) {
    throw new IndexMismatch(`the index at ${dir} was built with the embedder "${manifest.embedder.id}", not "${embedderId}"`, manifest);
  }
  try {
    const d = manifest.embedder.dimension;
    const articles = JSON.parse(readFileSync(path.join(genDir, "articles.json"), "utf8")) as ArticleEntry[];
    const bm25 = Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25.json"), "utf8")));
    const articleBm25 = Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25-articles.json"), "utf8")));
    const buf = readFileSync(path.join(genDir, "sentences.f32"));
    const vectors = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (vectors.length !== manifest.sentenceCount * d) throw new Error("sentences.f32 has the wrong size");
    const embedded = new Uint8Array(readFileSync(path.join(genDir, "sentences.ok")));
    if (embedded.length !== manifest.sentenceCount) throw new Error("sentences.ok has the wrong size");
    const passages = readDocstore(genDir);
    if (passages.length !== manifest.passageCount) throw new Error("docstore.json does not match the manifest");
    const elements = manifest.graphElements ?? 0;
    const graph = elements > 0 ? readGraph(genDir, d, { passages: manifest.denseCount ?? 0, elements, sha256: manifest.hnswSha256 }, sha256) : null;
    return { generation: gen, manifest, articles, passages, bm25, articleBm25, vectors, embedded, graph };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw damaged(dir, e);
  }
}

export function damaged(dir: string, e: unknown): IndexDamaged {
  const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? `${path.basename((e as { path?: string }).path ?? "a file")} is missing` : (e as Error).message;
  return new IndexDamaged(`the index at ${dir} is damaged (${reason})`);
}

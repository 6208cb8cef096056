import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { relativeIds } from "./article-ids.js";
import { Bm25Index } from "./bm25.js";
import { readBm25 } from "./bm25-files.js";
import type { Hnsw } from "./dense.js";
import { IndexDamaged, IndexMismatch, IndexMissing } from "./errors.js";
import { readManifest } from "./generation-files.js";
import { readDocstore, readGraphAsync } from "./hnswlib-files.js";
import { leaseGeneration } from "./leases.js";
import type { ArticleEntry, Manifest } from "./manifest.js";
import type { IndexedPassage } from "./passage.js";
import { readPassages } from "./passage-files.js";
import { SentenceTerms } from "./sentence-terms.js";
import { VectorFile } from "./vector-file.js";

/** One generation as read from disk, every file checked against the manifest. */
export interface GenerationRead {
  generation: string;
  manifest: Manifest;
  articles: ArticleEntry[];
  passages: IndexedPassage[];
  bm25: Bm25Index;
  articleBm25: Bm25Index;
  /** Each article's sentences as terms; null when read from format 3 or 4 (filed when the index is next written). */
  sentenceTerms: SentenceTerms | null;
  /** Left in its file (rows read as needed); null when nothing is embedded yet (all zeros). */
  vectors: VectorFile | null;
  embedded: Uint8Array;
  graph: Hnsw | null;
}

/**
 * Reads the generation `which` names. A lease keeps a concurrent ingest from pruning it while it
 * is read; a generation pruned between reading the pointer and taking the lease is retried.
 * Throws IndexMissing, IndexMismatch (another embedder, an older format), IndexDamaged.
 */
export async function readGeneration(dir: string, embedderId: string, which: "CURRENT" | "PREVIOUS" = "CURRENT"): Promise<GenerationRead> {
  for (let attempt = 0; ; attempt++) {
    const pointer = path.join(dir, which);
    const gen = existsSync(pointer) ? readFileSync(pointer, "utf8").trim() : "";
    if (!gen) throw new IndexMissing(dir);
    // Everything is in memory once read (the vectors' file stays open: see vector-file.ts), so the lease ends there.
    const release = leaseGeneration(dir, gen);
    try {
      return await readFiles(dir, gen, embedderId);
    } catch (e) {
      const moved = attempt < 3 && existsSync(pointer) && readFileSync(pointer, "utf8").trim() !== gen;
      if (!moved) throw e;
    } finally {
      release();
    }
  }
}

async function readFiles(dir: string, gen: string, embedderId: string): Promise<GenerationRead> {
  const genDir = path.join(dir, gen);
  const manifest = readManifest(genDir);
  if (manifest.embedder.id !== embedderId) {
    throw new IndexMismatch(`the index at ${dir} was built with the embedder "${manifest.embedder.id}", not "${embedderId}"`, manifest);
  }
  const d = manifest.embedder.dimension;
  // The graph is read off this thread while the rest is read here (see readGraphAsync).
  const elements = manifest.graphElements ?? 0;
  const graph = elements > 0 ? readGraphAsync(genDir, d, { passages: manifest.denseCount ?? 0, elements, sha256: manifest.hnswSha256 }) : Promise.resolve(null);
  graph.catch(() => {}); // awaited below; an error in the files read first must not leave it unhandled
  try {
    const articles = JSON.parse(readFileSync(path.join(genDir, "articles.json"), "utf8")) as ArticleEntry[];
    const json = manifest.formatVersion === 3; // the JSON layout, read as it is (see READABLE_FORMATS)
    const bm25 = json ? Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25.json"), "utf8"))) : readBm25(genDir, "bm25");
    const articleBm25 = json ? Bm25Index.fromJSON(JSON.parse(readFileSync(path.join(genDir, "bm25-articles.json"), "utf8"))) : readBm25(genDir, "bm25-articles");
    const sentenceTerms = manifest.formatVersion >= 5 ? SentenceTerms.read(genDir) : null;
    const embedded = new Uint8Array(readFileSync(path.join(genDir, "sentences.ok")));
    if (embedded.length !== manifest.sentenceCount) throw new Error("sentences.ok has the wrong size");
    const vectors = readVectors(path.join(genDir, "sentences.f32"), manifest.sentenceCount * d, embedded);
    const passages = json ? readDocstore(genDir) : readPassages(genDir, articles);
    // An index made before ids were corpus-relative: read with today's ids (article-ids.ts).
    relativeIds(manifest, articles, passages);
    if (passages.length !== manifest.passageCount) throw new Error(`${json ? "docstore.json" : "passages.i32"} does not match the manifest`);
    return { generation: gen, manifest, articles, passages, bm25, articleBm25, sentenceTerms, vectors, embedded, graph: await graph };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw damaged(dir, e);
  }
}

/**
 * The sentence-vector table. Before any sentence is embedded (a lexical generation) it is all
 * zeros: nothing is read (Reuters: 280 MB). Otherwise it stays in its file, rows read as
 * questions need them (see vector-file.ts).
 */
function readVectors(file: string, floats: number, embedded: Uint8Array): VectorFile | null {
  if (embedded.indexOf(1) < 0) {
    if (statSync(file).size !== floats * 4) throw new Error("sentences.f32 has the wrong size");
    return null;
  }
  return VectorFile.open(file, floats);
}

export function damaged(dir: string, e: unknown): IndexDamaged {
  const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? `${path.basename((e as { path?: string }).path ?? "a file")} is missing` : (e as Error).message;
  return new IndexDamaged(`the index at ${dir} is damaged (${reason})`);
}

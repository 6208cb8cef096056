import { SentenceTerms } from "./sentence-terms.js";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError, writeProblem } from "../errors.js";
import type { Bm25Index } from "./bm25.js";
import type { Hnsw } from "./dense.js";
import { bm25Files, writeBm25 } from "./bm25-files.js";
import { pruneGenerations, sha256File, tryLink } from "./generation-files.js";
import { writeArgs, writeGraph } from "./hnswlib-files.js";
import { FORMAT_VERSION, type ArticleEntry, type Manifest } from "./manifest.js";
import { PASSAGE_FILES, writePassages } from "./passage-files.js";
import type { IndexedPassage } from "./passage.js";
import { generationBytes } from "./space.js";
import { makeFolder } from "../folders.js";

/**
 * Committing a generation: its files written synchronously into `gen-….partial`, the folder
 * renamed, then `CURRENT` swapped by rename, so a reader never sees a half-written index and a
 * killed ingest leaves the previous one intact. The previous generation is kept as a fallback.
 */

/** What one generation holds, as the index hands it over. */
export interface GenerationContent {
  manifest: Manifest;
  passages: Iterable<IndexedPassage>;
  articles: Iterable<ArticleEntry>;
  bm25: Bm25Index;
  articleBm25: Bm25Index;
  /** Each article's sentences as terms (sentence-terms.ts). */
  sentenceTerms: SentenceTerms;
  /** Writes the sentence-vector table to a file (called only when it is not linked). */
  writeVectors: (file: string) => void;
  vectorBytes: number;
  embedded: Uint8Array;
  graph: Hnsw | null;
  /** A generation whose lexical files are unchanged: they are linked from it instead of written. */
  linkLexicalFrom: string | null;
  /** A generation whose vector table (and flags) are unchanged: linked, never read into memory. */
  linkVectorsFrom?: string | null;
  /** A generation whose graph is unchanged: linked (its checksum and size kept in the manifest). */
  linkGraphFrom?: string | null;
}

/** Files of the lexical layer: unchanged by an embedding checkpoint, so linked rather than rewritten. */
const LEXICAL_FILES = ["articles.json", ...PASSAGE_FILES, ...bm25Files("bm25"), ...bm25Files("bm25-articles"), ...SentenceTerms.FILES];

let saves = 0;

/**
 * Writes a new generation of the index at `dir` and makes it current; returns its name. A write
 * that fails (disk full, read-only folder) removes the partial generation and throws a UserError;
 * CURRENT is untouched, so the last good index still answers.
 */
export function commitGeneration(dir: string, previous: string | null, content: GenerationContent): string {
  const gen = `gen-${Date.now().toString(36)}-${process.pid}-${(saves++).toString(36)}`;
  const tmp = path.join(dir, `${gen}.partial`);
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  process.on("exit", cleanup); // Ctrl+C mid-save leaves no partial generation taking space
  try {
    makeFolder(dir);
    cleanup();
    makeFolder(tmp);
    writeGenerationFiles(tmp, dir, content);
    renameSync(tmp, path.join(dir, gen));
  } catch (e) {
    cleanup();
    const { problem, hint } = writeProblem(e, dir, generationBytes(dir, previous, content.vectorBytes));
    throw new UserError(`could not write the index at ${dir} (${problem}); the previous index is unchanged`, hint);
  } finally {
    process.off("exit", cleanup);
  }
  try {
    const next = path.join(dir, "CURRENT.next");
    writeFileSync(next, gen);
    renameSync(next, path.join(dir, "CURRENT"));
  } catch (e) {
    rmSync(path.join(dir, gen), { recursive: true, force: true });
    const { problem, hint } = writeProblem(e, dir);
    throw new UserError(`could not switch the index at ${dir} to its new version (${problem}); the previous index is unchanged`, hint);
  }
  try {
    writeFileSync(path.join(dir, "PREVIOUS"), previous ?? "");
  } catch {
    // Only the fallback pointer: the new generation is already current and complete.
  }
  pruneGenerations(dir, [gen, previous ?? ""]);
  return gen;
}

function writeGenerationFiles(tmp: string, dir: string, c: GenerationContent): void {
  const d = c.manifest.embedder.dimension;
  const manifest = c.manifest; // updated in place: the index's own manifest records what was written
  manifest.formatVersion = FORMAT_VERSION;
  const graphFrom = c.graph && c.linkGraphFrom ? path.join(dir, c.linkGraphFrom, "hnswlib.index") : null;
  manifest.graphElements = c.graph ? c.graph.getCurrentCount() : 0;
  if (graphFrom && manifest.hnswSha256 && tryLink(graphFrom, path.join(tmp, "hnswlib.index"))) {
    // The same graph as the generation it was read from: its checksum stands.
  } else if (c.graph) manifest.hnswSha256 = sha256File(writeGraph(tmp, c.graph));
  else delete manifest.hnswSha256;
  writeArgs(tmp, d);
  // An embedding checkpoint changes no passage or term: those files are linked from the last generation.
  const from = c.linkLexicalFrom ? path.join(dir, c.linkLexicalFrom) : null;
  const linked = from !== null && LEXICAL_FILES.every((f) => tryLink(path.join(from, f), path.join(tmp, f)));
  if (!linked) {
    // A file linked before one failed to link is the old generation's too: never write through it.
    for (const f of LEXICAL_FILES) rmSync(path.join(tmp, f), { force: true });
    const articles = [...c.articles];
    writeFileSync(path.join(tmp, "articles.json"), JSON.stringify(articles));
    writePassages(tmp, c.passages, articles);
    writeBm25(tmp, "bm25", c.bm25);
    writeBm25(tmp, "bm25-articles", c.articleBm25);
    c.sentenceTerms.write(tmp);
  }
  // Vectors unchanged since they were read (a layout or id upgrade, a renamed corpus): linked, so
  // the table (Reuters: 280 MB) is neither read into memory nor written again.
  const vectorsFrom = c.linkVectorsFrom ? path.join(dir, c.linkVectorsFrom) : null;
  const vectorFiles = ["sentences.f32", "sentences.ok"];
  if (!vectorsFrom || !vectorFiles.every((f) => tryLink(path.join(vectorsFrom, f), path.join(tmp, f)))) {
    for (const f of vectorFiles) rmSync(path.join(tmp, f), { force: true });
    c.writeVectors(path.join(tmp, "sentences.f32"));
    writeFileSync(path.join(tmp, "sentences.ok"), c.embedded);
  }
  // The manifest goes last: a generation without one is incomplete by definition.
  writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2));
}

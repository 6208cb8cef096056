import type { ChunkingSettings } from "../corpus/types.js";

/**
 * Bumped when the on-disk layout changes; a newer index is refused. 4: passages and BM25 as flat
 * binary tables (passage-files.ts, bm25-files.ts) instead of JSON, so a question on a big archive
 * does not first parse tens of megabytes. 5: each article's sentences as terms (sentence-terms.ts),
 * so the abstention decision does not tokenise them again.
 */
export const FORMAT_VERSION = 5;

/**
 * Older layouts still read as they are; the next ingest rewrites them in the current one, with no
 * re-embedding (its vectors and graph files are unchanged). 3: the lexical layer as JSON. 4: no
 * sentence terms (they are tokenised from the passages when the index is rewritten).
 */
export const READABLE_FORMATS: readonly number[] = [3, 4, 5];

/**
 * Bumped when chunking, sentence splitting or term normalisation changes: stored offsets or BM25 terms would
 * no longer match, so such an index is rebuilt even though the corpus did not change.
 */
export const TEXT_PIPELINE_VERSION = 5;

/** What an index was made from: enough to tell whether it still matches the corpus and settings. */
export interface Manifest {
  formatVersion: number;
  embedder: { id: string; dimension: number };
  chunking: ChunkingSettings;
  textPipeline: number;
  /** sha256 over the sorted article hashes: equal fingerprints mean an unchanged corpus. */
  corpusFingerprint: string;
  /** corpusSignature() of the files the fingerprint was taken from: unchanged files need no parsing. */
  corpusFiles?: string;
  /** The corpus folder the index was built from, as given. */
  corpus: string;
  /** Its real absolute path, recorded at ingest: an index of another corpus is refused (other-corpus.ts). */
  corpusPath?: string;
  /**
   * "relative": article ids are paths inside the corpus folder (article-ids.ts). Absent in an
   * index made before: its ids begin with the corpus as named, and are read back relative.
   */
  articleIds?: "relative";
  articleCount: number;
  passageCount: number;
  sentenceCount: number;
  /** Sentences with a vector so far: the semantic layer is complete when this equals sentenceCount. */
  embeddedCount?: number;
  /** Passages in the graph (every sentence embedded). */
  denseCount?: number;
  /** Elements in hnswlib.index, deleted ones included. */
  graphElements?: number;
  /** The next passage label to hand out (labels are never reused within an index). */
  nextLabel?: number;
  /** sha256 of hnswlib.index, checked before the native library reads it: a damaged file can crash it. */
  hnswSha256?: string;
  createdAt: string;
  updatedAt: string;
}

/** One indexed article (its text stays in the corpus; passages carry the indexed spans). */
export interface ArticleEntry {
  id: string;
  title: string;
  date: string | null;
  source: string;
  url?: string;
  hash: string;
  length: number;
  /** Passage labels in article order. */
  labels: number[];
}

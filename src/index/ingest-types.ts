/**
 * What `ingest` (build.ts) is asked, what it reports as it goes, and what it returns: shared by the
 * pipeline, the evals and the faces, which need the types and not the ingest itself.
 */
import type { ChunkingSettings, LoadProblem } from "../corpus/types.js";
import type { BriefingEmbeddings } from "../embedding/types.js";
import type { CheckpointSettings } from "./semantic.js";
import type { BriefingIndex } from "./store.js";

export interface IngestProgress {
  stage: "loading" | "chunking" | "embedding" | "saving";
  done: number;
  total: number;
  articlesDone?: number;
  articlesTotal?: number;
}

export interface IngestOptions {
  corpus: string;
  indexDir: string;
  embeddings: BriefingEmbeddings;
  chunking?: ChunkingSettings;
  /** Ignore the existing index and build from scratch. */
  rebuild?: boolean;
  onProgress?: (p: IngestProgress) => void;
  /** One-line notices (rebuild reasons, skipped files) as they happen. */
  onNotice?: (line: string) => void;
  /** A parallel embedder for big jobs (worker threads); made on demand, closed after use. */
  bulk?: () => Promise<BriefingEmbeddings>;
  /** Sentences above which a job goes to `bulk` (default 400; 0 when the caller's thread must stay free, as the chat's). */
  bulkAbove?: number;
  /**
   * Called to answer questions (ask, chat): when another process holds the ingest lock,
   * use the current index with a notice instead of failing.
   */
  queryOnly?: boolean;
  /** Wait for another process's ingest to finish instead of failing (the `ingest` command). */
  waitForLock?: boolean;
  /** How long to wait for it (default 10 min). */
  lockWaitMs?: number;
  /**
   * How much embedding this call does once the lexical layer is committed: `all` (the default,
   * and `ingest`), `small` (the default with queryOnly: only when at most INLINE_EMBED sentences
   * wait, so a question is answered from the lexical layer rather than wait for a big job) or `none`.
   */
  embed?: "all" | "small" | "none";
  /** When embedding commits its progress (default every 30 s or 20,000 sentences). */
  checkpoint?: CheckpointSettings;
}

export interface IngestReport {
  index: BriefingIndex;
  articles: number;
  passages: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: boolean;
  skipped: LoadProblem[];
  /** Sentences sent to the embedder (each distinct sentence once, though overlapping chunks share some). */
  embedded: number;
  seconds: number;
  /** Seconds until the lexical layer was committed (the index answered questions from then on). */
  lexicalSeconds?: number;
  /** The index is behind the corpus (a failed update, another ingest holding it): one line saying so. */
  behind?: string;
}

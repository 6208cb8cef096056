import type { Embeddings } from "@langchain/core/embeddings";

/**
 * A LangChain `Embeddings` that also says what it is, so an index can record which
 * embedder made it and refuse to mix vectors from two different ones.
 */
export interface BriefingEmbeddings extends Embeddings {
  /** e.g. `use-lite`, `ollama:nomic-embed-text`; stored in the index manifest. */
  readonly id: string;
  readonly dimension: number;
  /** True when embedding runs off this thread (worker pool, remote server): large calls are fine. */
  readonly offThread?: boolean;
  /**
   * The same vectors as typed rows, for big ingests: 40k sentences as number[] arrays would be
   * some 170 MB (by arithmetic) of short-lived arrays that the main thread's heap grows to hold.
   */
  embedRows?(texts: string[]): Promise<Float32Array[]>;
  /**
   * Present when the vectors of `embedRows` only approximate the embedder's space (the `hybrid`
   * embedder's static rows): the exact vectors of texts, which retrieval asks for the sentences of
   * the passages a question retrieves.
   */
  embedExact?(texts: string[]): Promise<Float32Array[]>;
  /** Release threads, workers or model memory. */
  close?(): Promise<void>;
}

import type { CallbackManagerForRetrieverRun } from "@langchain/core/callbacks/manager";
import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { BriefingArchive, SearchHit, SearchOptions } from "./archive.js";

export interface BriefingRetrieverInput extends BaseRetrieverInput, SearchOptions {
  /** An archive from `openBriefing`; the retriever does not close it. */
  archive: BriefingArchive;
}

/**
 * What each Document's metadata carries: where its text sits in which article, and how it ranked;
 * a search hit without its text, which is the Document's `pageContent` (from `start` to `end`).
 */
export type BriefingDocumentMetadata = Omit<SearchHit, "text">;

/**
 * The archive's hybrid retrieval (dense + BM25, fused) as a LangChain retriever: one Document
 * per passage, best first, with the article and offsets in its metadata.
 */
export class BriefingRetriever extends BaseRetriever<BriefingDocumentMetadata> {
  lc_namespace = ["briefing", "retrievers"];
  static lc_name(): string {
    return "BriefingRetriever";
  }

  private readonly archive: BriefingArchive;
  private readonly search: SearchOptions;

  constructor({ archive, k, from, to, ...fields }: BriefingRetrieverInput) {
    super(fields);
    this.archive = archive;
    this.search = { ...(k !== undefined ? { k } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }

  async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<BriefingDocumentMetadata>[]> {
    const hits = await this.archive.search(query, this.search);
    return hits.map(
      ({ text, ...meta }) =>
        new Document<BriefingDocumentMetadata>({ pageContent: text, metadata: meta, id: `${meta.articleId}@${meta.start}-${meta.end}` }),
    );
  }
}

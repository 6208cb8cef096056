/**
 * The library entry (`import { openBriefing } from "briefing"`): the archive for programs, and
 * its retrieval as a LangChain retriever. Loading it loads no model; `openBriefing` does.
 */
export { BriefingArchive, openBriefing, MAX_K, MAX_PAGE } from "./api/archive.js";
export type { ArticleInfo, ArticlePage, ArticleText, ListOptions, OpenBriefingOptions, SearchHit, SearchOptions } from "./api/archive.js";
export { BriefingRetriever } from "./api/retriever.js";
export type { BriefingDocumentMetadata, BriefingRetrieverInput } from "./api/retriever.js";
export type { Briefing, BriefingSentence, Citation, ScoredPassage } from "./answer/types.js";
export type { Turn, Quote } from "./conversation/turn.js";
export { turnOf } from "./conversation/turn.js";
export { UserError } from "./errors.js";

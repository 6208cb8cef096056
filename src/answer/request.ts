import type { Understanding } from "../conversation/understand.js";

/**
 * What an answerer is asked: the question as typed, the terms the conversation carries, what it
 * has quoted already ("what else?"), or a standalone restatement. Structured, so nothing is
 * recovered by slicing a query string.
 */
export type AnswerRequest = Pick<Understanding, "question" | "contextTerms" | "more" | "restated">;

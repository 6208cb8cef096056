/**
 * Answerability: whether the chosen sentences answer the question, by aligning the question to them
 * (align.ts). `unanswered` is the one call the abstention decision makes (answer/abstain.ts).
 */
export { unanswered } from "./chosen.js";
export { judge, describe, type Candidate, type Mismatch } from "./judge.js";
export { align, type Alignment } from "./align.js";

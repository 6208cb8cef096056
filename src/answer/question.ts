import { UserError } from "../errors.js";
import { sanitizeForTerminal } from "../text/sanitize.js";

/** Overviews, timelines and what's new (briefings/kind.ts): questions about a subject across its articles. */
export { briefingAsk, type BriefingAsk } from "./briefings/kind.js";
export { briefingFollowUp } from "./briefings/follow-up.js";

/**
 * The question as searched and answered: escape sequences and control characters removed (a
 * pasted `ESC[2J` must not become the search terms "2J"), line breaks as spaces. A question
 * with no letters or digits left is refused: there is nothing to search for.
 */
export function cleanQuestion(asked: string): string {
  const question = sanitizeForTerminal(asked).replace(/[\t\n]/g, " ").trim();
  if (!/[\p{L}\p{N}]/u.test(question)) {
    throw new UserError(
      question ? `the question "${question.slice(0, 40)}" has no words to search for` : "the question is empty",
      'ask about a person, place or event, e.g. "What did Austin and Shapps discuss?"',
    );
  }
  return question;
}

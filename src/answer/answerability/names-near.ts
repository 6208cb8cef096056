/**
 * Most of the question's names away from the answer. `nameNear` (evidence.ts) is the share of the
 * question's names found in the best sentence, the sentence before or after it, or its article's
 * title. Below half, the sentence is about something else that shares a word or two with the
 * question: on BBC left out, "Where will the Ray Charles museum open?" met a Jimi Hendrix museum,
 * "Whose record will Andrew Murray break as Britain's youngest Davis Cup player?" his young-player
 * award. Measured as a rule (evals/README.md, leave-one-article-out, third pass): it refused no
 * answerable question of seed, Reuters or either SQuAD sample, and one BBC one (b016) whose answer
 * already came from a wrong article.
 */
import type { BriefingIndex } from "../../index/store.js";
import { aliasesOf } from "../../text/aliases.js";
import { contentTerms } from "../../text/terms.js";
import type { Evidence } from "../evidence.js";
import { windowOf } from "../evidence.js";
import type { Candidate } from "../select.js";

/** The share of the question's names that must be beside the best sentence (or in its title). */
export const NAMES_NEAR_MIN = 0.5;

/**
 * The names to report when fewer than `NAMES_NEAR_MIN` of the question's names are beside the best
 * sentence, else null. Which names are far is worked out only then (for the user's line); the
 * decision itself is the feature's.
 */
export function namesFar(index: BriefingIndex, evidence: Evidence, names: string[], top: Candidate): string | null {
  if (!names.length || evidence.features.nameNear >= NAMES_NEAR_MIN) return null;
  const { from, to } = windowOf(index, top);
  const near = new Set(contentTerms(`${index.articles.get(top.passage.articleId)?.title ?? ""}\n${index.articleText(top.passage.articleId, from, to)}`));
  const far = names.filter((n) => !contentTerms(n).every((t) => aliasesOf(t).some((a) => near.has(a))));
  return (far.length ? far : names).join(", ");
}

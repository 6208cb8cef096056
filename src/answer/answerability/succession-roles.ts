/**
 * Who stands where in a sentence reporting a succession. "Who succeeded X?" is answered only by a
 * sentence in which X is the one leaving: "Evans has been elected president, succeeding James Baker"
 * tells who succeeded Baker, not who took Evans's old post; "Barclays promoted John Kerslake to chief
 * executive" tells where Kerslake went, not who replaced him. Written from the Reuters dev questions
 * r180, r182, r184, r200 (evals/README.md, branch reuters8), each beside an answerable twin.
 */

const NAME = String.raw`(?:\p{Lu}[\p{L}.'’-]*\s+){0,3}\p{Lu}[\p{L}'’-]*`;
/** The person a sentence says is succeeded or replaced: "succeeding James Baker", "replacing John E. Langdon". */
const SUCCEEDED = new RegExp(String.raw`\b(?:succeed(?:s|ed|ing)?|replac(?:e|es|ed|ing)|in succession to)\s+(${NAME})`, "gu");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The people a sentence says are succeeded or replaced (each as written), or []. */
export function succeededIn(sentence: string): string[] {
  return [...sentence.matchAll(SUCCEEDED)].map((m) => m[1]!);
}

/** Whether `person` (a surname) is the one taking a post in the sentence: "Rubury was elected", "promoted John Kerslake to". */
export function takesPost(person: string, sentence: string): boolean {
  const p = escape(person);
  return (
    new RegExp(String.raw`\b${p}\b[^.;,]{0,30}?\b(?:has been|have been|had been|was|were|is|will be)\s+(?:\w+\s+)?(?:elected|named|appointed|promoted|nominated)\b`, "u").test(sentence) ||
    new RegExp(String.raw`\b(?:named|appointed|elected|promoted|nominated)\s+(?:\p{Lu}[\p{L}.'’-]*\s+){0,3}${p}\b`, "u").test(sentence)
  );
}

/**
 * Whether a succession sentence leaves `outgoing` (the question's person) out of the leaving role: it
 * names someone else as succeeded, or names `outgoing` as the one taking a post and no one as succeeded.
 */
export function anotherSuccession(outgoing: string, sentence: string): boolean {
  const succeeded = succeededIn(sentence);
  const own = new RegExp(String.raw`\b${escape(outgoing)}\b`, "u");
  if (succeeded.some((n) => own.test(n))) return false;
  return succeeded.length > 0 || takesPost(outgoing, sentence);
}

import { splitSentences } from "../../text/sentences.js";
import { contentTerms } from "../../text/terms.js";

/** An answer sentence with its `[n]` markers taken out. */
export interface ParsedSentence {
  text: string;
  cited: number[];
  /** A line break came before it in the model's text (kept when the answer is rebuilt). */
  breakBefore: boolean;
}

// [1], [1][2], [1, 3], [2-4], [Source 2]: the forms models use when told to cite [n].
const MARKER = /\s*\[(?:sources?\s*)?(\d{1,3}(?:\s*(?:,|;|-|–|and)\s*(?:sources?\s*)?\d{1,3})*)\]/gi;

function numbersOf(inner: string): number[] {
  const out: number[] = [];
  for (const part of inner.split(/\s*(?:,|;|and)\s*/i)) {
    const range = part.match(/(\d+)\s*[-–]\s*(?:sources?\s*)?(\d+)/i);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      for (let n = a; n <= Math.min(b, a + 20); n++) out.push(n);
    } else {
      const n = part.match(/\d+/);
      if (n) out.push(Number(n[0]));
    }
  }
  return out;
}

function clean(text: string): string {
  return text
    .replace(/\s+([.,;:!?])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Splits a model's answer into sentences and their citations. A citation written after the
 * full stop ("… talks. [2] They …") belongs to the sentence before it, not the next one.
 */
export function parseAnswer(raw: string): ParsedSentence[] {
  const out: ParsedSentence[] = [];
  let prevEnd = 0;
  for (const s of splitSentences(raw)) {
    let text = s.text;
    const breakBefore = raw.slice(prevEnd, s.start).includes("\n");
    prevEnd = s.end;
    // Markers at the very start belong to the previous sentence.
    const lead = text.match(new RegExp(`^(?:${MARKER.source})+`, "i"));
    if (lead && out.length) {
      out.at(-1)!.cited.push(...[...lead[0].matchAll(MARKER)].flatMap((m) => numbersOf(m[1])));
      text = text.slice(lead[0].length);
    }
    const cited = [...text.matchAll(MARKER)].flatMap((m) => numbersOf(m[1]));
    const body = clean(text.replace(MARKER, ""));
    if (!/[\p{L}\p{N}]/u.test(body)) {
      // Only markers or punctuation: attach to the sentence before.
      if (out.length) out.at(-1)!.cited.push(...cited);
      continue;
    }
    out.push({ text: body.replace(/^[-*•]\s+/, ""), cited, breakBefore });
  }
  for (const p of out) p.cited = [...new Set(p.cited)];
  return out;
}

// "The sources do not answer this question." and the other ways models say so.
export const NOT_COVERED =
  /\b(sources?|articles?|passages?|context|information provided)\b[^.]{0,40}\b(do(es)?n['’]?t|do(es)? not|did not|didn['’]t|cannot|can['’]?t|never)\b[^.]{0,20}\b(answer|say|says|mention|contain|cover|include|address|specify|provide|state|describe|discuss|give|tell)|\b(not|no)\b[^.]{0,40}\b(mentioned|covered|stated|answered|information|details?)\b[^.]{0,30}\b(in|by|from) the (provided |given )?(sources?|articles?|passages?|context)|\bcannot (be )?answer(ed)?\b/i;

// "The sources add nothing more on this." (prompts/answer.txt, for a "what else?") and close variants.
const ADDS_NOTHING = /\b(sources?|articles?|passages?)\b[^.]{0,30}\b(add|adds|say|says|contain|contains|offer|offers|give|gives)\s+nothing\s+(more|else|new|further)\b/i;

/** The whole reply says the sources add nothing beyond what the user was already told. */
export function addsNothing(raw: string): boolean {
  const parsed = parseAnswer(raw);
  return parsed.some((p) => ADDS_NOTHING.test(p.text)) && parsed.every((p) => isNonClaim(p.text));
}

/** Says what the sources do not cover, or is too bare to be a claim ("In short:"). */
export function isNonClaim(text: string): boolean {
  if (NOT_COVERED.test(text) || ADDS_NOTHING.test(text)) return true;
  const meta = new Set(contentTerms("source sources article passage according provided"));
  return contentTerms(text).filter((t) => !meta.has(t)).length < 2;
}

import { contentTerms } from "./terms.js";

/**
 * The content terms of a text, word by word: no token spans whitespace (tokenize's patterns and
 * its acronym and accent passes are all local to a run of non-space characters), so the terms of
 * any slice that starts and ends between words are the terms of the words inside it, read off
 * without tokenising the text again. An ingest indexes an article whole (article BM25) and again
 * as overlapping passages (passage BM25): this tokenises it once. Words repeat endlessly in an
 * archive, so each distinct word is tokenised once per `memo`.
 */
export class TermSpans {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  readonly #terms: (readonly string[])[] = [];

  constructor(text: string, memo: Map<string, readonly string[]> = new Map()) {
    for (const m of text.matchAll(/\S+/g)) {
      const word = m[0];
      let terms = memo.get(word);
      if (terms === undefined) {
        terms = contentTerms(word);
        if (memo.size > 200_000) memo.clear();
        memo.set(word, terms);
      }
      this.#starts.push(m.index!);
      this.#ends.push(m.index! + word.length);
      this.#terms.push(terms);
    }
  }

  /** `contentTerms(text)`. */
  all(): string[] {
    return this.#terms.flat();
  }

  /** `contentTerms(text.slice(start, end))`, or null when the slice cuts a word (then tokenise it). */
  slice(start: number, end: number): string[] | null {
    let i = lowerBound(this.#ends, start + 1); // the first word ending after `start`
    if (i < this.#starts.length && this.#starts[i] < start) return null; // `start` is inside it
    const out: string[] = [];
    for (; i < this.#starts.length && this.#starts[i] < end; i++) {
      if (this.#ends[i] > end) return null; // `end` is inside it
      for (const t of this.#terms[i]) out.push(t);
    }
    return out;
  }
}

/** The first index whose value is >= x, in an ascending list. */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

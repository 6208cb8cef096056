import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { contentTerms } from "../text/terms.js";
import type { TermSpans } from "../text/term-spans.js";
import type { IndexedPassage, SentenceSpan } from "./passage.js";
import { int32s } from "./passage-files.js";

/**
 * Each article's sentences as terms, taken at ingest from the tokens its BM25 entries were read from
 * (term-spans.ts), so the abstention decision never tokenises an article's sentences again to see
 * which of them hold the question's terms (answer/article-terms.ts; BBC: a tenth of a decision's CPU).
 * An article's sentences are those of its passages, in article order, a sentence two passages share
 * once (the first passage's). Kept by the article's first passage label, as the article BM25 is.
 *
 * On disk (format 5): `sentence-terms.json` (the terms) and `sentence-terms.i32`: per article its first
 * label, the length of its row, then per sentence the count of its terms and their numbers.
 */
export class SentenceTerms {
  readonly #terms: string[];
  readonly #ids: Map<string, number>;
  readonly #rows = new Map<number, Int32Array>();

  constructor(terms: string[] = []) {
    this.#terms = terms;
    this.#ids = new Map(terms.map((t, i) => [t, i]));
  }

  static readonly FILES = ["sentence-terms.json", "sentence-terms.i32"];

  /** An article's sentences in article order (a shared one once), as the decision reads them. */
  static sentencesOf(passages: readonly IndexedPassage[]): SentenceSpan[] {
    const spans = passages.flatMap((p) => p.sentences).sort((a, b) => a.start - b.start);
    const seen = new Set<number>();
    return spans.filter((s) => !seen.has(s.start) && seen.add(s.start));
  }

  /** Files an article's sentences: their terms read off `spans` (the article's tokens), or the sentence tokenised when a span cuts a word. */
  add(firstLabel: number, passages: readonly IndexedPassage[], text: string, spans?: TermSpans): void {
    const row: number[] = [];
    for (const s of SentenceTerms.sentencesOf(passages)) {
      const terms = spans?.slice(s.start, s.end) ?? contentTerms(text.slice(s.start, s.end));
      row.push(terms.length);
      for (const t of terms) {
        let id = this.#ids.get(t);
        if (id === undefined) this.#ids.set(t, (id = this.#terms.push(t) - 1));
        row.push(id);
      }
    }
    this.#rows.set(firstLabel, Int32Array.from(row));
  }

  remove(firstLabel: number): void {
    this.#rows.delete(firstLabel);
  }

  has(firstLabel: number): boolean {
    return this.#rows.has(firstLabel);
  }

  /** Calls `each` with every term of the article's sentences and the sentence's place; returns how many sentences, or null when the article's are not filed. */
  read(firstLabel: number, each: (term: string, sentence: number) => void): number | null {
    const row = this.#rows.get(firstLabel);
    if (!row) return null;
    let sentence = 0;
    for (let at = 0; at < row.length; sentence++) {
      const end = at + 1 + row[at]!;
      for (at++; at < end; at++) each(this.#terms[row[at]!]!, sentence);
    }
    return sentence;
  }

  write(dir: string): void {
    const rows = [...this.#rows];
    const table = new Int32Array(1 + rows.reduce((n, [, r]) => n + 2 + r.length, 0));
    table[0] = rows.length;
    let at = 1;
    for (const [label, r] of rows) {
      table[at++] = label;
      table[at++] = r.length;
      table.set(r, at);
      at += r.length;
    }
    writeFileSync(path.join(dir, "sentence-terms.json"), JSON.stringify({ terms: this.#terms }));
    writeFileSync(path.join(dir, "sentence-terms.i32"), table);
  }

  static read(dir: string): SentenceTerms {
    const { terms } = JSON.parse(readFileSync(path.join(dir, "sentence-terms.json"), "utf8")) as { terms: unknown };
    if (!Array.isArray(terms) || terms.some((t) => typeof t !== "string")) throw new Error("sentence-terms.json is not a term list");
    const table = int32s(readFileSync(path.join(dir, "sentence-terms.i32")));
    const read = new SentenceTerms(terms as string[]);
    let at = 1;
    for (let n = 0; n < (table[0] ?? 0); n++) {
      const [label, length] = [table[at]!, table[at + 1]!];
      if (length === undefined || at + 2 + length > table.length) throw new Error("sentence-terms.i32 is cut short");
      const row = table.subarray(at + 2, at + 2 + length);
      for (let i = 0; i < row.length; i += 1 + row[i]!) for (let j = i + 1; j <= i + row[i]!; j++) if (!(row[j]! >= 0 && row[j]! < terms.length)) throw new Error("sentence-terms.i32 names a term it does not have");
      read.#rows.set(label, row);
      at += 2 + length;
    }
    if (at !== table.length) throw new Error("sentence-terms.i32 has the wrong size");
    return read;
  }
}

/**
 * An article's words as the abstention decision asks about them: whether its title and text hold a
 * term, a figure, or another form of a name. Read from the index's BM25 over whole articles (built at
 * ingest from the same title and text), so a decision costs no pass over its cited articles' text;
 * only the text itself (a calendar day looked for, a period's function words) is rebuilt when asked.
 * BBC: the decision's first call on a question read up to five long articles (p95 7.5 ms).
 *
 * The best article's sentences are tokenised once per article, from its text rebuilt once, and
 * filed by term (`sentencesWith`), so each question asks for its own few terms instead of
 * scanning every sentence's terms. (Tokenising word by word through a shared memo, as an ingest does
 * in term-spans.ts, measured twice as slow here: a decision meets mostly words not yet memoised.)
 */
import type { BriefingIndex } from "../index/store.js";
import { contentTerms, tokenize } from "../text/terms.js";

export class ArticleTerms {
  #text: string | undefined;
  #tokens: Set<string> | undefined;
  /** Which sentences (by place) hold each term, how many there are, and the terms by their first four letters. */
  #where: Map<string, number[]> | undefined;
  #count = 0;
  #byPrefix: Map<string, string[]> | undefined;

  constructor(
    private readonly index: BriefingIndex,
    readonly id: string,
  ) {}

  /** Whether the article holds the term (as `contentTerms` normalises it). */
  has(term: string): boolean {
    return this.index.lexical.articleHolds(this.id, term);
  }

  /** Whether the article holds a term that `match`es, among those sharing `term`'s first four letters (the only ones another form of a name can be). */
  holdsNear(term: string, match: (other: string) => boolean): boolean {
    for (const t of this.index.lexical.termsStartingWith(term)) if (match(t) && this.has(t)) return true;
    return false;
  }

  /**
   * Whether the article's text holds the token as written: a figure is a term as it stands ("1000",
   * "1987"); any other word is looked for in the text, since a term stands for several words ("markets").
   */
  hasToken(token: string): boolean {
    if (/\d/.test(token) && contentTerms(token).length === 1 && contentTerms(token)[0] === token) return this.has(token);
    return (this.#tokens ??= new Set(tokenize(this.text))).has(token);
  }

  /** Title and text, rebuilt from the passages only when asked. */
  get text(): string {
    if (this.#text === undefined) {
      const entry = this.index.articles.get(this.id);
      this.#text = entry ? `${entry.title}\n${this.index.articleText(this.id, 0, entry.length)}` : "";
    }
    return this.#text;
  }

  /** The article's text between two offsets: `articleText(id, start, end)`, cut from the text rebuilt once. */
  textBetween(start: number, end: number): string {
    const entry = this.index.articles.get(this.id);
    if (!entry) return this.index.articleText(this.id, start, end);
    const at = entry.title.length + 1; // the text opens with the title and a newline
    return this.text.slice(at + start, at + Math.min(end, entry.length));
  }

  /** How many sentences the article has (a sentence two passages share, once). */
  get sentenceCount(): number {
    this.#file();
    return this.#count;
  }

  /** The places (ascending) of the sentences holding `term`; the title's terms count for the first sentence: a headline names what the opening goes on about. */
  sentencesWith(term: string): readonly number[] {
    return this.#file().get(term) ?? [];
  }

  /** Each sentence tokenised once, its terms filed by sentence (no set per sentence: this runs on a question's first call). */
  #file(): Map<string, number[]> {
    if (!this.#where) {
      const where = new Map<string, number[]>();
      const file = (t: string, i: number) => {
        const at = where.get(t);
        if (!at) where.set(t, [i]);
        else if (at[at.length - 1] !== i) at.push(i);
      };
      const title = this.index.articles.get(this.id)?.title;
      // The title's terms first, as below: a sentence's place is filed in the order it is met.
      const titleTerms = title ? contentTerms(title) : [];
      let first = true;
      // Filed at ingest (index/sentence-terms.ts); an index from before that tokenises them here.
      let count = this.index.lexical.sentenceTerms(this.id, (t, i) => {
        if (first) for (const x of titleTerms) file(x, 0);
        first = false;
        file(t, i);
      });
      if (count === null) {
        const spans = this.index.passagesOf(this.id).flatMap((p) => p.sentences).sort((a, b) => a.start - b.start);
        const seen = new Set<number>();
        const sentences = spans.filter((s) => !seen.has(s.start) && seen.add(s.start));
        if (sentences.length) for (const t of titleTerms) file(t, 0);
        sentences.forEach((s, i) => {
          for (const t of contentTerms(this.textBetween(s.start, s.end))) file(t, i);
        });
        count = sentences.length;
      } else if (first && count) for (const x of titleTerms) file(x, 0);
      [this.#where, this.#count] = [where, count];
    }
    return this.#where;
  }

  /** The sentences' terms that start with `term`'s first four letters (the only ones another form of a name can be). */
  sentenceTermsNear(term: string): readonly string[] {
    if (!this.#byPrefix) {
      this.#byPrefix = new Map();
      for (const t of this.#file().keys()) {
        if (t.length < 4) continue;
        const row = this.#byPrefix.get(t.slice(0, 4));
        if (row) row.push(t);
        else this.#byPrefix.set(t.slice(0, 4), [t]);
      }
    }
    return this.#byPrefix.get(term.slice(0, 4)) ?? [];
  }
}

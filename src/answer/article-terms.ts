/**
 * An article's words as the abstention decision asks about them: whether its title and text hold a
 * term, a figure, or another form of a name. Read from the index's BM25 over whole articles (built at
 * ingest from the same title and text), so a decision costs no pass over its cited articles' text;
 * only the text itself (a calendar day looked for, a period's function words) is rebuilt when asked.
 * BBC: the decision's first call on a question read up to five long articles (p95 7.5 ms).
 */
import type { BriefingIndex } from "../index/store.js";
import { contentTerms, tokenize } from "../text/terms.js";

export class ArticleTerms {
  #text: string | undefined;
  #tokens: Set<string> | undefined;

  constructor(
    private readonly index: BriefingIndex,
    readonly id: string,
  ) {}

  /** Whether the article holds the term (as `contentTerms` normalises it). */
  has(term: string): boolean {
    return this.index.articleHolds(this.id, term);
  }

  /** Whether the article holds a term that `match`es, among those sharing `term`'s first four letters (the only ones another form of a name can be). */
  holdsNear(term: string, match: (other: string) => boolean): boolean {
    for (const t of this.index.termsStartingWith(term)) if (match(t) && this.has(t)) return true;
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
}

import type { Article } from "../corpus/types.js";
import { contentTerms } from "../text/terms.js";
import { TermSpans } from "../text/term-spans.js";
import { Bm25Index } from "./bm25.js";
import type { IndexedPassage } from "./passage.js";
import { SentenceTerms } from "./sentence-terms.js";

/**
 * The archive's lexical side: BM25 over passages and BM25 over whole articles (title + text, keyed by
 * each article's first passage label), kept in step by `addArticles` / `removeArticle`. Passages
 * themselves live in the store (`BriefingIndex`); this reads them through `passage`. Only the store
 * changes it; readers get it as a `LexicalReader` (`index.lexical`).
 */
export class LexicalIndex {
  readonly #bm25: Bm25Index;
  readonly #articleBm25: Bm25Index;
  /** Each article's sentences as terms (sentence-terms.ts); none for an index read from format 4 until it is rewritten. */
  readonly #sentences: SentenceTerms;
  readonly #passage: (label: number) => IndexedPassage | undefined;
  readonly #firstLabel: (articleId: string) => number | undefined;

  /** `passage` and `firstLabel` read the store's passages and articles (an article's BM25 entry is keyed by its first passage's label). */
  constructor(
    parts: { bm25: Bm25Index; articleBm25: Bm25Index; sentenceTerms?: SentenceTerms | null } | null,
    passage: (label: number) => IndexedPassage | undefined,
    firstLabel: (articleId: string) => number | undefined,
  ) {
    this.#bm25 = parts?.bm25 ?? new Bm25Index();
    this.#articleBm25 = parts?.articleBm25 ?? new Bm25Index();
    this.#sentences = parts?.sentenceTerms ?? new SentenceTerms();
    this.#passage = passage;
    this.#firstLabel = firstLabel;
  }

  /** The two BM25 indexes and the sentences' terms, for writing a generation (generation-write.ts). */
  get files(): { bm25: Bm25Index; articleBm25: Bm25Index; sentenceTerms: SentenceTerms } {
    return { bm25: this.#bm25, articleBm25: this.#articleBm25, sentenceTerms: this.#sentences };
  }

  /**
   * Files the sentences' terms of articles that have none (an index read from format 4), each sentence
   * tokenised from the article's text rebuilt: before such an index is written in the current format.
   */
  completeSentenceTerms(articles: Iterable<{ passages: readonly IndexedPassage[]; text: () => string }>): void {
    for (const a of articles) if (a.passages.length && !this.#sentences.has(a.passages[0]!.label)) this.#sentences.add(a.passages[0]!.label, a.passages, a.text());
  }

  /**
   * Indexes articles' passages and the articles themselves. Each article is tokenised once, for its
   * passages and for itself (term-spans.ts), giving the same terms as `${title}\n${text}`; each
   * distinct word of the batch once.
   */
  addArticles(added: readonly { article: Article; passages: readonly IndexedPassage[] }[]): void {
    const words = new Map<string, readonly string[]>();
    for (const { article, passages } of added) {
      const title = contentTerms(article.title);
      const spans = new TermSpans(article.text, words);
      for (const p of passages) this.#bm25.addTerms(p.label, [...title, ...(spans.slice(p.start, p.end) ?? contentTerms(p.text))]);
      if (passages.length) this.#articleBm25.addTerms(passages[0]!.label, [...title, ...spans.all()]);
      if (passages.length) this.#sentences.add(passages[0]!.label, passages, article.text, spans);
    }
  }

  /** Takes an article's passages (its labels, first one first) out of both indexes. */
  removeArticle(labels: readonly number[]): void {
    if (labels.length) this.#articleBm25.remove(labels[0]!);
    if (labels.length) this.#sentences.remove(labels[0]!);
    for (const label of labels) this.#bm25.remove(label);
  }

  /** Okapi BM25 over passages: the top `k` for the query, best first; `allow` restricts the passages considered. */
  search(query: string, k: number, allow?: (p: IndexedPassage) => boolean): { passage: IndexedPassage; score: number }[] {
    return this.#bm25
      .search(query, k, allow ? (l) => allow(this.#passage(l)!) : undefined)
      .map((h) => ({ passage: this.#passage(h.label)!, score: h.score }))
      .filter((h) => h.passage);
  }

  /** BM25 over whole articles (terms spread over an article's chunks still find it); `allow` sees each article's first passage. */
  articleSearch(query: string, k: number, allow?: (firstPassage: IndexedPassage) => boolean): { articleId: string; score: number }[] {
    return this.#articleBm25
      .search(query, k, allow ? (l) => allow(this.#passage(l)!) : undefined)
      .map((h) => ({ articleId: this.#passage(h.label)?.articleId ?? "", score: h.score }))
      .filter((h) => h.articleId);
  }

  /** Inverse document frequency of a term (as `contentTerms` normalises it) over the passages. */
  idf(term: string): number {
    return this.#bm25.idf(term);
  }

  /** Passages holding the term (as `contentTerms` normalises it). */
  documentFrequency(term: string): number {
    return this.#bm25.documentFrequency(term);
  }

  /** Whether an article's title and text hold a term, read from the BM25 over whole articles, not the text. */
  articleHolds(articleId: string, term: string): boolean {
    const first = this.#firstLabel(articleId);
    return first !== undefined && this.#articleBm25.holds(term, first);
  }

  /**
   * Calls `each` with every term of an article's sentences (in article order, a sentence two passages
   * share once) and the sentence's place, as filed at ingest; returns how many sentences, or null when
   * none are filed (an index read from format 4: the caller tokenises them).
   */
  sentenceTerms(articleId: string, each: (term: string, sentence: number) => void): number | null {
    const first = this.#firstLabel(articleId);
    return first === undefined ? null : this.#sentences.read(first, each);
  }

  /** Terms of the archive's articles starting with the first four letters of `prefix` (other forms of a name). */
  termsStartingWith(prefix: string): readonly string[] {
    return this.#articleBm25.termsStartingWith(prefix);
  }
}

/** The lexical side as the index hands it to readers (`index.lexical`): searches and term statistics, nothing that changes it. */
export type LexicalReader = Pick<LexicalIndex, "search" | "articleSearch" | "idf" | "documentFrequency" | "articleHolds" | "termsStartingWith" | "sentenceTerms">;

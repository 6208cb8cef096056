import type { AskOptions, Briefer } from "../answer/briefer.js";
import type { Briefing } from "../answer/types.js";
import { resolveSettings, type Flags, type Settings } from "../config.js";
import type { Article } from "../corpus/types.js";
import { UserError } from "../errors.js";
import type { ArticleEntry } from "../index/manifest.js";
import type { RetrieverKind, ScoredPassage } from "../retrieval/types.js";

/**
 * The archive as a program uses it: open once, then ask, search, read and list articles, close.
 * Every method answers from the one index opened here; bad input throws a UserError whose
 * message is one line naming what was wrong.
 */

export interface OpenBriefingOptions {
  /** Corpus folder (default: BRIEFING_CORPUS, else the package's seed corpus). */
  corpus?: string;
  /** Index folder (default: BRIEFING_INDEX, else `.briefing/indexes/<corpus>-<hash>` under the working directory). */
  index?: string;
  /** Embedder spec (default `use-lite`, offline). */
  embeddings?: string;
  /** Chat model spec for `ask` (default `none`: the extractive briefing). */
  llm?: string;
  /** Passages per answer and default hits per search (default 5). */
  k?: number;
  retriever?: RetrieverKind;
  /**
   * Bring the index up to date with the corpus first (default true; embeds only what changed).
   * False uses the index as it is, without reading the corpus.
   */
  refresh?: boolean;
  /** One-line notices (index repaired, another process indexing, …). */
  onNotice?: (line: string) => void;
}

/** An article's metadata as indexed. */
export interface ArticleInfo {
  id: string;
  title: string;
  /** ISO `YYYY-MM-DD`, or null when the article gives no date. */
  date: string | null;
  /** Where it came from: the file (as the corpus folder was given), `#id` for records in a file. */
  source: string;
  url?: string;
  /** Characters in the article text. */
  length: number;
}

/** An article's text, whole or a span of it; offsets are those of citations and search hits. */
export interface ArticleText extends ArticleInfo {
  start: number;
  end: number;
  text: string;
}

export interface SearchOptions {
  /** How many passages (default: the archive's k). */
  k?: number;
  /** Only articles dated on or after this ISO date (YYYY-MM-DD); undated articles are left out. */
  from?: string;
  /** Only articles dated on or before this ISO date. */
  to?: string;
}

/** A retrieved passage as retrieval scores it, without the index's chunk id: `text` is the article's text between `start` and `end`. */
export type SearchHit = Omit<ScoredPassage, "id">;

export interface ListOptions {
  from?: string;
  to?: string;
  /** Words that must all occur in the title (case-insensitive). */
  title?: string;
  /** Articles to skip (default 0). */
  offset?: number;
  /** Page size (default 20, at most 200). */
  limit?: number;
}

export interface ArticlePage {
  /** Articles matching the filter, over all pages. */
  total: number;
  offset: number;
  articles: ArticleInfo[];
  /** The offset of the next page, when there is one. */
  nextOffset?: number;
}

export const MAX_K = 50;
export const MAX_PAGE = 200;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class BriefingArchive {
  private texts?: Promise<Map<string, Article>>;
  private closed = false;

  private constructor(
    readonly settings: Settings,
    private readonly briefer: Briefer,
  ) {}

  static async open(options: OpenBriefingOptions = {}): Promise<BriefingArchive> {
    const flags: Flags = { corpus: options.corpus, index: options.index, embeddings: options.embeddings, llm: options.llm, k: options.k, retriever: options.retriever };
    // A bad value is blamed on the option as the caller named it (`k`, not the CLI's `--k`).
    return BriefingArchive.withSettings(resolveSettings(flags, process.env, (name) => name), options);
  }

  /** Opens with settings already resolved (the CLI's flags > env > defaults). */
  static async withSettings(settings: Settings, options: Pick<OpenBriefingOptions, "refresh" | "onNotice"> = {}): Promise<BriefingArchive> {
    // The pipeline loads here, not at import: `import "briefing"` stays cheap.
    const { openPipeline } = await import("../pipeline.js");
    return new BriefingArchive(settings, await openPipeline(settings, { onNotice: options.onNotice, refresh: options.refresh !== false }));
  }

  /** Articles in the index. */
  get size(): number {
    return this.briefer.index.articles.size;
  }

  /** A cited briefing for a question (follow-ups: pass the earlier turns as `history`). */
  async ask(question: string, options: Pick<AskOptions, "k" | "history" | "signal"> = {}): Promise<Briefing> {
    this.ensureOpen();
    if (options.k !== undefined) checkK(options.k);
    return this.briefer.ask(question, options);
  }

  /** Passages for a query by hybrid retrieval (dense + BM25), best first. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    this.ensureOpen();
    const q = query.trim();
    if (!q) throw new UserError("the query is empty", "give the words to search for");
    const k = options.k ?? this.settings.k;
    checkK(k);
    const period = checkPeriod(options.from, options.to);
    const { retrieve, scoredPassages } = await import("../retrieval/hybrid.js");
    const vector = Float32Array.from(await this.briefer.embeddings.embedQuery(q));
    const retrieval = await retrieve(this.briefer.index, vector, q, { k, kind: this.settings.retriever, ...(period ? { period } : {}) });
    const texts = await this.corpusTexts();
    return scoredPassages(retrieval).map((p) => ({
      articleId: p.articleId,
      title: p.title,
      date: p.date,
      source: p.source,
      start: p.start,
      end: p.end,
      text: this.textOf(texts, p.articleId, p.start, p.end),
      score: p.score,
      ...(p.dense !== undefined ? { dense: p.dense } : {}),
      ...(p.bm25 ? { bm25: p.bm25 } : {}),
    }));
  }

  /** An article's metadata, or undefined when the index has no such article. */
  article(id: string): ArticleInfo | undefined {
    this.ensureOpen();
    const entry = this.briefer.index.articles.get(id);
    return entry ? info(entry) : undefined;
  }

  /**
   * An article's text, whole or between two offsets. Read from the corpus file when it is
   * unchanged since indexing (so offsets match), else rebuilt from the indexed passages.
   */
  async articleText(id: string, span: { start?: number; end?: number } = {}): Promise<ArticleText> {
    this.ensureOpen();
    const entry = this.briefer.index.articles.get(id);
    if (!entry) throw new UserError(`no article with id "${id}" in the index`, "use list_articles or search to find article ids");
    const start = span.start ?? 0;
    const end = span.end ?? entry.length;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > entry.length || start > end) {
      throw new UserError(`offsets ${start}..${end} are outside the article "${id}" (0..${entry.length})`, "give 0 <= start <= end <= length");
    }
    return { ...info(entry), start, end, text: this.textOf(await this.corpusTexts(), id, start, end) };
  }

  /** Articles by date (newest first, undated last), filtered by period and title words, one page at a time. */
  listArticles(options: ListOptions = {}): ArticlePage {
    this.ensureOpen();
    const period = checkPeriod(options.from, options.to);
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 20;
    if (!Number.isInteger(offset) || offset < 0) throw new UserError(`offset must be a whole number from 0 (got ${offset})`, "start from 0");
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new UserError(`limit must be a whole number from 1 to ${MAX_PAGE} (got ${limit})`, "ask for smaller pages");
    const words = (options.title ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const matching = [...this.briefer.index.articles.values()].filter(
      (a) =>
        (!period?.from || (a.date !== null && a.date >= period.from)) &&
        (!period?.to || (a.date !== null && a.date <= period.to)) &&
        words.every((w) => a.title.toLowerCase().includes(w)),
    );
    matching.sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
    const page = matching.slice(offset, offset + limit).map(info);
    return { total: matching.length, offset, articles: page, ...(offset + limit < matching.length ? { nextOffset: offset + limit } : {}) };
  }

  /** Every article's metadata, newest first. */
  allArticles(): ArticleInfo[] {
    this.ensureOpen();
    return [...this.briefer.index.articles.values()].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.id.localeCompare(b.id)).map(info);
  }

  /** Lets go of the model and any background work; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.briefer.close();
  }

  /**
   * Every method after `close()` throws one clear line: before, they went on answering after the
   * model and background work had been let go, so a use-after-close bug in a program went unseen.
   */
  private ensureOpen(): void {
    if (this.closed) throw new UserError("the archive is closed", "open it again with openBriefing()");
  }

  /**
   * Article text between offsets: from the corpus file when it is unchanged since indexing, else
   * rebuilt from the indexed passages (where whitespace between chunks comes back as spaces).
   */
  private textOf(texts: Map<string, Article>, id: string, start: number, end: number): string {
    const article = texts.get(id);
    return article && article.hash === this.briefer.index.articles.get(id)?.hash ? article.text.slice(start, end) : this.briefer.index.articleText(id, start, end);
  }

  /** The corpus read once, on the first text request (the index keeps passages, not whole texts). */
  private corpusTexts(): Promise<Map<string, Article>> {
    this.texts ??= import("../corpus/load.js")
      .then(({ loadCorpus }) => loadCorpus(this.settings.corpus))
      .then((r) => new Map(r.articles.map((a) => [a.id, a])))
      .catch(() => new Map()); // a corpus gone since indexing: the passages still give the text
    return this.texts;
  }
}

/** Opens a corpus's index (building or refreshing it first unless `refresh: false`). */
export function openBriefing(options: OpenBriefingOptions = {}): Promise<BriefingArchive> {
  return BriefingArchive.open(options);
}

function info(a: ArticleEntry): ArticleInfo {
  return { id: a.id, title: a.title, date: a.date, source: a.source, ...(a.url ? { url: a.url } : {}), length: a.length };
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new UserError(`k must be a whole number from 1 to ${MAX_K} (got ${k})`, "ask for fewer passages");
}

function checkPeriod(from?: string, to?: string): { from?: string; to?: string } | undefined {
  for (const [name, d] of [["from", from], ["to", to]] as const) {
    if (d !== undefined && (!ISO_DATE.test(d) || Number.isNaN(Date.parse(d)))) throw new UserError(`${name} must be a date as YYYY-MM-DD (got "${d}")`, "write dates like 2024-01-31");
  }
  if (from && to && from > to) throw new UserError(`from (${from}) is after to (${to})`, "swap the dates");
  return from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;
}

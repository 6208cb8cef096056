/** One news article as the user knows it: a file, or one record inside a .json/.jsonl/.csv file. */
export interface Article {
  /** Stable id: the path inside the corpus folder, however the folder was named (plus `#id` for records inside a file). */
  id: string;
  title: string;
  /** ISO date `YYYY-MM-DD` when the article gives one, else null. */
  date: string | null;
  /** Path as the corpus was given (relative when the corpus was given relatively), `#id` for records. */
  source: string;
  url?: string;
  /** The article body. Passage offsets and quotes refer to this exact string. */
  text: string;
  /** sha256 of title, date and text: the incremental indexer embeds an article again only when this changes. */
  hash: string;
}

/** A chunk of an article: the unit that is embedded, indexed and retrieved. */
export interface Passage {
  /** `${articleId}::${index}` */
  id: string;
  articleId: string;
  title: string;
  date: string | null;
  source: string;
  /** Character offsets in `Article.text`: `article.text.slice(start, end) === text`. */
  start: number;
  end: number;
  text: string;
}

/** A file (or a record in it) that could not be used, with the reason, for a one-line report. */
export interface LoadProblem {
  path: string;
  reason: string;
}

export interface LoadResult {
  articles: Article[];
  problems: LoadProblem[];
}

export interface ChunkingSettings {
  chunkSize: number;
  chunkOverlap: number;
}

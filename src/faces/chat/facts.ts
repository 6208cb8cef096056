import type { Briefing } from "../../answer/types.js";
import type { Settings } from "../../config.js";
import type { BriefingIndex } from "../../index/store.js";
import { normalizeWhitespace } from "../../text/sanitize.js";
import type { PassageRow } from "../terminal/briefing.js";

/**
 * What the chat's views show, computed from a briefing and the index as plain data, so the
 * Ink views and the piped (plain text) mode say the same things. Corpus text is made safe where
 * it is laid out for the terminal (terminal/wrap.ts), whichever view draws it.
 */

/** A numbered source under an answer: `[n] Title — date — source`. */
export interface SourceRef {
  n: number;
  title: string;
  date: string;
  source: string;
  articleId: string;
  start: number;
  end: number;
}

/**
 * The sources listed under an answer: its citations, or for a "not covered" answer the nearest
 * passages; none after "Nothing more on …" (nothing new was cited).
 */
export function sourcesOf(b: Briefing): { heading: string; items: SourceRef[] } {
  if (b.nothingMore) return { heading: "", items: [] };
  if (b.abstained || b.citations.length === 0) {
    const items = b.passages.slice(0, 3).map((p, i) => ({ n: i + 1, title: p.title, date: p.date ?? "undated", source: p.source, articleId: p.articleId, start: p.start, end: p.end }));
    return { heading: items.length ? "Nearest sources" : "", items };
  }
  const items = b.citations.map((c) => ({ n: c.n, title: c.title, date: c.date ?? "undated", source: c.source, articleId: c.articleId, start: c.start, end: c.end }));
  return { heading: "Sources", items };
}

export interface SourceRow {
  rank: number;
  title: string;
  date: string;
  source: string;
  /** Fused (reciprocal-rank) score; higher is better. */
  score: number;
  dense?: number;
  bm25?: number;
  /** Citation numbers of the answer that quote this passage. */
  cited: number[];
  place: string;
  snippet: string;
}

/** The passages retrieved for a briefing, best first, with their scores (for /sources). */
export function sourceRows(b: Briefing, index: BriefingIndex, snippetChars = 220): SourceRow[] {
  return b.passages.map((p, i) => {
    const cited = b.citations.filter((c) => c.articleId === p.articleId && c.start < p.end && c.end > p.start).map((c) => c.n);
    const place = placeIn(index, p.articleId, p.start, p.end);
    const text = normalizeWhitespace(p.text);
    return {
      rank: i + 1,
      title: p.title,
      date: p.date ?? "undated",
      source: p.source,
      score: p.score,
      ...(p.dense !== undefined ? { dense: p.dense } : {}),
      ...(p.bm25 !== undefined ? { bm25: p.bm25 } : {}),
      cited,
      place,
      snippet: text.length > snippetChars ? `${text.slice(0, snippetChars).replace(/\s+\S*$/, "")}…` : text,
    };
  });
}

/** "passage 2 of 5" (or "passages 2–3 of 5" for a span retrieval merged), by offsets in the article. */
export function placeIn(index: BriefingIndex, articleId: string, start: number, end: number): string {
  const all = index.passagesOf(articleId);
  const hit = all.map((q, i) => (q.start < end && q.end > start ? i + 1 : 0)).filter(Boolean);
  if (!hit.length) return "passage";
  const [first, last] = [hit[0]!, hit.at(-1)!];
  return first === last ? `passage ${first} of ${all.length}` : `passages ${first}–${last} of ${all.length}`;
}

/** A row as /sources lays it out: its place and scores on one line. */
export function passageRow(r: SourceRow): PassageRow {
  return { rank: r.rank, title: r.title, date: r.date, source: r.source, detail: `${r.place} · ${scoreLine(r)}`, snippet: r.snippet };
}

export function scoreLine(r: SourceRow): string {
  const parts = [`score ${r.score.toFixed(4)}`];
  if (r.dense !== undefined) parts.push(`dense ${r.dense.toFixed(2)}`);
  if (r.bm25 !== undefined) parts.push(`bm25 ${r.bm25.toFixed(2)}`);
  if (r.cited.length) parts.push(`cited as ${r.cited.map((n) => `[${n}]`).join("")}`);
  return parts.join(" · ");
}

export type Opened =
  | { ok: false; message: string }
  | {
      ok: true;
      ref: SourceRef;
      /** The passage split around the quoted sentence. */
      before: string;
      quote: string;
      after: string;
      place: string;
    };

/** Source [n] of a briefing opened in its passage (for /open N). */
export function openSource(b: Briefing | undefined, index: BriefingIndex, n: number | null): Opened {
  if (!b) return { ok: false, message: "No answer yet: ask a question first, then /open 1 shows its first source." };
  const { items } = sourcesOf(b);
  if (items.length === 0) return { ok: false, message: "The last answer has no sources to open." };
  const range = items.length === 1 ? "1" : `1–${items.length}`;
  const ref = items.find((r) => r.n === n);
  if (n === null || !ref) return { ok: false, message: `Give a source number: /open ${range} (the numbers in the last answer).` };

  const passages = index.passagesOf(ref.articleId);
  const overlap = (p: { start: number; end: number }) => Math.min(p.end, ref.end) - Math.max(p.start, ref.start);
  const best = passages.reduce<(typeof passages)[number] | undefined>((a, p) => (!a || overlap(p) > overlap(a) ? p : a), undefined);
  const length = index.articles.get(ref.articleId)?.length;
  if (!best || overlap(best) <= 0) return { ok: false, message: `Source [${n}] (${ref.title}) is no longer in the index; ask again to refresh.` };

  const qs = Math.max(ref.start, best.start) - best.start;
  const qe = Math.min(ref.end, best.end) - best.start;
  const tidy = (s: string) => s.replace(/\n{3,}/g, "\n\n");
  const k = passages.indexOf(best);
  const of = length ? ` of ${length.toLocaleString("en-US")}` : "";
  const pct = length ? ` (${Math.round((best.start / length) * 100)}%–${Math.round((best.end / length) * 100)}% of the article)` : "";
  return {
    ok: true,
    ref,
    before: tidy(best.text.slice(0, qs)),
    quote: tidy(best.text.slice(qs, qe)),
    after: tidy(best.text.slice(qe)),
    place: `passage ${k + 1} of ${passages.length} · characters ${best.start.toLocaleString("en-US")}–${best.end.toLocaleString("en-US")}${of}${pct}`,
  };
}

export interface CorpusFacts {
  name: string;
  corpus: string;
  articles: number;
  chunks: number;
  embedder: string;
  answers: string;
  indexDir: string;
  updated: string;
  age: string;
  titles: { title: string; date: string }[];
}

export function corpusFacts(index: BriefingIndex, settings: Settings, now = Date.now()): CorpusFacts {
  const m = index.manifest;
  const titles = [...index.articles.values()]
    .map((a) => ({ title: a.title, date: a.date ?? "undated" }))
    // Newest first, undated last.
    .sort((a, b) => (a.date === b.date ? a.title.localeCompare(b.title) : a.date === "undated" ? 1 : b.date === "undated" ? -1 : a.date < b.date ? 1 : -1));
  return {
    name: corpusName(settings.corpus),
    corpus: settings.corpus,
    articles: m.articleCount,
    chunks: m.passageCount,
    embedder: m.embedder.id,
    answers: answerMode(settings),
    indexDir: index.dir,
    updated: m.updatedAt,
    age: formatAge(now - Date.parse(m.updatedAt)),
    titles,
  };
}

export function corpusName(corpus: string): string {
  return corpus.replace(/[\\/]+$/, "").split(/[\\/]/).at(-1) || corpus;
}

export function answerMode(settings: Settings): string {
  return settings.llm === "none" ? "extractive" : `llm ${settings.llm}`;
}

export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return "unknown age";
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s < 5 ? "just now" : `${s} seconds ago`;
  const units: [number, string][] = [[86400, "day"], [3600, "hour"], [60, "minute"]];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? "" : "s"} ago`;
    }
  }
  return "just now";
}

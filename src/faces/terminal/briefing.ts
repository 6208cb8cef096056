/**
 * How a briefing is laid out, for every face: the answer with its citation markers, how the
 * question was understood, notices, the sources (with their quotes when printed), and the
 * /sources and /open views. The Ink chat draws these lines with Ink; `ask`, `timeline` and the
 * piped chat print them (print.ts). Faces choose only a Paint (how each part looks) and a form.
 */
import type { Briefing } from "../../answer/types.js";
import { layoutText, terminalSafe, type Line, type Run, type Style } from "./wrap.js";

/** The parts of a briefing a face may style. */
export type Role =
  | "understood" // (understood as: …)
  | "notice" // ! a notice
  | "marker" // [n] in the answer
  | "date" // a timeline line's date column
  | "differ" // a "Reports differ" line
  | "heading" // Sources: / Nearest sources:
  | "tag" // [n] before a source
  | "title" // a source's title
  | "meta" // — date — file, a passage's place and scores
  | "view" // the heading of /sources
  | "quoted"; // the quoted sentence in /open

export type Paint = (role: Role) => Style | undefined;

/**
 * Printed (ask, timeline, the piped chat) or on screen (the Ink chat). The two forms differ only
 * here, each difference kept because one side's output is fixed: the printed bytes by `ask`'s
 * contract, the screen by the chat's tests.
 */
const FORMS = {
  print: {
    quotes: true, // each source's quotes under it (on screen they are one /open away)
    hangUnderTitle: false, // a long source line continues 4 columns in, not under its title
    groupNearest: false, // a "not covered" answer's nearest passages one per line
    nearestWhenUncited: false, // an answer with no citations still heads an (empty) "Sources:"
    breakWords: false, // a long URL stays whole (the terminal wraps it; it stays clickable)
    keepIndent: true, // a passage's indented lines stay indented
    wrapViewHeading: false, // "Passages behind the last answer" is one line, however narrow
  },
  screen: { quotes: false, hangUnderTitle: true, groupNearest: true, nearestWhenUncited: true, breakWords: true, keepIndent: false, wrapViewHeading: true },
} as const;

export type Form = keyof typeof FORMS;

export interface LayoutOptions {
  width: number;
  form: Form;
  paint: Paint;
}

const text = (o: LayoutOptions, runs: Run[], indent = 0, hang = 0): Line[] =>
  layoutText(runs, o.width, { indent, hang, breakWords: FORMS[o.form].breakWords, keepIndent: FORMS[o.form].keepIndent });

export function groupByArticle<T extends { articleId: string }>(citations: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const c of citations) groups.set(c.articleId, [...(groups.get(c.articleId) ?? []), c]);
  return [...groups.values()];
}

/** `[n]` markers split out of answer text, for highlighting. */
export function markerSegments(text: string): { text: string; marker: boolean }[] {
  return text
    .split(/(\[\d+\])/)
    .filter(Boolean)
    .map((t) => ({ text: t, marker: /^\[\d+\]$/.test(t) }));
}

const DATED = /^(\d{4}-\d{2}-\d{2}|undated   ) {2}/;

// A line that must keep its own line: a bullet, a table row, a wire earnings line ("Shr 34 cts vs 1.19 dlrs").
const OWN_LINE = /^(?:[-*•·▪◦‣–—]|\d{1,3}[.)])\s+\S|\||\bvs\b/;

/**
 * Quoted text as prose: hard-wrapped wire copy (Reuters breaks every ~65 characters and indents
 * its lines) flows into the terminal's width instead of keeping the wire's breaks, which made
 * every Reuters answer and quote ragged. Bullets, table rows, a list's lead-in ("…include:") and
 * blank lines keep their breaks. Only the layout changes: `--json` keeps the verbatim text.
 */
export function flowWrapped(s: string): string {
  const lines = s.split("\n");
  let out = lines[0]!;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!.trim();
    const line = lines[i]!;
    const keep = !prev || !line.trim() || prev.endsWith(":") || OWN_LINE.test(prev) || OWN_LINE.test(line.trim()) || /\|/.test(line);
    out = keep ? `${out}\n${line}` : `${out.trimEnd()} ${line.trimStart()}`;
  }
  return out;
}

/**
 * Answer text with its [n] markers. An overview, timeline or what's-new briefing goes a line per
 * point: dates in a column of their own (continuation lines indent past them), "Reports differ"
 * lines marked.
 */
export function answerLines(answer: string, digest: boolean, o: LayoutOptions): Line[] {
  const marked = (s: string, style?: Style): Run[] => markerSegments(s).map((m) => (m.marker ? { text: m.text, style: o.paint("marker") } : { text: m.text, style }));
  const safe = terminalSafe(answer); // before its lines are read for dates
  if (!digest) return text(o, marked(flowWrapped(safe)));
  return safe.split("\n").flatMap((line) => {
    const dated = DATED.exec(line);
    if (dated) return datedLines(dated[1]!.trimEnd(), marked(line.slice(dated[0].length)), o);
    const differ = line.startsWith("Reports differ:") ? o.paint("differ") : undefined;
    return text(o, marked(line, differ), 0, line.startsWith("• ") ? 2 : 0);
  });
}

/** Where a dated entry's text starts: the date, then two spaces. */
const DATE_COLUMN = "1987-03-18  ".length;

/**
 * A dated entry: its text laid out as a block indented to the date column, the date written into the
 * first line's indent. (The wrapper collapses a run of spaces inside text to one, so a date run ending
 * in two spaces put the text one column left of its continuation lines, and "undated" entries four.)
 * Where the terminal is too narrow for the column, the date takes a line of its own.
 */
function datedLines(date: string, body: Run[], o: LayoutOptions): Line[] {
  const lines = text(o, body, DATE_COLUMN);
  const first = lines[0];
  const label: Run = { text: date, style: o.paint("date") };
  if (!first || first.lead.length < DATE_COLUMN) return [{ lead: "", runs: [label] }, ...lines];
  return [{ lead: "", runs: [label, { text: " ".repeat(first.lead.length - date.length) }, ...first.runs] }, ...lines.slice(1)];
}

export interface SourceHead {
  n: number | string;
  title: string;
  date: string | null;
  source: string;
}

/** `[1] Title — date — source`, wrapped. */
export function sourceLines(s: SourceHead, o: LayoutOptions, indent = 0): Line[] {
  const tag = `[${s.n}] `;
  const runs: Run[] = [
    { text: tag, style: o.paint("tag") },
    { text: s.title, style: o.paint("title") },
    { text: ` — ${s.date ?? "undated"} — ${s.source}`, style: o.paint("meta") },
  ];
  return text(o, runs, indent, FORMS[o.form].hangUnderTitle ? tag.length : 4);
}

/** The numbered sources under an answer: grouped by article, with their quotes when printed. */
function sourcesBelow(b: Briefing, o: LayoutOptions): Line[] {
  const form = FORMS[o.form];
  // "Nothing more on …" cites nothing new, and the nearest sources are the ones already quoted.
  if (b.nothingMore) return [];
  const nearest = b.abstained || (form.nearestWhenUncited && b.citations.length === 0);
  const blank: Line = { lead: "", runs: [] };
  const heading = (t: string) => [blank, ...text(o, [{ text: t, style: o.paint("heading") }])];
  if (nearest) {
    const items = b.passages.slice(0, 3).map((p, i) => ({ ...p, n: i + 1 }));
    if (!items.length && form.nearestWhenUncited) return [];
    const groups = form.groupNearest ? groupByArticle(items) : items.map((p) => [p]);
    return [...heading("Nearest sources:"), ...groups.flatMap((g) => sourceLines({ ...g[0]!, n: g.map((p) => p.n).join(", ") }, o))];
  }
  if (!b.citations.length && form.nearestWhenUncited) return [];
  const out = heading("Sources:");
  // Several quotes from one article share one source line.
  for (const group of groupByArticle(b.citations)) {
    out.push(...sourceLines({ ...group[0]!, n: group.map((c) => c.n).join(", ") }, o));
    if (form.quotes) for (const c of group) out.push(...text(o, [{ text: `    ${group.length > 1 ? `[${c.n}] ` : ""}“${flowWrapped(c.quote.trim())}”` }], 0, 6));
  }
  return out;
}

/** A finished briefing: how the question was understood, notices, the answer, its sources. */
export function briefingLines(b: Briefing, o: LayoutOptions): Line[] {
  return [
    ...(b.understoodAs ? text(o, [{ text: `(understood as: ${b.understoodAs})`, style: o.paint("understood") }]) : []),
    ...b.notices.flatMap((n) => text(o, [{ text: `! ${n}`, style: o.paint("notice") }], 0, 2)),
    ...answerLines(b.answer, Boolean(b.digest), o),
    ...sourcesBelow(b, o),
  ];
}

/** A passage behind an answer, as /sources lists it. */
export interface PassageRow {
  rank: number;
  title: string;
  date: string;
  source: string;
  /** Where it sits and how it scored: "passage 2 of 5 · score 0.0328 · …". */
  detail: string;
  snippet: string;
}

/** /sources: every retrieved passage behind the last answer, best first. */
export function passagesLines(rows: PassageRow[], o: LayoutOptions): Line[] {
  const head = { text: "Passages behind the last answer (best first):", style: o.paint("view") };
  const out = FORMS[o.form].wrapViewHeading ? text(o, [head]) : [{ lead: "", runs: [head] }];
  for (const r of rows) {
    out.push({ lead: "", runs: [] }, ...sourceLines({ n: r.rank, title: r.title, date: r.date, source: r.source }, o));
    out.push(...text(o, [{ text: r.detail, style: o.paint("meta") }], 4), ...text(o, [{ text: r.snippet }], 4));
  }
  return out;
}

/** /open N: a source, where its passage sits, and the passage with the quoted sentence marked. */
export function openedLines(ref: SourceHead, place: string, passage: { before: string; quote: string; after: string }, o: LayoutOptions, marks: [string, string] = ["", ""]): Line[] {
  return [
    ...sourceLines(ref, o),
    ...text(o, [{ text: place, style: o.paint("meta") }], 4),
    ...text(o, [{ text: passage.before }, { text: marks[0] }, { text: passage.quote, style: o.paint("quoted") }, { text: marks[1] }, { text: passage.after }], 4),
  ];
}

/**
 * Metrics of the cross-article briefings (overview, timeline, what's new, reports differ): pure
 * functions from a briefing's dated points to scores, defined once here and in evals/README.md.
 */
import { normalizeText, percentile } from "./metrics.js";

export type BriefingGoldKind = "overview" | "timeline" | "whats-new";

/** One line of evals/briefings/*.jsonl. */
export interface BriefingGold {
  id: string;
  kind: BriefingGoldKind;
  corpus: string;
  question: string;
  /** Overviews: one inner array per key point, its accepted phrasings (verbatim in the stories). */
  key_points?: string[][];
  /** Timelines and what's new: each event's accepted fact phrasings and its date. */
  events?: { date: string; fact: string[] }[];
  /** What's new: the date later coverage starts. */
  since?: string;
}

/** A point of a briefing as scored: its date and the quotes of every citation it carries. */
export interface ScoredEntry {
  text: string;
  date: string | null;
  quotes: string[];
}

const holds = (quotes: string[], phrasings: string[]) => quotes.some((q) => phrasings.some((p) => normalizeText(p) !== "" && normalizeText(q).includes(normalizeText(p))));

/** A key point is found when a cited sentence holds one of its accepted phrasings. */
export function keyPointRecall(keyPoints: string[][], entries: ScoredEntry[]): number | null {
  if (!keyPoints.length) return null;
  const quotes = entries.flatMap((e) => e.quotes);
  return keyPoints.filter((k) => holds(quotes, k)).length / keyPoints.length;
}

const DAY = 86_400_000;
const daysApart = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / DAY;

/**
 * Events found: an event is found when an entry's cited sentence holds its fact and the entry's date is
 * within a day of the event's. Returns, per event, the index of the first entry that finds it (or -1).
 */
export function matchEvents(events: { date: string; fact: string[] }[], entries: ScoredEntry[]): number[] {
  return events.map((ev) => entries.findIndex((e) => e.date !== null && daysApart(e.date, ev.date) <= 1 && holds(e.quotes, ev.fact)));
}

export function eventRecall(matches: number[]): number | null {
  return matches.length ? matches.filter((m) => m >= 0).length / matches.length : null;
}

/**
 * Date order: of the pairs of found events with different dates (listed in different entries), the
 * share listed in date order. Null when fewer than two such events were found.
 */
export function dateOrder(events: { date: string }[], matches: number[]): number | null {
  let pairs = 0;
  let ordered = 0;
  for (let i = 0; i < events.length; i++) {
    for (let j = i + 1; j < events.length; j++) {
      const [a, b] = [matches[i], matches[j]];
      if (a < 0 || b < 0 || a === b || events[i].date === events[j].date) continue;
      pairs++;
      if (events[i].date < events[j].date === a < b) ordered++;
    }
  }
  return pairs ? ordered / pairs : null;
}

/** Repeated sentences: sentences shown more than once in one briefing (each extra showing counts). */
export function repeatedSentences(texts: string[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const t of texts.map(normalizeText)) {
    if (seen.has(t)) repeats++;
    seen.add(t);
  }
  return repeats;
}

/** What's new: the share of entries dated before `since` (old news shown as new); null with no entries. */
export function staleShare(entries: ScoredEntry[], since: string): number | null {
  return entries.length ? entries.filter((e) => e.date !== null && e.date < since).length / entries.length : null;
}

/** A constructed conflict is detected when a "reports differ" line cites the original value on one side and the changed one on the other. */
export function conflictDetected(c: { from: string; to: string }, conflicts: { quotes: string[] }[]): boolean {
  const has = (q: string, v: string) => normalizeText(q).includes(normalizeText(v));
  return conflicts.some((x) => x.quotes.some((q) => has(q, c.from)) && x.quotes.some((q) => has(q, c.to)));
}

export interface BriefingVerdict {
  id: string;
  kind: BriefingGoldKind;
  keyPointRecall?: number | null;
  eventRecall?: number | null;
  dateOrder?: number | null;
  staleShare?: number | null;
  repeated: number;
  conflictLines: number;
  latencyMs: number;
}

export function scoreBriefing(gold: BriefingGold, entries: ScoredEntry[], conflictLines: number, latencyMs: number): BriefingVerdict {
  const v: BriefingVerdict = { id: gold.id, kind: gold.kind, repeated: repeatedSentences(entries.map((e) => e.text)), conflictLines, latencyMs };
  if (gold.key_points) v.keyPointRecall = keyPointRecall(gold.key_points, entries);
  if (gold.events) {
    const m = matchEvents(gold.events, entries);
    v.eventRecall = eventRecall(m);
    v.dateOrder = dateOrder(gold.events, m);
  }
  if (gold.since) v.staleShare = staleShare(entries, gold.since);
  return v;
}

const mean = (xs: (number | null | undefined)[]) => {
  const ok = xs.filter((x): x is number => typeof x === "number");
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
};

export interface BriefingAggregate {
  n: number;
  keyPointRecall: number | null;
  eventRecall: number | null;
  dateOrder: number | null;
  staleShare: number | null;
  repeated: number;
  /** Briefings with at least one "reports differ" line (each to be checked by hand on unedited corpora). */
  withConflicts: number;
  latency: { p50: number | null; p95: number | null };
}

export function aggregateBriefings(vs: BriefingVerdict[]): BriefingAggregate {
  const lat = vs.map((v) => v.latencyMs);
  return {
    n: vs.length,
    keyPointRecall: mean(vs.map((v) => v.keyPointRecall)),
    eventRecall: mean(vs.map((v) => v.eventRecall)),
    dateOrder: mean(vs.map((v) => v.dateOrder)),
    staleShare: mean(vs.map((v) => v.staleShare)),
    repeated: vs.reduce((a, v) => a + v.repeated, 0),
    withConflicts: vs.filter((v) => v.conflictLines > 0).length,
    latency: { p50: percentile(lat, 50), p95: percentile(lat, 95) },
  };
}

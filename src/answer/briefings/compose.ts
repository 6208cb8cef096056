/**
 * Cross-article briefings — overviews, timelines, what's new — from the subject's articles: sentences
 * grouped into facts (one fact, all its sources), picked for the kind asked, dated, and any place
 * where reports differ said in a line of its own. Every point is a verbatim sentence with citations.
 */
import type { BriefingIndex } from "../../index/store.js";
import { scoredPassages } from "../../retrieval/types.js";
import type { RetrieverKind } from "../../retrieval/types.js";
import type { Draft } from "../extractive.js";
import type { Citation, Digest, DigestConflict, DigestPoint } from "../types.js";
import { corroborate, type Disagreement, type Fact } from "./corroborate.js";
import { gatherSubject, type SubjectSentence } from "./gather.js";
import type { BriefingAsk } from "./kind.js";
import { overviewPoints } from "./overview.js";
import { resolvePeriod, shortDate } from "./period.js";
import { eventDate, timelineEntries } from "./timeline.js";
import { newSince } from "./whats-new.js";

/** Most "reports differ" lines in one briefing. */
const MAX_CONFLICTS = 3;
/** "The latest" and "what's new" with no date: the week up to the subject's newest article. */
const RECENT_DAYS = 6;

type F = Fact<SubjectSentence>;

export async function crossArticleBriefing(index: BriefingIndex, queryVector: Float32Array, ask: BriefingAsk, retriever: RetrieverKind): Promise<Draft> {
  const newestInArchive = newestDate(index);
  const bounds = ask.period ? resolvePeriod(ask.period, newestInArchive) : {};
  // What's new needs the earlier coverage too: it is what the later articles are measured against.
  const within = ask.kind === "whats-new" ? { to: bounds.to } : bounds;
  const subject = await gatherSubject(index, queryVector, ask.subject, { retriever, within });
  const passages = scoredPassages(subject.retrieval);
  if (!subject.articles.length) {
    const when = bounds.from || bounds.to ? ` dated ${bounds.from ?? "…"} to ${bounds.to ?? "…"}` : "";
    return { answer: `The corpus has no articles${when} on "${ask.subject}". The nearest sources are listed below.`, abstained: true, mode: "extractive", sentences: [], citations: [], passages, notices: [] };
  }
  const { facts, disagreements } = corroborate(subject.sentences);
  const dates = subject.articles.map((id) => index.articles.get(id)?.date).filter((d): d is string => Boolean(d)).sort();
  const scope = { articles: subject.articles.length, from: dates[0] ?? null, to: dates.at(-1) ?? null };

  let chosen: F[] = [];
  let undated: F[] = [];
  let since: string | undefined;
  // Every kind opens with the same scope (the subject's articles as gathered); what's new then splits
  // them at `since`, so its counts add up to the overview's and the timeline's.
  const undatedArticles = scope.articles - dates.length;
  const span = scope.from ? `, ${scope.from}${scope.to !== scope.from ? ` to ${scope.to}` : ""}` : "";
  let head = `From ${plural(scope.articles, "article")}${undatedArticles && dates.length ? ` (${undatedArticles} undated)` : !dates.length ? ", undated" : ""}${span}.`;
  if (ask.kind === "whats-new" && !dates.length) {
    // No article on the subject is dated (BBC): nothing can be "since" anything. Said plainly, with the
    // briefing that does apply, instead of "since 0000-01-01: the latest article on it is dated —".
    head += ` None of them is dated, so what is new${bounds.from ? ` since ${bounds.from}` : ""} cannot be told; "Brief me on ${ask.subject}" gives what they report.`;
  } else if (ask.kind === "whats-new") {
    since = bounds.from ?? shift(scope.to ?? newestInArchive ?? "", -RECENT_DAYS);
    const from = since;
    chosen = newSince(facts, from).fresh;
    const earlier = dates.filter((d) => d < from).length;
    const later = dates.length - earlier;
    const adding = new Set(chosen.flatMap((f) => f.members.filter((m) => m.date !== null && m.date >= from).map((m) => m.articleId))).size;
    const who = adding >= later ? (later === 1 ? "the 1 later article adds" : `all ${later} later articles add`) : `${adding} of the ${later} later articles add${adding === 1 ? "s" : ""}`;
    head += chosen.length
      ? ` Since ${from}: ${who} to ${earlier ? `the ${plural(earlier, "earlier one")}` : "no earlier coverage"}.`
      : later
        ? ` Nothing new on ${ask.subject} since ${from}: the ${plural(later, "later article")} repeat${later === 1 ? "s" : ""} earlier coverage.`
        : ` Nothing new on ${ask.subject} since ${from}: the latest article on it is dated ${scope.to ?? "—"}.`;
  } else if (ask.kind === "timeline") ({ dated: chosen, undated } = timelineEntries(facts));
  else chosen = overviewPoints(facts, subject.articles.length);

  const cite = citer(index);
  const point = (f: F): DigestPoint => {
    const when = ask.kind === "overview" ? { date: f.members[0].date, dated: f.members[0].date ? ("article" as const) : null } : eventDate(f);
    // Wire copy's line breaks collapsed for reading; the citations keep the verbatim quotes.
    return { text: f.members[0].text.replace(/\s+/g, " ").trim(), ...when, citations: f.members.map((m) => cite(m)), count: f.members.length };
  };
  const points = chosen.map(point);
  const undatedPoints = undated.map(point);
  const shown = new Set([...chosen, ...undated].flatMap((f) => f.members));
  const conflicts = pickConflicts(disagreements, shown, since).map((d): DigestConflict => ({
    kind: d.difference.kind,
    sides: [
      { value: d.difference.a, citation: cite(d.a), date: d.a.date },
      { value: d.difference.b, citation: cite(d.b), date: d.b.date },
    ],
  }));

  const marks = (ns: number[]) => ns.map((n) => `[${n}]`).join("");
  const line = (p: DigestPoint) => {
    const text = `${p.text.replace(/\s+/g, " ").trim()} ${marks(p.citations)}`;
    if (ask.kind === "overview") return `• ${text}`;
    const note = p.dated === "text" ? ` (date from the text; first reported ${index.articles.get(idOf(p, citations()))?.date ?? "undated"})` : "";
    return `${p.date ?? "undated   "}  ${text}${note}`;
  };
  const citations = () => cite.all;
  const lines = [head, ...points.map(line)];
  if (undatedPoints.length) lines.push("Undated:", ...undatedPoints.map((p) => `• ${p.text.replace(/\s+/g, " ").trim()} ${marks(p.citations)}`));
  for (const c of conflicts) lines.push(`Reports differ: ${c.sides.map((s) => `${s.value} [${s.citation}] (${s.date ? shortDate(s.date) : "undated"})`).join(", ")}`);
  const digest: Digest = { kind: ask.kind, subject: ask.subject, scope, ...(ask.period ? { period: since ? { ...bounds, from: since } : bounds } : since ? { period: { from: since } } : {}), points, undated: undatedPoints, conflicts };
  const sentences = [...points, ...undatedPoints].map((p) => ({ text: p.text, citations: p.citations, supported: true }));
  return { answer: lines.join("\n"), abstained: false, mode: "extractive", sentences, citations: cite.all, passages, notices: [], digest };
}

/** The article of a point's first citation. */
function idOf(p: DigestPoint, all: Citation[]): string {
  return all.find((c) => c.n === p.citations[0])?.articleId ?? "";
}

/** Numbers citations in order of first use; the same sentence cited twice keeps its number. */
function citer(index: BriefingIndex) {
  const all: Citation[] = [];
  const byKey = new Map<string, number>();
  const cite = (s: SubjectSentence): number => {
    const key = `${s.articleId}:${s.start}`;
    const known = byKey.get(key);
    if (known) return known;
    const a = index.articles.get(s.articleId);
    const n = all.length + 1;
    all.push({ n, title: a?.title ?? "", date: a?.date ?? null, source: a?.source ?? s.articleId, quote: index.articleText(s.articleId, s.start, s.end), articleId: s.articleId, start: s.start, end: s.end, supported: true });
    byKey.set(key, n);
    return n;
  };
  return Object.assign(cite, { all });
}

/**
 * The disagreements worth a line: the ones touching a shown point first, then the best-scored; one per
 * pair of values; for what's new, only those a later article brings.
 */
function pickConflicts(all: Disagreement<SubjectSentence>[], shown: Set<SubjectSentence>, since: string | undefined): Disagreement<SubjectSentence>[] {
  const seen = new Set<string>();
  const ordered = all
    .filter((d) => !since || (d.a.date ?? "") >= since || (d.b.date ?? "") >= since)
    .map((d) => {
      // The earlier report first, as the line reads.
      const [a, b] = (d.a.date ?? "") <= (d.b.date ?? "") ? [d.a, d.b] : [d.b, d.a];
      const difference = a === d.a ? d.difference : { ...d.difference, a: d.difference.b, b: d.difference.a };
      return { a, b, difference, worded: d.worded };
    })
    // Sentences that differ in one aligned value (the surest evidence) before tolls worded differently; then
    // those touching a shown point, then the best scored.
    .sort((x, y) => Number(Boolean(x.worded)) - Number(Boolean(y.worded)) || Number(shown.has(y.a) || shown.has(y.b)) - Number(shown.has(x.a) || shown.has(x.b)) || Math.max(y.a.score, y.b.score) - Math.max(x.a.score, x.b.score));
  const out: Disagreement<SubjectSentence>[] = [];
  for (const d of ordered) {
    const key = [d.difference.a, d.difference.b].sort().join("|").toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
    if (out.length >= MAX_CONFLICTS) break;
  }
  return out;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function newestDate(index: BriefingIndex): string | null {
  let newest: string | null = null;
  for (const a of index.articles.values()) if (a.date && (!newest || a.date > newest)) newest = a.date;
  return newest;
}

function shift(iso: string, days: number): string {
  if (!iso) return "0000-01-01";
  return new Date(Date.parse(iso.slice(0, 10) + "T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);
}

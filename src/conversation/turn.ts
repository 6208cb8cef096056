/**
 * A conversation as data: what each finished turn leaves for the next question to lean on. Turns
 * carry their terms as a list, never as display text to parse back; "understood as" is drawn from
 * them (`understoodAs`) only where a person or a model reads it.
 */

/** Where a briefing quoted an article: the cited sentence's character span. */
export interface Quote {
  articleId: string;
  start: number;
  end: number;
}

/** How a question was understood, as a briefing keeps it for the next turn. */
export interface Understood {
  /** Terms carried from earlier turns ("Austin", "Red Sea"): searched with the question, shown as "(about: …)". */
  contextTerms: string[];
  /** What was answered instead of the typed question: a model's standalone rewrite, a timeline's resolved period. */
  restated?: string;
}

/** What a finished turn leaves for the next question to lean on. */
export interface Turn extends Understood {
  /** The question as typed (cleaned). */
  question: string;
  citedArticles: string[];
  abstained: boolean;
  /** What the turn quoted, so a "what else?" does not quote it again (optional: callers may build turns by hand). */
  quoted?: Quote[];
  /** An overview, timeline or what's-new turn: its subject and the dates it spanned, for "and after that?". */
  briefing?: { kind: "overview" | "timeline" | "whats-new"; subject: string; first: string | null; last: string | null };
}

/** What `turnOf` reads of a finished briefing (a `Briefing` fits). */
export interface TurnSource {
  question: string;
  understood?: Understood;
  abstained: boolean;
  citations: readonly Quote[];
  digest?: {
    kind: "overview" | "timeline" | "whats-new";
    subject: string;
    scope: { from: string | null; to: string | null };
    points: readonly { date: string | null }[];
  };
}

/** What a finished briefing leaves for the next turn. */
export function turnOf(b: TurnSource): Turn {
  return {
    question: b.question,
    ...(b.understood?.restated !== undefined ? { restated: b.understood.restated } : {}),
    contextTerms: [...(b.understood?.contextTerms ?? [])],
    citedArticles: [...new Set(b.citations.map((c) => c.articleId))],
    abstained: b.abstained,
    // What it quoted: a later "what else?" brings something new.
    quoted: b.citations.map((c) => ({ articleId: c.articleId, start: c.start, end: c.end })),
    ...(b.digest ? { briefing: { kind: b.digest.kind, subject: b.digest.subject, first: firstDate(b.digest), last: lastDate(b.digest) } } : {}),
  };
}

/** The dates a cross-article briefing's points span (what "before that" and "after that" go from). */
function firstDate(d: NonNullable<TurnSource["digest"]>): string | null {
  return d.points.map((p) => p.date).filter((x): x is string => Boolean(x)).sort()[0] ?? d.scope.from ?? null;
}
function lastDate(d: NonNullable<TurnSource["digest"]>): string | null {
  return d.points.map((p) => p.date).filter((x): x is string => Boolean(x)).sort().at(-1) ?? d.scope.to ?? null;
}

/** The words a turn asked in: its restatement when it has one, else the question as typed. */
export function askedText(t: { question: string; restated?: string }): string {
  return t.restated ?? t.question;
}

/**
 * The question as a person reads it back: "What did they discuss? (about: Austin, Shapps)", a
 * restatement, or the question itself. For display and prompts only: nothing parses it.
 */
export function understoodAs(t: { question: string } & Understood): string {
  if (t.restated !== undefined) return t.restated;
  return t.contextTerms.length ? `${t.question.trim()} (about: ${t.contextTerms.join(", ")})` : t.question;
}

/** Whether a span overlaps anything already quoted from the same article. */
export function isQuoted(quoted: readonly Quote[], articleId: string, start: number, end: number): boolean {
  return quoted.some((q) => q.articleId === articleId && start < q.end && q.start < end);
}

/**
 * Follow-ups on an overview, timeline or what's new, read against the conversation's last turn
 * (`Turn.briefing`: its kind, subject and the dates it spanned):
 * - "And after that?" / "What happened next?" → the subject's timeline after the last date shown;
 * - "And before that?" / "What about the earlier reports?" → its timeline before the first;
 * - "As a timeline?" / "Give me the overview" → the same subject as another kind;
 * - "What's the latest?" / "Anything new?" → what's new on it;
 * - "What about April?" / "And since March 20?" → the same kind and subject over that period.
 * Null for anything else (the question then stands alone, or is a one-fact follow-up).
 */
import type { Turn } from "../../conversation/turn.js";
import type { BriefingAsk, BriefingKind } from "./kind.js";
import { periodOf, span, withoutPeriod, type Period } from "./period.js";

const AFTER = /^(?:and\s+|so\s+)?(?:(?:what\s+(?:happened\s+)?)?(?:after\s+that|afterwards|next|then)|and\s+then|what\s+came\s+(?:next|after(?:wards)?)|later|since\s+then)\s*[?.!]*$/i;
const BEFORE = /^(?:and\s+|so\s+)?(?:what\s+(?:happened\s+)?)?(?:before\s+that|earlier|(?:about\s+)?the\s+earlier\s+(?:reports|coverage|stories|articles))\s*[?.!]*$|^what\s+(?:about|of)\s+the\s+earlier\s+(?:reports|coverage|stories|articles)\s*[?.!]*$|^what\s+came\s+before(?:\s+that)?\s*[?.!]*$/i;
const AS_KIND = /^(?:(?:and|ok(?:ay)?|so|now)\s*,?\s+)?(?:(?:can\s+you\s+)?(?:give|show|make)\s+(?:me\s+)?|what\s+about\s+|how\s+about\s+)?(?:(?:that|it|this)\s+)?(?:as\s+)?(?:a\s+|an\s+|the\s+)?(timeline|chronology|overview|summary|briefing)(?:\s+(?:of\s+(?:that|it|this)|instead|please|then))?\s*[?.!]*$/i;
const LATEST = /^(?:(?:and|so|ok(?:ay)?)\s*,?\s+)?(?:what(?:'s|’s|\s+is)\s+)?(?:the\s+latest|new|anything\s+new|any\s+(?:news|updates?)|the\s+most\s+recent)(?:\s+(?:on\s+(?:that|it|this)|then))?\s*[?.!]*$/i;
/** Words around a period that ask nothing else ("and what about in April?"). */
const CONNECTIVES = /\b(?:and|so|what|about|how|only|just|then|happened|in|for|during|over|the|month|of)\b/gi;

export type LastBriefing = NonNullable<Turn["briefing"]>;

export interface BriefingFollowUp {
  ask: BriefingAsk;
  /** How it was understood, for the user ("Timeline of GenCorp from 1987-04-14"). */
  restated: string;
}

const NAMES: Record<BriefingKind, string> = { overview: "Overview of", timeline: "Timeline of", "whats-new": "What's new on" };

export function briefingFollowUp(question: string, last: LastBriefing | undefined): BriefingFollowUp | null {
  if (!last) return null;
  const q = question.trim().replace(/\s+/g, " ");
  const said = (ask: BriefingAsk, when = ""): BriefingFollowUp => ({ ask, restated: `${NAMES[ask.kind]} ${ask.subject}${when}` });
  if (AFTER.test(q) && last.last) {
    const from = dayAfter(last.last, 1);
    return said({ kind: "timeline", subject: last.subject, period: { from, phrase: "" } }, ` from ${from}`);
  }
  if (BEFORE.test(q) && last.first) {
    const to = dayAfter(last.first, -1);
    return said({ kind: "timeline", subject: last.subject, period: { to, phrase: "" } }, ` until ${to}`);
  }
  const kind = AS_KIND.exec(q)?.[1]?.toLowerCase();
  if (kind) return said({ kind: kind === "timeline" || kind === "chronology" ? "timeline" : "overview", subject: last.subject, period: null });
  if (LATEST.test(q)) return said({ kind: "whats-new", subject: last.subject, period: { recent: "latest", phrase: "" } });
  // A period and nothing else: the same briefing over other dates.
  const period = periodOf(q) ?? barePeriod(q);
  if (period && !withoutPeriod(q, period).replace(/[?.!,]/g, " ").replace(CONNECTIVES, " ").trim()) {
    return said({ kind: last.kind, subject: last.subject, period }, ` (${period.phrase.trim()})`);
  }
  return null;
}

/** "What about April?": a date or month standing alone after the asking words. */
function barePeriod(q: string): Period | null {
  const rest = q.replace(/[?.!,]/g, " ").replace(CONNECTIVES, " ").replace(/\s+/g, " ").trim();
  const s = rest ? span(rest) : null;
  return s ? { ...s, phrase: rest } : null;
}

function dayAfter(iso: string, days: number): string {
  return new Date(Date.parse(iso + "T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);
}

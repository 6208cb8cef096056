import { contentTerms } from "../../text/terms.js";
import { periodOf, withoutPeriod, type Period } from "./period.js";

/** The briefings that draw on all the articles about a subject rather than one fact of one. */
export type BriefingKind = "overview" | "timeline" | "whats-new";

export interface BriefingAsk {
  kind: BriefingKind;
  /** What the briefing is about, without the asking words or the period ("the GenCorp takeover battle"). */
  subject: string;
  period: Period | null;
}

const TIMELINE = [
  /^(?:please\s+)?(?:give\s+me\s+|show\s+me\s+|make\s+|build\s+)?(?:a\s+|the\s+)?(?:timeline|chronology)\s+(?:of|for|on)\s+(.+)$/i,
  /^(?:what\s+is\s+|what's\s+)?(?:the\s+)?(?:timeline|chronology|sequence\s+of\s+events)\s+(?:of|for|on|in)\s+(.+)$/i,
  // "How did the GenCorp battle develop (over March)?", not "How does the larva develop?" or "How did X evolve their beliefs?"
  /^how\s+(?:did|has|have)\s+(.+?)\s+(?:develop|developed|unfold|unfolded|evolve|evolved|progress|progressed|play\s+out|played\s+out)((?:\s+(?:so\s+far|over\s+time|since\s+.+|in\s+.+|during\s+.+|over\s+.+|between\s+.+))?)$/i,
  /^(.+?)\s*:\s*(?:a\s+)?timeline$/i,
];
const WHATS_NEW = [
  /^(?:so\s+)?(?:what(?:'s|’s|\s+is)\s+new|anything\s+new|what\s+else\s+is\s+new)\s+(?:on|about|with|in|for)\s+(.+)$/i,
  /^(?:what(?:'s|’s|\s+is|\s+are)\s+)?(?:the\s+)?(?:latest|newest|most\s+recent)\s+(?:news\s+|developments?\s+|reports?\s+)?(?:on|about|with|in|for)\s+(.+)$/i,
  /^(?:what(?:'s|’s|\s+has)\s+)?changed\s+(?:on|about|with|in|for)\s+(.+?)\s+(since\s+.+)$/i,
  /^(?:what\s+happened\s+|what\s+has\s+happened\s+)(?:with|on)\s+(.+?)\s+(since\s+.+|this\s+week|last\s+week|lately|recently)$/i,
  /^(?:any\s+)?updates?\s+(?:on|about)\s+(.+)$/i,
];
const OVERVIEW = [
  /^(?:please\s+)?(?:brief\s+me|give\s+me\s+a\s+briefing|catch\s+me\s+up|fill\s+me\s+in|bring\s+me\s+up\s+to\s+(?:date|speed))\s+(?:on|about|with)\s+(.+)$/i,
  /^(?:please\s+)?(?:summari[sz]e|sum\s+up|recap|give\s+me\s+(?:a|an)\s+(?:summary|overview|rundown)\s+of|(?:a|an)\s+(?:summary|overview)\s+of|overview\s+of)\s+(.+)$/i,
  // "What happened with X?" asks for the story; "What happened to the rate of flow during…?" asks one fact.
  /^what\s+(?:happened|has\s+happened|went\s+on|is\s+going\s+on|'s\s+going\s+on)\s+(?:with|over|around)\s+(.+)$/i,
  /^what(?:'s|’s|\s+is)\s+(?:the\s+)?(?:story|background|state\s+of\s+play)\s+(?:with|on|of|behind)\s+(.+)$/i,
];

/** Words that ask rather than name: a subject of nothing but these is no subject. */
const EMPTY = new Set(["news", "thing", "everything", "anything", "it", "that", "this", "them", "world", "today", "stories", "story", "articles"].flatMap((w) => contentTerms(w)));

/**
 * Reads a question as an overview, a timeline or a what's-new briefing, or null for a question of one
 * fact (the usual briefing answers those). A subject with no words of its own ("What happened in
 * January 2024?") is left to the usual path, which briefs the top articles' leads.
 */
export function briefingAsk(question: string): BriefingAsk | null {
  const q = question.trim().replace(/\s+/g, " ");
  const period = periodOf(q);
  for (const [kind, patterns] of [["timeline", TIMELINE], ["whats-new", WHATS_NEW], ["overview", OVERVIEW]] as const) {
    for (const re of patterns) {
      const m = re.exec(q.replace(/[?.!]+$/, ""));
      if (!m) continue;
      const subject = withoutPeriod(m.slice(1).join(" "), period).replace(/\b(?:so\s+far|lately|recently|over\s+time)\b/gi, " ").replace(/[\s,;:]+$/g, "").replace(/\s+/g, " ").trim();
      if (!contentTerms(subject).some((t) => !EMPTY.has(t))) return null;
      // "What happened with X since April?" and "What happened with X in the last week?" ask what's new.
      const asked: BriefingKind = kind === "overview" && period && (period.recent || (period.from && !period.to)) ? "whats-new" : kind;
      return { kind: asked, subject, period };
    }
  }
  return null;
}


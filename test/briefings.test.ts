import { describe, expect, it } from "vitest";
import { difference, spellingVariant } from "../src/answer/briefings/conflicts.js";
import { corroborate, type Reported } from "../src/answer/briefings/corroborate.js";
import { briefingAsk } from "../src/answer/briefings/kind.js";
import { briefingFollowUp } from "../src/answer/briefings/follow-up.js";
import type { LastBriefing } from "../src/answer/briefings/follow-up.js";
import { periodOf, resolvePeriod, withoutPeriod } from "../src/answer/briefings/period.js";
import { eventDate, textDate, timelineEntries } from "../src/answer/briefings/timeline.js";
import { newSince } from "../src/answer/briefings/whats-new.js";
import { contentTerms } from "../src/text/terms.js";

/** A unit vector along one axis (or between two), so closeness is known exactly. */
function vec(...axes: number[]): Float32Array {
  const v = new Float32Array(8);
  for (const a of axes) v[a] = 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const s = (articleId: string, date: string | null, text: string, axis: number, position = 0, score = 0.5): Reported => ({ articleId, date, text, terms: contentTerms(text), vector: vec(axis), position, score });

describe("which briefing a question asks for", () => {
  it.each([
    ["Brief me on the GenCorp takeover battle", "overview", "the GenCorp takeover battle"],
    ["Summarize the Texaco Pennzoil legal battle", "overview", "the Texaco Pennzoil legal battle"],
    ["What happened with the Ecuador earthquake?", "overview", "the Ecuador earthquake"],
    ["Timeline of the bidding war for Cyclops", "timeline", "the bidding war for Cyclops"],
    ["Give me a timeline of the 1987 takeover battle for GenCorp", "timeline", "takeover battle for GenCorp"],
    ["How did the USAir bid for Piedmont Aviation develop?", "timeline", "the USAir bid for Piedmont Aviation"],
    ["What's new on GenCorp since 1 April?", "whats-new", "GenCorp"],
    ["What's the latest on Caesars World?", "whats-new", "Caesars World"],
    ["What happened with Purolator since April 5?", "whats-new", "Purolator"],
  ])("%s → %s", (q, kind, subject) => {
    const ask = briefingAsk(q);
    expect(ask?.kind).toBe(kind);
    expect(ask?.subject).toBe(subject);
  });

  it.each(["Who did Lloyd Austin meet with?", "What did Austin and Shapps discuss?", "What happened in January 2024?", "What's the latest?", "How many times has Blinken visited Israel since October 7?", "What happened to the Bank of Italy Building?", "How does the larvae develop?", "How did Huguenots evolve their religious beliefs in the New World?", "What has happened to private school numbers since 2014?"])(
    "leaves one-fact and subjectless questions alone: %s",
    (q) => expect(briefingAsk(q)).toBeNull(),
  );
});

describe("periods are dates", () => {
  it("reads years, months, days and ranges, and cuts them from the subject", () => {
    const p = periodOf("Summarize US-UK relations over 2024 and 2025")!;
    expect([p.from, p.to]).toEqual(["2024-01-01", "2025-12-31"]);
    expect(withoutPeriod("Summarize US-UK relations over 2024 and 2025", p)).toBe("Summarize US-UK relations");
    expect(periodOf("What's new on GenCorp since 1 April?")).toMatchObject({ from: "????-04-01" });
    expect(periodOf("What's new on GenCorp since April 1, 1987?")).toMatchObject({ from: "1987-04-01" });
    expect(periodOf("Brief me on OPEC in March 1987")).toMatchObject({ from: "1987-03-01", to: "1987-03-31" });
    expect(periodOf("Timeline of Texaco between March and April")).toMatchObject({ from: "????-03-01", to: "????-04-30" });
    expect(periodOf("What's new on OPEC this week")).toMatchObject({ recent: "week" });
  });

  it("fills a missing year from the archive and makes 'this week' the week up to its newest article", () => {
    expect(resolvePeriod(periodOf("since 1 April")!, "1987-10-20")).toEqual({ from: "1987-04-01", to: undefined });
    // A period that would fall after the archive is the year before.
    expect(resolvePeriod(periodOf("since 1 November")!, "1987-10-20")).toEqual({ from: "1986-11-01", to: undefined });
    expect(resolvePeriod(periodOf("this week")!, "1987-10-20")).toEqual({ from: "1987-10-14", to: "1987-10-20" });
  });
});

describe("one fact, all its sources", () => {
  it("groups the same report across articles, earliest first, and never an article twice", () => {
    const wire = "GenCorp Inc said its board urged shareholders to reject the hostile tender offer.";
    const { facts } = corroborate([
      s("b", "1987-03-31", wire, 0),
      s("a", "1987-03-30", wire, 0),
      s("c", "1987-03-31", "GenCorp said its board urged shareholders to reject the hostile tender offer made by the partnership.", 0),
      s("d", "1987-04-03", "General Partners said it was prepared to raise its bid to 110 dlrs.", 3),
    ]);
    const reject = facts.find((f) => f.members.length > 1)!;
    expect(reject.members.map((m) => m.articleId)).toEqual(["a", "b", "c"]);
    expect(facts).toHaveLength(2);
  });

  it("does not group sentences that differ in a figure: that is a conflict", () => {
    const { facts, disagreements } = corroborate([
      s("a", "1987-03-09", "Up to 300 people were feared dead and more than 15,000 were left homeless by the earthquake, authorities said.", 1),
      s("b", "1987-03-10", "Up to 500 people were feared dead and more than 15,000 were left homeless by the earthquake, authorities said.", 1),
    ]);
    expect(facts).toHaveLength(2);
    expect(disagreements).toHaveLength(1);
    expect([disagreements[0].difference.a, disagreements[0].difference.b]).toEqual(["300 people", "500 people"]);
  });
});

describe("reports differ", () => {
  it("finds one changed figure, date or name", () => {
    expect(difference("Renault agreed to forgive 150 mln to 200 mln dlrs of American Motors Corp debt as part of the deal.", "Renault agreed to forgive 250 mln to 300 mln dlrs of American Motors Corp debt as part of the deal.")).toMatchObject({ kind: "figure", a: "150 mln to 200 mln", b: "250 mln to 300 mln" });
    expect(difference("GAMCO plans to propose an anti-greenmail provision at the GenCorp annual meeting March 31, Gabelli said.", "GAMCO plans to propose an anti-greenmail provision at the GenCorp annual meeting April 7, Gabelli said.")).toMatchObject({ kind: "date" });
    expect(difference("Publisher Robert Maxwell's British Printing filed a lawsuit against Harcourt Brace Jovanovich Inc.", "Publisher Rupert Murdoch's British Printing filed a lawsuit against Harcourt Brace Jovanovich Inc.")).toMatchObject({ kind: "name" });
  });

  it("stays quiet on agreement, on different reports and on changes over time", () => {
    const a = "Standard and Poor's Corp said it downgraded to D about 8.4 billion dlrs of debt of Texaco Inc.";
    expect(difference(a, a)).toBeNull();
    expect(difference(a, "Moody's Investors Service said it may downgrade the debt of AFG Industries and GenCorp.")).toBeNull();
    // A stake that was cut, or a price that rose, differs because things changed.
    expect(difference("Gabelli cut its stake in GenCorp to 6.3 pct of the total.", "Gabelli cut its stake in GenCorp to 5.1 pct of the total.")).toBeNull();
    expect(difference("American Motors said its February U.S. car production declined to 2,978 units.", "American Motors said its March U.S. car production declined to 2,578 units.")).toBeNull();
  });

  it("reads one name spelt two ways as one name (seen on the full Reuters archive: a wire copy's \"Harpers and Row\")", () => {
    expect(difference("After considering the two offers at a meeting on Friday, the Harper and Row board decided not to act on them.", "After carefully considering the two offers at a meeting on Friday, the Harpers and Row board decided not to act on them.")).toBeNull();
    expect(difference("White House spokesman Marlin Fitzwater said the policy was appropriate.", "White House spokesman Marlin Fitwater said the policy was appropriate.")).toBeNull();
    expect(spellingVariant("Harper", "Harpers")).toBe(true);
    expect(spellingVariant("Maxwell", "Murdoch")).toBe(false);
    expect(spellingVariant("Gabelli", "Gabelle")).toBe(true);
    expect(spellingVariant("Dole", "Cole")).toBe(false); // too short to call a typo
    // Both wire copies of Taft's rejection misspell the name, each its own way: two neighbours swapped.
    expect(spellingVariant("Braodacasting", "Broadacasting")).toBe(true);
    expect(spellingVariant("Braodacasting", "Broadcasting")).toBe(false);
  });
});

describe("timelines", () => {
  it("dates an event by its text when the text gives a recent past date", () => {
    expect(textDate("GenCorp said it filed suit on March 3 against the offer.", "1987-03-09")).toBe("1987-03-03");
    expect(textDate("The meeting will be held on March 31.", "1987-03-24")).toBeNull(); // ahead: a plan, not the event
    expect(textDate("It said on Friday, March 13 it would pay.", "1987-03-16")).toBe("1987-03-13");
    expect(textDate("No date here.", "1987-03-16")).toBeNull();
  });

  it("lists events oldest first by the event's date, undated apart, one entry per event", () => {
    const facts = corroborate([
      s("late", "1987-04-13", "General Partners said it sold nearly all of its remaining stake in GenCorp.", 0),
      s("early", "1987-03-18", "General Partners started a tender offer for all common shares of GenCorp.", 1),
      s("copy", "1987-03-19", "General Partners started a tender offer for all common shares of GenCorp.", 1),
      s("texted", "1987-03-27", "GenCorp said it sued the partnership on March 23 to block the offer.", 2),
      s("none", null, "An undated note on the GenCorp battle from an archive without dates.", 3),
    ]).facts;
    const { dated, undated } = timelineEntries(facts);
    expect(dated.map((f) => eventDate(f).date)).toEqual(["1987-03-18", "1987-03-23", "1987-04-13"]);
    expect(dated[0].members.map((m) => m.articleId)).toEqual(["early", "copy"]);
    expect(eventDate(dated[1]).dated).toBe("text");
    expect(undated.map((f) => f.members[0].articleId)).toEqual(["none"]);
  });
});

describe("what's new", () => {
  it("keeps only facts first reported since the date, not repeats of earlier coverage", () => {
    const facts = corroborate([
      s("old", "1987-03-18", "General Partners started a tender offer for all common shares of GenCorp.", 0),
      s("repeat", "1987-04-02", "General Partners started a tender offer for all common shares of GenCorp.", 0),
      s("new", "1987-04-03", "General Partners said it was prepared to raise its bid for GenCorp to 110 dlrs.", 1),
      s("newer", "1987-04-07", "GenCorp said it would buy back up to 54 pct of its shares.", 2),
    ]).facts;
    const { fresh, earlier } = newSince(facts, "1987-04-01");
    expect(fresh.map((f) => f.members[0].articleId)).toEqual(["new", "newer"]);
    expect(earlier).toBe(1);
  });
});

describe("follow-ups on a briefing", () => {
  const last: LastBriefing = { kind: "timeline", subject: "GenCorp", first: "1987-03-18", last: "1987-04-13" };
  const ask = (q: string, l: LastBriefing = last) => briefingFollowUp(q, l)?.ask ?? null;
  it("reads 'and after that?' and 'what about the earlier reports?' as the same subject's timeline, later or earlier", () => {
    expect(ask("And after that?")).toMatchObject({ kind: "timeline", subject: "GenCorp", period: { from: "1987-04-14" } });
    expect(briefingFollowUp("And after that?", last)?.restated).toBe("Timeline of GenCorp from 1987-04-14");
    expect(ask("what happened next?")).toMatchObject({ period: { from: "1987-04-14" } });
    expect(ask("What came after?")).toMatchObject({ period: { from: "1987-04-14" } });
    expect(ask("What about the earlier reports?")).toMatchObject({ period: { to: "1987-03-17" } });
    expect(ask("And before that?")).toMatchObject({ period: { to: "1987-03-17" } });
    expect(briefingFollowUp("And after that?", undefined)).toBeNull();
    expect(ask("Who made the bid?")).toBeNull();
  });

  it("switches the kind, asks for the latest, or narrows to a period, on the same subject", () => {
    const overview: LastBriefing = { ...last, kind: "overview" };
    expect(ask("As a timeline?", overview)).toMatchObject({ kind: "timeline", subject: "GenCorp", period: null });
    expect(ask("Give me the overview instead")).toMatchObject({ kind: "overview", subject: "GenCorp" });
    expect(ask("What's the latest?")).toMatchObject({ kind: "whats-new", subject: "GenCorp", period: { recent: "latest" } });
    expect(ask("Anything new?")).toMatchObject({ kind: "whats-new" });
    expect(ask("What about April?")).toMatchObject({ kind: "timeline", subject: "GenCorp", period: { from: "????-04-01", to: "????-04-30" } });
    expect(ask("And since March 25?", overview)).toMatchObject({ kind: "overview", period: { from: "????-03-25" } });
    // A question with a subject of its own stands alone.
    expect(ask("What about Texaco in April?")).toBeNull();
    expect(ask("What did Gencorp say in April?")).toBeNull();
  });
});

describe("a month in an archive that ends within it", () => {
  it("is that month of the archive's year, both ends", () => {
    expect(resolvePeriod(periodOf("Brief me on GenCorp in April")!, "1987-04-13")).toEqual({ from: "1987-04-01", to: "1987-04-30" });
    expect(resolvePeriod(periodOf("Timeline of Texaco between March and November")!, "1987-10-20")).toEqual({ from: "1987-03-01", to: "1987-11-30" });
    expect(resolvePeriod(periodOf("Brief me on OPEC in November")!, "1987-10-20")).toEqual({ from: "1986-11-01", to: "1986-11-30" });
  });
});

import { describe, expect, it } from "vitest";
import { bareMore, isFollowUp } from "../src/conversation/follow-up.js";
import { isQuoted, turnOf, understoodAs, type Turn, type TurnSource } from "../src/conversation/turn.js";
import { searchOf, searchText, understand } from "../src/conversation/understand.js";

/** A finished briefing as `turnOf` reads it: the question, how it was understood, what it cited. */
function briefing(question: string, cites: [string, number, number][], understood?: TurnSource["understood"], abstained = false): TurnSource {
  return { question, abstained, citations: cites.map(([articleId, start, end]) => ({ articleId, start, end })), ...(understood ? { understood } : {}) };
}

/** Asks a question of the conversation so far and records its turn, as the chat does. */
function ask(history: Turn[], question: string, cites: [string, number, number][] = [["a.md", 0, 40]]) {
  const u = understand(question, history);
  history.push(turnOf(briefing(question, cites, u.contextTerms.length ? { contextTerms: u.contextTerms } : undefined)));
  return u;
}

describe("a turn as data", () => {
  it("keeps what a briefing cited and quoted, each article once, and what it was understood as", () => {
    const t = turnOf(briefing("What did they discuss?", [["a.md", 0, 40], ["a.md", 60, 90], ["b.md", 5, 9]], { contextTerms: ["Lloyd Austin", "meet"] }));
    expect(t).toEqual({
      question: "What did they discuss?",
      contextTerms: ["Lloyd Austin", "meet"],
      citedArticles: ["a.md", "b.md"],
      abstained: false,
      quoted: [{ articleId: "a.md", start: 0, end: 40 }, { articleId: "a.md", start: 60, end: 90 }, { articleId: "b.md", start: 5, end: 9 }],
    });
    expect(understoodAs(t)).toBe("What did they discuss? (about: Lloyd Austin, meet)");
    expect(understoodAs(turnOf(briefing("Who did Austin meet?", [])))).toBe("Who did Austin meet?");
    const restated = turnOf(briefing("What about him?", [], { contextTerms: [], restated: "What did Austin say about the Red Sea?" }));
    expect(restated.restated).toBe("What did Austin say about the Red Sea?");
    expect(understoodAs(restated)).toBe("What did Austin say about the Red Sea?");
  });

  it("spans a cross-article briefing by its points' dates, else by its scope", () => {
    const digest = (dates: (string | null)[]) => ({ kind: "timeline" as const, subject: "the Red Sea", scope: { from: "2024-01-01", to: "2024-03-31" }, points: dates.map((date) => ({ date })) });
    expect(turnOf({ ...briefing("Timeline of the Red Sea", []), digest: digest(["2024-02-10", null, "2024-01-20", "2024-02-01"]) }).briefing).toEqual({ kind: "timeline", subject: "the Red Sea", first: "2024-01-20", last: "2024-02-10" });
    expect(turnOf({ ...briefing("Timeline of the Red Sea", []), digest: digest([null]) }).briefing).toEqual({ kind: "timeline", subject: "the Red Sea", first: "2024-01-01", last: "2024-03-31" });
  });

  it("counts a span as quoted only where it overlaps a quote of the same article", () => {
    const quoted = [{ articleId: "a.md", start: 10, end: 20 }];
    expect(isQuoted(quoted, "a.md", 15, 30)).toBe(true);
    expect(isQuoted(quoted, "a.md", 0, 11)).toBe(true);
    expect(isQuoted(quoted, "a.md", 20, 30)).toBe(false); // touching is not overlapping
    expect(isQuoted(quoted, "a.md", 0, 10)).toBe(false);
    expect(isQuoted(quoted, "b.md", 10, 20)).toBe(false);
  });
});

describe("understanding a question in its conversation", () => {
  it("leaves a standalone question alone", () => {
    const history: Turn[] = [];
    ask(history, "Who did Lloyd Austin meet with?");
    const u = understand("Which UK Foreign Secretary is Blinken holding talks with in London?", history);
    expect(u).toEqual({ question: "Which UK Foreign Secretary is Blinken holding talks with in London?", contextTerms: [], focusArticles: [] });
    expect(searchOf(u)).toEqual({ text: u.question, terms: [] });
    expect(isFollowUp(u.question)).toBe(false);
  });

  it("carries names whole and the cited articles; searches the question with them", () => {
    const history: Turn[] = [];
    ask(history, "Who did Lloyd Austin meet with?", [["a.md", 0, 40]]);
    const u = understand("What did they discuss?", history);
    expect(u.contextTerms).toEqual(["Lloyd Austin", "meet"]);
    expect(u.focusArticles).toEqual(["a.md"]);
    expect(searchOf(u)).toEqual({ text: "What did they discuss?", terms: ["Lloyd Austin", "meet"] });
    expect(searchText(searchOf(u))).toBe("What did they discuss? Lloyd Austin meet");
  });

  it("carries a turn's own carried terms on to the next, without parsing display text", () => {
    const history: Turn[] = [];
    ask(history, "What did Austin and Shapps discuss?");
    ask(history, "What did they say about the Red Sea?");
    expect(history[1].contextTerms).toEqual(["Austin", "Shapps", "discuss"]);
    const u = understand("What else did they talk about?", history);
    expect(u.contextTerms).toEqual(["Red Sea", "Austin", "Shapps"]);
    // A term holding a comma or a parenthesis stays one term: nothing is split back out of a string.
    const odd: Turn = { question: "Why?", contextTerms: ["Smith, Jones (lawyers)"], citedArticles: ["a.md"], abstained: false };
    expect(understand("What else?", [odd]).more?.subject).toBe("Smith, Jones (lawyers)");
  });

  it("does not focus on the articles of a turn that found nothing", () => {
    const abstained = turnOf(briefing("Who sank the carrier?", [], undefined, true));
    const u = understand("Why?", [abstained]);
    expect(u.contextTerms).toEqual(["sank", "carrier"]);
    expect(u.focusArticles).toEqual([]);
    // An earlier answered turn is what a pronoun leans on.
    const answered = turnOf(briefing("Who did Lloyd Austin meet with?", [["a.md", 0, 40]]));
    expect(understand("Why?", [answered, abstained]).focusArticles).toEqual(["a.md"]);
  });

  it("asks a bare 'Anything else?' again as the turn it continues, with everything quoted so far", () => {
    const history: Turn[] = [];
    ask(history, "Who did Lloyd Austin meet with?", [["a.md", 0, 40]]);
    ask(history, "What did they discuss?", [["a.md", 100, 150]]);
    expect(bareMore("Anything else?")).toBe(true);
    const u = understand("Anything else?", history);
    expect(u.more?.basis).toBe(history[1]);
    expect(u.more?.quoted).toEqual([{ articleId: "a.md", start: 0, end: 40 }, { articleId: "a.md", start: 100, end: 150 }]);
    expect(u.more?.subject).toBe("Lloyd Austin");
    // Searched as the continued turn was: its words and its own carried terms.
    expect(searchOf(u)).toEqual({ text: "What did they discuss?", terms: ["Lloyd Austin", "meet"] });
    // A "what else?" with words of its own searches those, with the quoted spans still excluded.
    const own = understand("What else did they say about Ukraine?", history);
    expect(own.more?.basis).toBeUndefined();
    expect(searchOf(own).text).toBe("What else did they say about Ukraine?");
  });

  it("searches a restated follow-up as it was restated, with no carried terms", () => {
    const restated = turnOf(briefing("What about him?", [["b.md", 1, 2]], { contextTerms: [], restated: "What did Lloyd Austin say about the Red Sea?" }));
    const u = understand("Why?", [restated]);
    expect(u.contextTerms).toEqual(["Lloyd Austin", "Red Sea"]); // names of what was answered, not of "What about him?"
    const again = understand("Anything else?", [restated]);
    expect(searchOf(again)).toEqual({ text: "What did Lloyd Austin say about the Red Sea?", terms: [] });
    expect(searchOf({ ...u, restated: "Why did Lloyd Austin go to London?", contextTerms: [] })).toEqual({ text: "Why did Lloyd Austin go to London?", terms: [] });
  });
});

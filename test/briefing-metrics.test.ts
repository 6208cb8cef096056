import { describe, expect, it } from "vitest";
import { aggregateBriefings, conflictDetected, dateOrder, eventRecall, keyPointRecall, matchEvents, repeatedSentences, scoreBriefing, staleShare } from "../src/eval/briefing-metrics.js";

const entry = (date: string | null, ...quotes: string[]) => ({ text: quotes[0] ?? "", date, quotes });

describe("briefing metrics", () => {
  it("finds a key point when any cited sentence holds one of its phrasings", () => {
    const entries = [entry("1987-03-18", "The group said it started a Tender Offer for all common  shares of GenCorp Inc.", "A copy.")];
    expect(keyPointRecall([["tender offer for all common shares of GenCorp"], ["raise its bid"]], entries)).toBe(0.5);
    expect(keyPointRecall([], entries)).toBeNull();
  });

  it("finds an event only with its fact and a date within a day", () => {
    const events = [
      { date: "1987-03-18", fact: ["tender offer"] },
      { date: "1987-04-03", fact: ["raise its bid"] },
      { date: "1987-04-13", fact: ["sold nearly all"] },
    ];
    const entries = [entry("1987-03-19", "a tender offer was made"), entry("1987-04-13", "they sold nearly all"), entry("1987-03-20", "prepared to raise its bid")];
    const m = matchEvents(events, entries);
    expect(m).toEqual([0, -1, 1]); // the bid's entry is dated 17 days off
    expect(eventRecall(m)).toBeCloseTo(2 / 3);
  });

  it("scores date order over pairs of found events", () => {
    const events = [{ date: "1987-03-01" }, { date: "1987-03-05" }, { date: "1987-03-09" }];
    expect(dateOrder(events, [0, 1, 2])).toBe(1);
    expect(dateOrder(events, [2, 1, 0])).toBe(0);
    expect(dateOrder(events, [0, 2, 1])).toBeCloseTo(2 / 3);
    expect(dateOrder(events, [0, -1, -1])).toBeNull();
  });

  it("counts repeated sentences, stale entries and detected conflicts", () => {
    expect(repeatedSentences(["A  b.", "a b.", "c"])).toBe(1);
    expect(staleShare([entry("1987-03-30"), entry("1987-04-02"), entry(null)], "1987-04-01")).toBeCloseTo(1 / 3);
    const c = { from: "2.2 billion", to: "2.8 billion" };
    expect(conflictDetected(c, [{ quotes: ["a 2.2 billion dlr offer", "a 2.8 billion dlr offer"] }])).toBe(true);
    expect(conflictDetected(c, [{ quotes: ["a 2.2 billion dlr offer", "a 2.2 billion dlr bid"] }])).toBe(false);
  });

  it("aggregates per kind with latency percentiles", () => {
    const v1 = scoreBriefing({ id: "a", kind: "overview", corpus: "x", question: "q", key_points: [["x"]] }, [entry("1987-01-01", "x")], 0, 100);
    const v2 = scoreBriefing({ id: "b", kind: "overview", corpus: "x", question: "q", key_points: [["y"]] }, [entry("1987-01-01", "x"), entry(null, "x")], 1, 300);
    const agg = aggregateBriefings([v1, v2]);
    expect(agg).toMatchObject({ n: 2, keyPointRecall: 0.5, repeated: 1, withConflicts: 1, latency: { p50: 100, p95: 300 } });
  });
});

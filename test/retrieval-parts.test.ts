import { describe, expect, it } from "vitest";
import { Bm25Index } from "../src/index/bm25.js";
import { dateIntent, dateMatches } from "../src/retrieval/dates.js";
import { isFollowUp } from "../src/conversation/follow-up.js";
import { understoodAs } from "../src/conversation/turn.js";
import { understand } from "../src/conversation/understand.js";
import { reciprocalRankFusion } from "../src/retrieval/rrf.js";

describe("reciprocal rank fusion", () => {
  it("rewards items ranked well by both lists over items ranked first by one", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["d", "b", "e"],
    ]);
    const order = [...fused].sort((x, y) => y[1] - x[1]).map(([k]) => k);
    expect(order[0]).toBe("b"); // 2nd + 2nd beats 1st + absent
    expect(fused.get("b")).toBeCloseTo(2 / 62, 10);
    expect(fused.get("a")).toBeCloseTo(1 / 61, 10);
    expect(fused.get("e")).toBeCloseTo(1 / 63, 10);
  });
  it("weights lists and handles empty input", () => {
    expect(reciprocalRankFusion([]).size).toBe(0);
    const fused = reciprocalRankFusion([["x"], ["y"]], 60, [2, 1]);
    expect(fused.get("x")! / fused.get("y")!).toBeCloseTo(2, 10);
  });
});

describe("BM25", () => {
  const docs = [
    "The UK will send an aircraft carrier to the Red Sea.",
    "Blinken met Lammy in London for a strategic dialogue.",
    "Hegseth discussed peace in Ukraine with UK officials. Ukraine needs support.",
  ];
  const build = () => {
    const bm = new Bm25Index();
    docs.forEach((d, i) => bm.add(i, d));
    return bm;
  };
  it("ranks the passage holding the rare terms first", () => {
    const bm = build();
    expect(bm.search("aircraft carrier", 3)[0].label).toBe(0);
    expect(bm.search("Ukraine peace", 3)[0].label).toBe(2);
    expect(bm.search("Germany", 3)).toEqual([]);
  });
  it("survives a JSON round trip and incremental removal", () => {
    const bm = Bm25Index.fromJSON(JSON.parse(JSON.stringify(build().toJSON())));
    expect(bm.search("Lammy London", 1)[0].label).toBe(1);
    bm.remove(1);
    expect(bm.search("Lammy London", 3)).toEqual([]);
    expect(bm.size).toBe(2);
    expect(bm.documentFrequency("lammy")).toBe(0);
  });
  it("filters labels", () => {
    expect(build().search("UK", 3, (l) => l !== 0).map((h) => h.label)).toEqual([2]);
  });
});

describe("date intents", () => {
  it("reads months, years, since/before and latest", () => {
    expect(dateIntent("What happened in January 2024?")).toMatchObject({ from: "2024-01-01", to: "2024-01-31" });
    expect(dateIntent("news since March 2024")).toMatchObject({ from: "2024-03-01" });
    expect(dateIntent("anything before 2025?")).toMatchObject({ to: "2025-01-01" });
    expect(dateIntent("What is the latest on Ukraine?").newest).toBe(true);
    expect(dateIntent("What did Austin say?")).toEqual({});
  });
  it("matches dates against bounds; undated articles fail explicit ranges", () => {
    const jan = dateIntent("in January 2024");
    expect(dateMatches("2024-01-31", jan)).toBe(true);
    expect(dateMatches("2024-02-01", jan)).toBe(false);
    expect(dateMatches(null, jan)).toBe(false);
    expect(dateMatches(null, {})).toBe(true);
  });
});

describe("follow-up questions", () => {
  const history = [{ question: "What did Austin and Shapps discuss?", contextTerms: [], citedArticles: ["corpus/a.md"], abstained: false }];
  it("recognises follow-ups and standalone questions", () => {
    expect(isFollowUp("What about Germany?")).toBe(true);
    expect(isFollowUp("When was that meeting?")).toBe(true);
    expect(isFollowUp("What did Blinken discuss with Lammy in London during his two-day visit?")).toBe(false);
  });
  it("carries the previous question's names and cited articles", () => {
    const u = understand("When was that meeting?", history);
    expect(u.focusArticles).toEqual(["corpus/a.md"]);
    expect(u.contextTerms).toEqual(expect.arrayContaining(["Austin", "Shapps"]));
    expect(understoodAs(u)).toContain("Austin");
    expect(understand("When was that meeting?", []).contextTerms).toEqual([]);
  });
});

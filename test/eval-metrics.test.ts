import { describe, expect, it } from "vitest";
import {
  aggregate,
  checkFloors,
  formatCompare,
  formatTable,
  matchesExpected,
  normalizeText,
  percentile,
  scoreRecord,
  type EvalQuestion,
  type EvalRecord,
  type MetricSet,
} from "../src/eval/metrics.js";
import { FLOORS } from "../src/eval/floors.js";

const A = "000_6256817babd1f59d";
const B = "001_88c9f64f045f49d9";
const keysOf = (stem: string) => [`corpus/${stem}.md`, `corpus/${stem}.md`, `seeds/${stem}.txt`];
const other = (i: number) => [`corpus/other-${i}.md`];

const single: EvalQuestion = {
  id: "q1",
  question: "Where is the UK sending an aircraft carrier?",
  type: "single-fact",
  answerable: true,
  expected_articles: [A],
  expected_facts: [["aircraft carrier"], ["Red Sea"]],
};
const unanswerable: EvalQuestion = {
  id: "q9",
  question: "How much aid has France given?",
  type: "unanswerable",
  answerable: false,
  expected_articles: [],
  expected_facts: [],
};

function rec(question: EvalQuestion, over: Partial<EvalRecord>): EvalRecord {
  return { question, answer: "", abstained: false, citations: [], passages: [], sentences: [], quoteFound: [], latencyMs: 0, ...over };
}
const cite = (n: number, keys: string[]) => ({ n, articleKey: keys, quote: "q", supported: true });

// The perfect answer: expected article first, cited, quote found, both facts present.
const perfect = rec(single, {
  answer: "The U.K. will send an aircraft carrier to the Red Sea [1].",
  passages: [{ articleKey: keysOf(A) }, { articleKey: other(1) }],
  citations: [cite(1, keysOf(A))],
  quoteFound: [true],
  sentences: [{ text: "…", citations: [1], supported: true }],
  latencyMs: 100,
});
// Wrong article cited: expected article only at rank 3, no facts in the answer.
const wrongArticle = rec(single, {
  answer: "Officials met in London [1]. They talked.",
  passages: [{ articleKey: other(1) }, { articleKey: other(2) }, { articleKey: keysOf(A) }],
  citations: [cite(1, other(1))],
  quoteFound: [true],
  sentences: [
    { text: "Officials met in London [1].", citations: [1], supported: true },
    { text: "They talked.", citations: [], supported: true },
  ],
  latencyMs: 300,
});
// Abstained although answerable; the expected article is only at rank 6.
const abstainedAnswerable = rec(single, {
  answer: "The articles do not say.",
  abstained: true,
  passages: [1, 2, 3, 4, 5].map((i) => ({ articleKey: other(i) })).concat([{ articleKey: keysOf(A) }]),
  latencyMs: 200,
});
// Answered an unanswerable question, and its quote is not in the source.
const answeredUnanswerable = rec(unanswerable, {
  answer: "France gave $6 billion [1].",
  passages: [{ articleKey: keysOf(A) }],
  citations: [cite(1, keysOf(A))],
  quoteFound: [false],
  sentences: [{ text: "France gave $6 billion [1].", citations: [1], supported: false }],
  latencyMs: 400,
});
const abstainedUnanswerable = rec(unanswerable, { answer: "Not covered.", abstained: true, latencyMs: 50 });

describe("matchesExpected", () => {
  it("matches when any key contains the expected key", () => {
    expect(matchesExpected(["corpus/austin.md", `seeds/${A}.txt`], A)).toBe(true);
    expect(matchesExpected(["corpus/austin.md", `seeds/${A}.txt`], B)).toBe(false);
  });
  it("treats backslashes as slashes and ignores case, but never matches an empty key", () => {
    expect(matchesExpected(["..\\shared\\corpora\\bbc\\Business\\001.txt"], "business/001.txt")).toBe(true);
    expect(matchesExpected(["bbc/business/101.txt"], "business/001.txt")).toBe(false);
    expect(matchesExpected(["anything"], "  ")).toBe(false);
  });
});

describe("scoreRecord", () => {
  it("scores a perfect answer 1 everywhere", () => {
    expect(scoreRecord(perfect)).toMatchObject({
      firstRelevantRank: 1, hitAt1: 1, hitAt3: 1, hitAt5: 1, reciprocalRank: 1,
      citationRecall: 1, citationPrecision: 1, quoteSupport: 1, claimSupport: 1, factRecall: 1,
    });
  });
  it("scores zero citation and fact metrics when the wrong article is cited", () => {
    const v = scoreRecord(wrongArticle);
    expect(v).toMatchObject({ hitAt1: 0, hitAt3: 1, hitAt5: 1, citationRecall: 0, citationPrecision: 0, factRecall: 0, claimSupport: 0.5 });
    expect(v.reciprocalRank).toBeCloseTo(1 / 3, 12);
  });
  it("scores zero when abstaining on an answerable question; nothing-cited metrics are not applicable", () => {
    const v = scoreRecord(abstainedAnswerable);
    expect(v).toMatchObject({ firstRelevantRank: 6, hitAt5: 0, citationRecall: 0, factRecall: 0 });
    expect(v.reciprocalRank).toBeCloseTo(1 / 6, 12);
    expect(v.citationPrecision).toBeUndefined();
    expect(v.quoteSupport).toBeUndefined();
    expect(v.claimSupport).toBeUndefined();
  });
  it("gives an answered unanswerable question no retrieval verdict but a failed quote", () => {
    const v = scoreRecord(answeredUnanswerable);
    expect(v.hitAt5).toBeUndefined();
    expect(v.citationRecall).toBeUndefined();
    expect(v.factRecall).toBeUndefined();
    expect(v.quoteSupport).toBe(0);
    expect(v.claimSupport).toBe(0);
  });
  it("counts distinct cited articles for precision and each quote for support", () => {
    const v = scoreRecord(
      rec(single, {
        answer: "x",
        citations: [cite(1, keysOf(A)), cite(2, keysOf(A)), cite(3, other(1))],
        quoteFound: [true, false, true],
      }),
    );
    expect(v.citationPrecision).toBe(0.5);
    expect(v.quoteSupport).toBeCloseTo(2 / 3, 12);
  });
  it("matches facts case-insensitively across whitespace and typographic quotes", () => {
    expect(normalizeText("Ukraine\u2019s  \n RESILIENCE")).toBe("ukraine's resilience");
    const v = scoreRecord(rec(single, { answer: "an AIRCRAFT\n   carrier heads to the red  sea" }));
    expect(v.factRecall).toBe(1);
    expect(scoreRecord(rec(single, { answer: "a carrier in the Red Sea" })).factRecall).toBe(0.5);
  });
});

describe("aggregate", () => {
  const agg = aggregate([perfect, wrongArticle, abstainedAnswerable, answeredUnanswerable, abstainedUnanswerable]);

  it("averages retrieval, citation and fact metrics over answerable questions only", () => {
    expect(agg.n).toBe(5);
    expect(agg.recallAt1).toBeCloseTo(1 / 3, 12);
    expect(agg.recallAt3).toBeCloseTo(2 / 3, 12);
    expect(agg.recallAt5).toBeCloseTo(2 / 3, 12);
    expect(agg.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 6) / 3, 12);
    expect(agg.citationRecall).toBeCloseTo(1 / 3, 12);
    expect(agg.citationPrecision).toBe(0.5);
    expect(agg.factRecall).toBeCloseTo(1 / 3, 12);
  });
  it("averages quote and claim support over every question that cited or answered", () => {
    expect(agg.quoteSupport).toBeCloseTo(2 / 3, 12);
    expect(agg.claimSupport).toBeCloseTo(0.5, 12);
  });
  it("computes abstention precision, recall, F1 and the false-abstention rate", () => {
    expect(agg.abstention.precision).toBe(0.5);
    expect(agg.abstention.recall).toBe(0.5);
    expect(agg.abstention.f1).toBe(0.5);
    expect(agg.abstention.falseAbstentionRate).toBeCloseTo(1 / 3, 12);
    expect(agg.abstention.abstainedShare).toBe(0.4);
  });
  it("takes nearest-rank latency percentiles", () => {
    expect(agg.latency).toEqual({ p50: 200, p95: 400 });
  });
  it("breaks down by type, with null where no question qualifies", () => {
    expect(Object.keys(agg.byType)).toEqual(["single-fact", "unanswerable"]);
    const u = agg.byType.unanswerable!;
    expect(u.n).toBe(2);
    expect(u.recallAt5).toBeNull();
    expect(u.factRecall).toBeNull();
    expect(u.abstention.precision).toBe(1);
    expect(u.abstention.recall).toBe(0.5);
    expect(u.abstention.f1).toBeCloseTo(2 / 3, 12);
    const s = agg.byType["single-fact"]!;
    expect(s.abstention).toMatchObject({ precision: 0, recall: 1, f1: 0 });
    expect(s.abstention.falseAbstentionRate).toBeCloseTo(1 / 3, 12);
  });
  it("defines abstention edge cases: no abstentions is perfect only without unanswerable questions", () => {
    expect(aggregate([perfect]).abstention).toMatchObject({ precision: 1, recall: 1, f1: 1, falseAbstentionRate: 0 });
    expect(aggregate([perfect, answeredUnanswerable]).abstention).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(aggregate([]).latency).toEqual({ p50: null, p95: null });
  });
});

describe("percentile (nearest rank)", () => {
  it("picks the value at rank ceil(p/100 × N)", () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
    expect(percentile([42], 50)).toBe(42);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("checkFloors", () => {
  // The floors the eval issue set; evals/floors.json may only be stricter.
  const ISSUE_FLOORS = { recallAt5: 0.95, quoteSupport: 1, citationRecall: 0.9, factRecall: 0.8, abstentionF1: 0.8, falseAbstentionRate: 0.05 };
  const good: MetricSet = { ...aggregate([perfect, abstainedUnanswerable]) };
  it("passes a run that meets every floor, including a value exactly at its floor", () => {
    expect(checkFloors(good, ISSUE_FLOORS)).toEqual([]);
    expect(checkFloors(good, FLOORS)).toEqual([]);
    const nineOfTen = { ...good, citationRecall: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0].reduce((a, b) => a + b, 0) / 10 };
    expect(checkFloors(nineOfTen, ISSUE_FLOORS)).toEqual([]);
  });
  it("fails minimums below the floor, maximums above it, and metrics without data", () => {
    const bad: MetricSet = {
      ...good,
      recallAt5: 0.9,
      factRecall: null,
      abstention: { ...good.abstention, falseAbstentionRate: 0.1 },
    };
    expect(checkFloors(bad, ISSUE_FLOORS)).toEqual([
      { name: "recallAt5", value: 0.9, floor: 0.95, kind: "min" },
      { name: "factRecall", value: null, floor: 0.8, kind: "min" },
      { name: "falseAbstentionRate", value: 0.1, floor: 0.05, kind: "max" },
    ]);
  });
  it("rejects a floor that names no metric", () => {
    expect(() => checkFloors(good, { recallAt50: 1 })).toThrow(/unknown metric "recallAt50"/);
  });
  it("reads the floors from evals/floors.json: the same metrics as the issue's, none of them looser", () => {
    expect(Object.keys(FLOORS).sort()).toEqual(Object.keys(ISSUE_FLOORS).sort());
    for (const [name, floor] of Object.entries(ISSUE_FLOORS)) {
      if (name === "falseAbstentionRate") expect(FLOORS[name]).toBeLessThanOrEqual(floor);
      else expect(FLOORS[name], name).toBeGreaterThanOrEqual(floor);
    }
  });
});

describe("formatTable / formatCompare", () => {
  const agg = aggregate([perfect, wrongArticle, abstainedAnswerable, answeredUnanswerable, abstainedUnanswerable]);
  it("prints aligned overall and by-type tables", () => {
    const text = formatTable(agg);
    const [overall, byType] = text.split("\n\n");
    const rows = overall!.split("\n").slice(1);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1); // right-aligned values end in one column
    expect(overall).toMatch(/MRR\s+0\.500/);
    expect(overall).toMatch(/latency p95 \(ms\)\s+400/);
    expect(byType).toMatch(/^single-fact\s+3\s+0\.333/m);
    expect(byType).toMatch(/^unanswerable\s+2\s+—/m);
    expect(byType).toMatch(/^all\s+5\s/m);
  });
  it("prints one column per run", () => {
    const text = formatCompare([
      { name: "hybrid", agg },
      { name: "bm25", agg: aggregate([perfect]) },
    ]);
    expect(text.split("\n")[1]).toMatch(/^metric\s+hybrid\s+bm25$/);
    expect(text).toMatch(/^recall@5\s+0\.667\s+1\.000$/m);
    expect(text).toMatch(/^unanswerable abstained\s+0\.500\s+—$/m);
    expect(text).not.toMatch(/^unanswerable facts/m); // not applicable to any run: row left out
  });
});

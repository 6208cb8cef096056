import { describe, expect, it } from "vitest";
import { corroborate, type Reported } from "../src/answer/briefings/corroborate.js";
import { tollDifference, tollsOf } from "../src/answer/briefings/measures.js";
import { contentTerms } from "../src/text/terms.js";

// Two Reuters reports of the Ecuador earthquake (March 9 and March 11, 1987), as written.
const MARCH_9 = "Up to 300 people were feared dead and more\nthan 15,000 people left homeless by thursday's earthquake,\nwhich will cost Ecuador close to 800 mln dlrs in lost petroleum\nrevenues, authorities said.";
const MARCH_11 = "Ecuador is considering measures for\ndealing with its foreign debt following the earthquake that\nkilled 300 people, left 4,000 homeless and cost the country\nclose to a billion dollars, information minister marco lara\ntold reuters.";

describe("tolls worded differently", () => {
  it("reads a toll wherever it is written", () => {
    expect(tollsOf(MARCH_9)).toEqual([
      { measure: "dead", value: 300, shown: "Up to 300 dead" },
      { measure: "homeless", value: 15000, shown: "more than 15,000 homeless" },
    ]);
    expect(tollsOf(MARCH_11).map((t) => [t.measure, t.value])).toEqual([["homeless", 4000], ["dead", 300]]);
    expect(tollsOf("The blast injured at least 40 workers.")).toEqual([{ measure: "injured", value: 40, shown: "at least 40 injured" }]);
    expect(tollsOf("The company left 40 people without jobs and its price at 12 dlrs.")).toEqual([]);
    expect(tollsOf("Hundreds were feared dead.")).toEqual([]);
  });

  it("a different toll for the same thing is a conflict; the same toll, a rounding or a rising toll is not", () => {
    expect(tollDifference(MARCH_9, MARCH_11)).toEqual({ a: "more than 15,000 homeless", b: "4,000 homeless", kind: "figure" });
    expect(tollDifference("The quake killed 300 people.", "Up to 300 people were feared dead in the quake.")).toBeNull();
    expect(tollDifference("The quake killed 1,000 people.", "About 1,100 people were killed in the quake.")).toBeNull();
    expect(tollDifference("The death toll rose to 500, officials said.", "The quake killed 300 people.")).toBeNull();
    // "Dead or missing" counts something else than "dead" (the OPEC briefings' false line before this rule).
    expect(tollDifference(MARCH_9, "The quake cost an estimated one billion dlrs in damage and left 1,000 people dead or missing.")).toBeNull();
    expect(tollsOf("left 1,000 people dead or missing")).toEqual([{ measure: "dead or missing", value: 1000, shown: "1,000 dead or missing" }]);
    // Two places in one sentence: no single figure to compare.
    expect(tollDifference("The quake killed 300 in Napo and 200 people were killed in Sucumbios.", "The quake killed 900 people.")).toBeNull();
  });

  it("corroborate lists it beside the word-aligned conflicts, only across articles close in time", () => {
    const v = new Float32Array([1, 0, 0, 0]);
    const s = (articleId: string, date: string, text: string): Reported => ({ articleId, date, text, terms: contentTerms(text), vector: v, position: 0, score: 0.5 });
    const { disagreements } = corroborate([s("a", "1987-03-09", MARCH_9), s("b", "1987-03-11", MARCH_11)]);
    expect(disagreements.map((d) => [d.difference.a, d.difference.b])).toEqual([["more than 15,000 homeless", "4,000 homeless"]]);
    expect(corroborate([s("a", "1987-03-09", MARCH_9), s("b", "1987-06-11", MARCH_11)]).disagreements).toEqual([]);
    expect(corroborate([s("a", "1987-03-09", MARCH_9), s("a", "1987-03-11", MARCH_11)]).disagreements).toEqual([]);
  });
});

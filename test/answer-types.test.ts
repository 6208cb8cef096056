import { describe, expect, it } from "vitest";
import { isTypoOf } from "../src/answer/abstain.js";
import { DATE, NUMBER, wantsDate, wantsNumber } from "../src/answer/answer-type.js";

describe("answer types asked for", () => {
  it("reads 'when' as a date question only as the question word", () => {
    expect(wantsDate("When did the Jin dynasty begin?")).toBe(true);
    expect(wantsDate("Where and when have the NATO summits been held?")).toBe(true);
    expect(wantsDate("The pact was signed when?")).toBe(true);
    expect(wantsDate("In what year did Warsaw become the capital?")).toBe(true);
    expect(wantsDate("In which century was it built?")).toBe(true);
    expect(wantsDate("What kind of disorders occur when part of the immune system isn't active?")).toBe(false);
    expect(wantsDate("When dating rocks, what is the absolute isotopic date applied to?")).toBe(false);
    expect(wantsDate("Cost overruns have occurred when the contractor did what?")).toBe(false);
  });

  it("still asks for figures", () => {
    expect(wantsNumber("How many fraternities form the council?")).toBe(true);
    expect(wantsNumber("Who leads the council?")).toBe(false);
  });
});

describe("figures and dates in a sentence", () => {
  it("finds years of any century, decades, eras and centuries", () => {
    for (const s of ["The Jin dynasty began in 1115.", "It was introduced in the late 1980s.", "Built in the 18th century.", "Founded around 300 BC.", "Rebuilt 1775–1795.", "It ended in the fifteenth century.", "He met her on Tuesday."]) {
      expect(DATE.test(s), s).toBe(true);
    }
    for (const s of ["The population density was 4,097.9 people per square mile.", "They met twice.", "Room 12 is upstairs."]) {
      expect(DATE.test(s), s).toBe(false);
    }
  });

  it("counts number words as figures, but not 'one' or 'the two …'", () => {
    expect(NUMBER.test("The council is formed by ten fraternities.")).toBe(true);
    expect(NUMBER.test("Some 3 million people live there.")).toBe(true);
    expect(NUMBER.test("Dozens were hurt.")).toBe(true);
    expect(NUMBER.test("The two leaders presented a united front.")).toBe(false);
    expect(NUMBER.test("No one was hurt.")).toBe(false);
  });
});

describe("typos of names in the passages found", () => {
  const words = new Set(["krugman", "montcalm", "bolesław", "beroids", "japanese"]);
  it("takes one slipped, dropped or swapped letter for a typo", () => {
    for (const w of ["krugmen", "moncalm", "boleslaw", "beriods"]) expect(isTypoOf(w, words), w).toBe(true);
  });
  it("does not stretch to other names, short words or exact words", () => {
    for (const w of ["japan", "kruger", "krugman", "bolesław2", "france"]) expect(isTypoOf(w, words), w).toBe(false);
    expect(isTypoOf("bush", new Set(["busch"]))).toBe(false);
  });
});

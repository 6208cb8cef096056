// A calendar day with no year, read in the article's own year (src/answer/asked-detail.ts periodAfter):
// a vote "at the April 23 annual meeting" is not reported by a story of March 2 (Reuters r202's kind).
import { describe, expect, it } from "vitest";
import { periodAfter } from "../src/answer/asked-detail.js";

describe("a day after the story", () => {
  it("an outcome on a later day is not in an earlier story", () => {
    expect(periodAfter("How many votes did the stock split receive at the April 23 annual meeting?", "1987-03-02T10:00:00")).toBe("April 23");
    expect(periodAfter("How many votes did the stock split receive at the April 23 annual meeting?", "1987-04-24T10:00:00")).toBeNull();
  });
  it("a question on the schedule itself, or a year given, is left to the other rules", () => {
    expect(periodAfter("When is the April 23 annual meeting?", "1987-03-02")).toBeNull();
    expect(periodAfter("What will shareholders decide at the April 23 meeting?", "1987-03-02")).toBeNull();
    expect(periodAfter("What did the board decide on April 23, 1986?", "1987-03-02")).toBeNull();
  });
});

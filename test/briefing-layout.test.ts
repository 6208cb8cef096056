import { describe, expect, it } from "vitest";
import { datedLayout } from "../src/answer/briefings/layout.js";

describe("a model's timeline laid out with a date column", () => {
  it("puts each line's date first, ISO, followed by two spaces, whatever form the model wrote", () => {
    const model = [
      "1987-03-18: General Partners started a tender offer for GenCorp [1].",
      "- **1987-03-23** — GenCorp filed suit against the offer [2][3].",
      "March 30, 1987: GenCorp urged shareholders to reject the offer [4].",
      "3. 3 April: General Partners raised its bid to 110 dlrs [5].",
      "Undated: GenCorp's RKO unit sought to keep its licences [6].",
      "Reports differ: 100 dlrs [4] (Mar 30), 110 dlrs [5] (Apr 3).",
    ].join("\n");
    expect(datedLayout(model, "1987").split("\n")).toEqual([
      "1987-03-18  General Partners started a tender offer for GenCorp [1].",
      "1987-03-23  GenCorp filed suit against the offer [2][3].",
      "1987-03-30  GenCorp urged shareholders to reject the offer [4].",
      "1987-04-03  General Partners raised its bid to 110 dlrs [5].",
      "undated     GenCorp's RKO unit sought to keep its licences [6].",
      "Reports differ: 100 dlrs [4] (Mar 30), 110 dlrs [5] (Apr 3).",
    ]);
  });

  it("starts an entry run on after a citation on a line of its own", () => {
    expect(datedLayout("1987-03-18: The bid [1]. 1987-03-23: The suit [2].")).toBe("1987-03-18  The bid [1].\n1987-03-23  The suit [2].");
  });

  it("leaves lines that open with no date, or a sentence that merely starts with a month, alone", () => {
    const prose = "The battle ran from March to April [1].\nIn all, seven articles reported it [2].\nMay 5 was set as the new target date [3].";
    expect(datedLayout(prose, null)).toBe(prose);
    expect(datedLayout("GenCorp fought the bid [1].", "1987")).toBe("GenCorp fought the bid [1].");
    expect(datedLayout(prose, "1987")).toBe(prose);
  });
});

// A story saying the asked slot is empty (src/answer/answerability/slot-empty.ts): Reuters dev r194
// and the withheld prices of r172/r173 rewritten, each beside an answerable twin (r195, r158, r169).
import { describe, expect, it } from "vitest";
import { slotDeclaredEmpty } from "../src/answer/answerability/slot-empty.js";

describe("a slot the story says is empty", () => {
  const doyon = [
    "The hole is 460 feet east of the previously reported first hole.",
    "One intersection graded 0.33 ounce gold a short ton over 44 feet at depth of 1,411 feet.",
    "Another hole is being drilled 460 feet to the west of the first drill hole and results are expected in late March or early April.",
  ];
  it("an outcome still to come", () => {
    expect(slotDeclaredEmpty("What gold grades did the hole drilled 460 feet west of the first hole at the Doyon mine show?", ["Doyon"], doyon)).not.toBeNull();
    expect(slotDeclaredEmpty("What gold grade did the intersection at a depth of 1,411 feet show?", ["Doyon"], doyon)).toBeNull();
  });
  it("a price withheld, unless another sentence gives it", () => {
    const owens = ["Owens-Corning Fiberglas Corp said it has completed the sale of its three foam products plants to Atlas Roofing Corp for undisclosed terms."];
    expect(slotDeclaredEmpty("How much did Atlas Roofing pay for Owens-Corning's foam products plants?", ["Atlas Roofing", "Owens-Corning"], owens)).not.toBeNull();
    const revlon = ["Revlon Group Inc said it bought Germaine Monteil's cosmetics business from the Beecham Group PLC.", "Terms of the sale were not disclosed.", "A statement from Beecham said the business was sold to Revlon for 2.5 mln dlrs in cash."];
    expect(slotDeclaredEmpty("How much did Revlon pay Beecham for the Germaine Monteil cosmetics business?", ["Revlon", "Beecham"], revlon)).toBeNull();
  });
  it("a gain given beside a price withheld is still an answer", () => {
    const landmark = ["Landmark said it realized a gain of about 1.1 mln dlrs on the sale.", "The price was not disclosed."];
    expect(slotDeclaredEmpty("What gain did Landmark Savings realize on the sale of its Whitehall office?", ["Landmark Savings", "Whitehall"], landmark)).toBeNull();
  });
});

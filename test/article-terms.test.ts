// Which terms an article holds, read from the BM25 postings instead of its text (src/answer/article-terms.ts).
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../src/index/bm25.js";
import { contentTerms } from "../src/text/terms.js";

describe("Bm25Index.holds and termsStartingWith", () => {
  it("answers as the passage's own terms do, in label order or not, after changes", () => {
    const bm = new Bm25Index();
    const texts: Record<number, string> = { 0: "Cameroon's finance ministry lost money", 1: "The Cameroonian payroll fraud", 2: "Markets fell in Tokyo" };
    for (const [label, text] of Object.entries(texts)) bm.add(Number(label), text);
    for (const [label, text] of Object.entries(texts)) {
      const own = new Set(contentTerms(text));
      for (const t of ["cameroon", "cameroonian", "ministri", "ministry", "market", "fraud", "tokyo", "fell"]) expect(bm.holds(t, Number(label))).toBe(own.has(t));
    }
    // Re-adding label 0 puts it after label 2 in the lists: no longer in label order.
    bm.add(0, "Tokyo markets rose");
    expect(bm.holds("tokyo", 0)).toBe(true);
    expect(bm.holds("tokyo", 2)).toBe(true);
    expect(bm.holds("cameroon", 0)).toBe(false);
    bm.remove(2);
    expect(bm.holds("tokyo", 2)).toBe(false);
    expect(bm.holds("nothing", 0)).toBe(false);
    expect([...bm.termsStartingWith("cameroonians")].sort()).toEqual(["cameroon", "cameroonian"]);
    bm.add(3, "Cameroonese exports");
    expect(bm.termsStartingWith("came")).toContain(contentTerms("Cameroonese")[0]);
  });

  it("survives the binary form it is read from", () => {
    const bm = new Bm25Index();
    bm.add(0, "Pacific Western bought Wardair");
    bm.add(1, "Wardair shares rose");
    const read = Bm25Index.fromBinary(bm.toBinary());
    expect(read.holds(contentTerms("Wardair")[0]!, 1)).toBe(true);
    expect(read.holds(contentTerms("Pacific")[0]!, 1)).toBe(false);
    expect(read.termsStartingWith("pacif")).toEqual([contentTerms("Pacific")[0]]);
  });
});

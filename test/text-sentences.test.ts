import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_SENTENCE_CHARS, splitSentences } from "../src/text/sentences.js";

const texts = (s: string) => {
  const out = splitSentences(s);
  for (const x of out) expect(s.slice(x.start, x.end)).toBe(x.text);
  return out.map((x) => x.text);
};

describe("splitSentences", () => {
  it("does not split after U.S., U.K., D.C., titles, initials, Oct. 7 or decimals", () => {
    expect(
      texts(
        "U.S. Secretary of Defense Lloyd J. Austin III met U.K. Defence Secretary Grant Shapps. Mr. Smith paid $6.5 billion on Oct. 7 and Oct 7. " +
          "The summit in Washington, D.C., was also discussed. Dr. Jones agreed.",
      ),
    ).toEqual([
      "U.S. Secretary of Defense Lloyd J. Austin III met U.K. Defence Secretary Grant Shapps.",
      "Mr. Smith paid $6.5 billion on Oct. 7 and Oct 7.",
      "The summit in Washington, D.C., was also discussed.",
      "Dr. Jones agreed.",
    ]);
  });

  it("does split after an acronym or abbreviation that ends a sentence", () => {
    expect(texts("He moved to the U.S. The family followed. Shares in Apple Inc. It rose.")).toEqual([
      "He moved to the U.S.",
      "The family followed.",
      "Shares in Apple Inc.",
      "It rose.",
    ]);
  });

  it("splits where a scraper dropped the space after a period, but not inside U.K.Officials", () => {
    expect(texts("fostering peace in Ukraine amid ongoing conflict.The meeting, which involved Hegseth and U.K.Officials, went well. See example.com for more.")).toEqual([
      "fostering peace in Ukraine amid ongoing conflict.",
      "The meeting, which involved Hegseth and U.K.Officials, went well.",
      "See example.com for more.",
    ]);
  });

  it("keeps closing quotes with their sentence and handles ? and !", () => {
    expect(texts('Lammy said: "We are aligned." Biden agreed. "Why?" he asked. Really? Yes! It said."We want" more.')).toEqual([
      'Lammy said: "We are aligned."',
      "Biden agreed.",
      '"Why?" he asked.',
      "Really?",
      "Yes!",
      "It said.",
      '"We want" more.',
    ]);
  });

  it("makes bullet lines, table rows and headings their own segments", () => {
    const s = "including:\n- Diplomatic Engagement: alliances.\n- Economic Aid: funds.\nKey Strategies | Expected Outcomes |\n---|---|\nFuture Outlook\nthe recent talks went on.";
    expect(splitSentences(s).map((x) => [x.kind, x.text])).toEqual([
      ["sentence", "including:"],
      ["bullet", "- Diplomatic Engagement: alliances."],
      ["bullet", "- Economic Aid: funds."],
      ["table", "Key Strategies | Expected Outcomes |"],
      ["table", "---|---|"],
      ["heading", "Future Outlook"],
      ["sentence", "the recent talks went on."],
    ]);
  });

  it("joins hard-wrapped lines but not separate lines", () => {
    expect(texts("This is a long hard-wrapped line of prose text that continues on\nthe next line. Then another.\nNew line sentence.")).toEqual([
      "This is a long hard-wrapped line of prose text that continues on\nthe next line.",
      "Then another.",
      "New line sentence.",
    ]);
  });

  it("gives offsets into the original text, trimmed, and nothing for blank text", () => {
    expect(splitSentences("  \n\t ")).toEqual([]);
    expect(splitSentences("  First one.   Second one.  ")).toEqual([
      { text: "First one.", start: 2, end: 12, kind: "sentence" },
      { text: "Second one.", start: 15, end: 26, kind: "sentence" },
    ]);
  });

  const seed = path.join(import.meta.dirname, "..", "corpus", "hegseth-and-uk-officials-ukraine-peace-efforts.md");
  it.skipIf(!existsSync(seed))("segments the scraped seed article sensibly", () => {
    const text = readFileSync(seed, "utf8");
    const segs = splitSentences(text);
    for (const s of segs) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(segs.find((s) => s.text.startsWith("Hegseth and U.K.Officials Explore"))?.kind).toBe("heading");
    expect(segs.filter((s) => s.kind === "table").length).toBe(16);
    expect(segs.filter((s) => s.kind === "bullet").length).toBe(16);
    expect(segs.some((s) => s.text.endsWith("ongoing conflict."))).toBe(true);
    expect(segs.some((s) => /U\.S\.$/.test(s.text))).toBe(false);
  });

  describe("hard-wrapped wire copy", () => {
    // Shaped like Reuters-21578 (wrapped at ~65 characters, paragraphs indented), words invented.
    const story = [
      "Westland Savings and Loan Association said",
      "regulators closed its unit in Fountain Valley, Calif., and",
      "moved its insured deposits to Harbor Federal Savings Bank of",
      "Irvine, according to Northfield Co chairman Robert O. Anderson.",
      "    The closed unit held 4.5 mln dlrs in deposits and had a",
      "current excess capacity cushion of about",
      "4.5 mln barrels a day, the U.S. Energy Department said. Acme",
      "Inc. said it agreed. Anderson said Jan. 5 was the date Mr.",
      "Smith left St. Louis for Widget Corp. in New York.",
      "    Shr 34 cts vs 1.19 dlrs",
      "    Net 3,300,000 vs 8,300,000",
      "    Revs 45.2 mln vs 58.1 mln",
      "    Qtly div 18 cts vs 18 cts prior",
      " REUTER",
    ].join("\n");
    const segs = splitSentences(story);

    it("joins lines whatever the next starts with; abbreviations and initials do not end sentences", () => {
      expect(segs.filter((s) => s.kind === "sentence").map((s) => s.text.replace(/\s+/g, " "))).toEqual([
        "Westland Savings and Loan Association said regulators closed its unit in Fountain Valley, Calif., and moved its insured deposits to Harbor Federal Savings Bank of Irvine, according to Northfield Co chairman Robert O. Anderson.",
        "The closed unit held 4.5 mln dlrs in deposits and had a current excess capacity cushion of about 4.5 mln barrels a day, the U.S. Energy Department said.",
        "Acme Inc. said it agreed.",
        "Anderson said Jan. 5 was the date Mr. Smith left St. Louis for Widget Corp. in New York.",
      ]);
    });

    it("earnings-table lines are table rows and the sign-off is no segment; the text stays whole", () => {
      expect(segs.filter((s) => s.kind === "table").map((s) => s.text)).toEqual([
        "Shr 34 cts vs 1.19 dlrs",
        "Net 3,300,000 vs 8,300,000",
        "Revs 45.2 mln vs 58.1 mln",
        "Qtly div 18 cts vs 18 cts prior",
      ]);
      expect(segs.some((s) => /REUTER/.test(s.text))).toBe(false);
      for (const s of segs) expect(story.slice(s.start, s.end)).toBe(s.text);
      expect(splitSentences("Note - Fin div pay May 27, record May 23. REUTER").map((s) => s.text)).toEqual(["Note - Fin div pay May 27, record May 23."]);
    });

    it("an indented line starts a paragraph, so a line without final punctuation before it ends its sentence", () => {
      expect(texts("The board met on Tuesday to review the offer from the group that\nwas made last week in a letter to shareholders and staff\n    Talks will resume next month, the company said.")).toEqual([
        "The board met on Tuesday to review the offer from the group that\nwas made last week in a letter to shareholders and staff",
        "Talks will resume next month, the company said.",
      ]);
    });

    it("a title-case line before a capitalised line stays a heading in wrapped text", () => {
      const segsH = splitSentences("Market Outlook\nThe board met on Tuesday to review the offer from the group that\nwas made last week in a letter to shareholders and staff.");
      expect(segsH.map((s) => s.kind)).toEqual(["heading", "sentence"]);
      // A title-case line that breaks off mid-phrase is a wrapped line, not a heading (held-out Reuters story).
      const segsW = splitSentences("The crop is threatened by pests and disease in the north, the agency said.\n    China's Ministry of Agriculture, Animal Husbandry and\nFisheries has called for measures to combat the threat, it said.");
      expect(segsW.map((s) => s.kind)).toEqual(["sentence", "sentence"]);
    });
  });

  it(`cuts a run without punctuation into sentences of at most ${MAX_SENTENCE_CHARS} characters, at spaces`, () => {
    const blob = Array.from({ length: 20_000 }, (_, i) => `word${i}`).join(" ");
    const segs = splitSentences(blob);
    expect(segs.length).toBeGreaterThan(blob.length / MAX_SENTENCE_CHARS);
    expect(Math.max(...segs.map((s) => s.text.length))).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(segs.every((s) => /^word\d+$/.test(s.text.split(" ")[0]!) && blob.slice(s.start, s.end) === s.text)).toBe(true);
    const spaceless = "漢".repeat(5000);
    expect(Math.max(...splitSentences(spaceless).map((s) => s.text.length))).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
  });
});

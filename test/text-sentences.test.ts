import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitSentences } from "../src/text/sentences.js";

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
});

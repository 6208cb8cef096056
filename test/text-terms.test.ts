import { describe, expect, it } from "vitest";
import { contentTerms, stem, STOPWORDS, tokenize } from "../src/text/terms.js";

describe("tokenize", () => {
  it("lowercases, joins dotted acronyms, strips possessives, splits hyphens, keeps numbers", () => {
    expect(tokenize("U.S. and U.K.Officials: Ukraine's war-torn east, $6.5 billion, 1,000 troops, US-UK ties")).toEqual([
      "us", "and", "uk", "officials", "ukraine", "war", "torn", "east", "6.5", "billion", "1000", "troops", "us", "uk", "ties",
    ]);
  });

  it("drops accents and curly apostrophes so queries typed plainly still match", () => {
    expect(tokenize("Café São Paulo’s Mourinho don’t")).toEqual(["cafe", "sao", "paulo", "mourinho", "dont"]);
  });
});

describe("stem", () => {
  it("brings inflections of a word together", () => {
    const groups = [
      ["meeting", "meetings", "meet"],
      ["talks", "talked", "talking", "talk"],
      ["countries", "country"],
      ["defence", "defences", "defense", "defenses"],
      ["licence", "licences", "license", "licenses"],
      ["organised", "organized", "organise"],
      ["labour", "labor"],
      ["agreed", "agree", "agreeing", "agrees"],
      ["planned", "plan", "plans"],
      ["hoped", "hope", "hoping"],
    ];
    for (const g of groups) expect(new Set(g.map(stem)).size, g.join("/")).toBe(1);
  });

  it("leaves short words, numbers and non-plurals in -s alone", () => {
    expect(["us", "uk", "gas", "news", "crisis", "status", "2024s"].map(stem)).toEqual(["us", "uk", "gas", "news", "crisis", "status", "2024s"]);
  });
});

describe("contentTerms", () => {
  it("drops stopwords but keeps US (even written lowercase), and stems the rest", () => {
    expect(contentTerms("What did the US and UK defence chiefs discuss about the Red Sea?")).toEqual([
      "us", "uk", "defens", "chief", "discuss", "red", "sea",
    ]);
    expect(contentTerms("what did the us say")).toEqual(["us"]);
    expect(STOPWORDS.has("the")).toBe(true);
    expect(STOPWORDS.has("us")).toBe(false);
  });

  it("gives questions and passages the same terms for the same words", () => {
    const q = new Set(contentTerms("Which countries sanctioned the militias?"));
    const p = contentTerms("Sanctions on Iran-aligned militia groups were agreed by both countries.");
    expect(p.filter((t) => q.has(t)).sort()).toEqual(["country", "militia", "sanction"]);
  });

  it("gives a string for words that name Object's own members (a Reuters story's \"constructor\" was stored as null)", () => {
    const words = ["constructor", "constructors", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"];
    for (const t of contentTerms(words.join(" "))) expect(typeof t, t).toBe("string");
    expect(contentTerms("the constructor")).toEqual(contentTerms("constructors"));
    expect(contentTerms("the constructor")[0]).toMatch(/^construct/);
  });
});

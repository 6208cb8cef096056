import { describe, expect, it } from "vitest";
import { aliasesOf, countryNamesOf } from "../src/text/aliases.js";
import { capitalisedRuns, isNameWord, nameRuns, nameTerms, newNames, newNameTerms, subjectNameTerms } from "../src/text/names.js";
import { specificTerms } from "../src/text/terms.js";

describe("names in text (src/text/names.ts)", () => {
  it("a question's specific terms are its names and figures, not its opening or question words", () => {
    expect(specificTerms("What did Germany pledge to Ukraine in 2024?")).toEqual(["Germany", "Ukraine", "2024"]);
    expect(specificTerms("Who met Shapps's counterpart on Monday?")).toEqual(["Shapps", "Monday"]);
  });

  it("new names are those the question does not hold under any alias", () => {
    expect(newNames("What did Britain pledge?", "London pledged aid, said Grant Shapps.")).toEqual(["Grant", "Shapps"]);
    expect(newNameTerms("What did Britain pledge?", "London pledged aid to the Red Sea fleet.")).toEqual(["red", "sea"]);
  });

  it("a claim's names: capitalised words after the first, and acronyms anywhere", () => {
    expect(nameTerms("NATO allies met Austin in Brussels.")).toEqual(["nato", "austin", "brussel"]);
    expect(nameTerms("The ministers met.")).toEqual([]);
  });

  it("a subject's names leave out an opening frame word", () => {
    expect(subjectNameTerms("Timeline of the Gencorp takeover")).toEqual(["gencorp"]);
    expect(isNameWord("Gencorp")).toBe(true);
    expect(isNameWord("Company")).toBe(false);
    expect(isNameWord("rose")).toBe(false);
  });

  it("capitalised runs, on one line or across lines, and with particles", () => {
    expect(capitalisedRuns("Did Blue Origin fly?")).toEqual(["Did Blue Origin"]);
    expect(capitalisedRuns("Red\nSea")).toEqual(["Red\nSea"]);
    expect(capitalisedRuns("Red\nSea", { withinLine: true })).toEqual(["Red", "Sea"]);
    expect(nameRuns("He met the Bank of England governor.")).toEqual([
      { run: "He", at: 0 },
      { run: "Bank of England", at: 11 },
    ]);
  });

  it("two alias readings: wide for retrieval, country names only for the LLM verifier", () => {
    expect(aliasesOf("london")).toContain("britain");
    expect(countryNamesOf("britain")?.has("uk")).toBe(true);
    expect(countryNamesOf("london")).toBeUndefined();
  });
});

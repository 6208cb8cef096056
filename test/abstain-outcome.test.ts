// An outcome or a date slot the story never fills (src/answer/answerability/outcome.ts): Reuters' dev
// unanswerables r105, r107 and r122 rewritten for a small dated corpus, with the real embedder, index and
// extractive pipeline; each refusal has an answerable twin that must still be answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { actTerms, asksOutcome, datesAsked, reportsOutcome, unreported } from "../src/answer/answerability/outcome.js";
import { openOnArticles } from "./support/small-corpus.js";

describe("an outcome asked for", () => {
  it("'finally', 'eventually', 'actual' ask what came of it", () => {
    expect(asksOutcome("How much did Williams Holdings finally pay for Norcros?")).toBe(true);
    expect(asksOutcome("What was India's actual foodgrain output in 1987/88?")).toBe(true);
    expect(asksOutcome("How much did Williams Holdings bid for Norcros?")).toBe(false);
  });

  it("an offer, a target or an estimate is no outcome; a deal reported done is", () => {
    const q = "How much did Williams Holdings finally pay for Norcros?";
    const names = ["Williams", "Holdings", "Norcros"];
    expect(actTerms(q, names)).toEqual(["pay"]);
    expect(reportsOutcome(q, names, "Norcros rejected the 542.2 mln stg bid from Williams Holdings.")).toBe(false);
    expect(reportsOutcome(q, names, "Williams Holdings began expanding in 1982 with a market value of one mln stg.")).toBe(false);
    expect(reportsOutcome(q, names, "Williams Holdings paid 560 mln stg for Norcros.")).toBe(true);
    expect(reportsOutcome(q, names, "Williams Holdings will pay 560 mln stg for Norcros.")).toBe(false);
    // A year asked for must be the sentence's: 1986/87 output does not answer for 1987/88.
    const india = "What was India's actual foodgrain output in 1987/88?";
    expect(reportsOutcome(india, ["India"], "Actual output was 151 mln tonnes in 1986/87.")).toBe(false);
    expect(reportsOutcome(india, ["India"], "India's foodgrain target has been fixed at 160 mln tonnes in 1987/88.")).toBe(false);
    expect(reportsOutcome(india, ["India"], "India's foodgrain output reached 152 mln tonnes in 1987/88.")).toBe(true);
    // "May" the month is no "may" of a plan.
    expect(reportsOutcome("What did Becor finally sell in May?", ["Becor"], "Becor sold Western Gear in May.")).toBe(true);
  });
});

describe("a date asked for an event", () => {
  it("the dated sentence must say the event when the question says it in two words or more", () => {
    const q = "When did Gull Air's anti-trust suit against Texas Air go to trial?";
    const names = ["Gull", "Air", "Texas", "Air"];
    expect(datesAsked(q, names, "Gull Air reached a feeder agreement with Texas Air Corp in March 1986.")).toBe(false);
    expect(datesAsked(q, names, "The anti-trust suit went to trial in June 1987.")).toBe(true);
    expect(datesAsked(q, names, "Gull Air filed the suit against Texas Air.")).toBe(false); // no date at all
    // One word alone is left to paraphrase: "created" against "enacted … 1972".
    expect(datesAsked("When was the European Communities Act created?", ["European", "Communities", "Act"], "Parliament enacted the European Communities Act 1972.")).toBe(true);
  });

  it("unreported names the question's own words", () => {
    const q = "When did Gull Air's anti-trust suit against Texas Air go to trial?";
    const why = unreported(q, ["Gull", "Air", "Texas", "Air"], ["Gull Air filed an anti-trust suit against Texas Air.", "Gull Air reached a feeder agreement with Texas Air Corp in March 1986."], true);
    expect(why?.reason).toMatch(/no dated sentence on its subject says .*"trial"/);
    expect(unreported(q, ["Gull", "Air", "Texas", "Air"], ["The suit against Texas Air went to trial in June 1987."], true)).toBeNull();
  });
});

const ARTICLES: Record<string, string> = {
  "norcros-bid.md": `---
title: Norcros rejects Williams bid
date: 1987-04-13
---
Norcros Plc said its board unanimously rejected the 542.2 mln stg bid from Williams Holdings Plc. The company said the offer was unsolicited and significantly undervalues Norcros. Williams Holdings began expanding in 1982, when it had a market capitalisation of around one mln stg.`,
  "nokia-units.md": `---
title: Instrumentarium buys Nokia units
date: 1987-03-20
---
Finland's Instrumentarium Oy said it finally paid 40 mln dlrs for Ferrado Oy, a subsidiary of Nokia. It issued 30,000 restricted shares as part of the payment.`,
  "gull-suit.md": `---
title: Gull Air files anti-trust suit against Texas Air
date: 1987-03-03
---
Gull Air Inc said it filed an anti-trust suit against Texas Air Corp, charging the airline broke a marketing agreement. Gull Air said it reached a feeder agreement with Texas Air Corp in March 1986. A spokesman said Gull has not yet set a value on the damages it seeks.`,
  "hartford-suit.md": `---
title: Hartford insurer's suit goes to trial
date: 1987-04-02
---
The anti-trust suit of Hartford Steam Boiler against Cigna went to trial on April 1, lawyers for the insurer said.`,
};

let briefer: Briefer;

beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "outcome");
}, 300_000);

afterAll(async () => {
  await briefer?.close();
});

describe("Reuters' unanswerables in a small corpus: 'not covered', and the answerable twin answered", () => {
  it("what Williams finally paid is not its bid", async () => {
    const b = await briefer.ask("How much did Williams Holdings finally pay for Norcros?");
    expect(b.abstained).toBe(true);
    expect(b.answer).toMatch(/offer, a plan or an estimate/);
    expect(b.passages.length).toBeGreaterThan(0); // the nearest sources stay listed
    const bid = await briefer.ask("How much did Williams Holdings bid for Norcros?");
    expect(bid.abstained).toBe(false);
    expect(bid.answer).toMatch(/542\.2 mln stg/);
    const paid = await briefer.ask("How much did Instrumentarium finally pay for Ferrado?");
    expect(paid.abstained).toBe(false);
    expect(paid.answer).toMatch(/40 mln dlrs/);
  });

  it("the date of another event is not when the suit went to trial", async () => {
    const b = await briefer.ask("When did Gull Air's anti-trust suit against Texas Air go to trial?");
    expect(b.abstained).toBe(true);
    expect(b.answer).toMatch(/"trial"/);
    const twin = await briefer.ask("When did Hartford Steam Boiler's anti-trust suit against Cigna go to trial?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/April 1/);
  });
});

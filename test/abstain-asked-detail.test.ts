// The figure's kind and the period's date, read against the chosen sentences (src/answer/asked-detail.ts):
// Reuters' unanswerable questions rewritten for a small dated corpus, with the real embedder, index and
// extractive pipeline; each refusal has an answerable twin that must still be answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { asksCount, asksDuration, asksMoney, holdsCount, holdsDuration, holdsMoney, outcomePeriods, periodAfter } from "../src/answer/asked-detail.js";
import { shouldAbstain, WEIGHTS, type AbstentionWeights } from "../src/answer/abstain.js";
import { selectSentences } from "../src/answer/select.js";
import { retrieve } from "../src/retrieval/hybrid.js";
import { openOnArticles } from "./support/small-corpus.js";

describe("the figure a question asks for", () => {
  it("'how much did X pay / was X fined' wants a sum of money; 'how much aid' does not say so", () => {
    expect(asksMoney("How much did Pacific Western pay for Wardair?")).toBe(true);
    expect(asksMoney("How much was Toshiba Machine fined for its exports?")).toBe(true);
    expect(asksMoney("How much more snow fell in March?")).toBe(false);
    // A sum asked for without "how much" (BBC: "What did Arsenal pay for Reyes?" was answered with Reyes sentences giving no fee).
    expect(asksMoney("What did Arsenal pay for Reyes?")).toBe(true);
    expect(asksMoney("What did the new stadium cost?")).toBe(true);
    expect(asksMoney("What was the transfer fee?")).toBe(true);
    expect(asksMoney("What was the price of oil in March of 1974?")).toBe(true);
    expect(asksMoney("What is the comparison in price between private schools and public ones?")).toBe(false);
    expect(asksMoney("What did Arsenal pay tribute to?")).toBe(false);
    expect(asksMoney("How many workers did it hire?")).toBe(false);
    expect(holdsMoney("It bought the airline for 300 mln dlrs.")).toBe(true);
    expect(holdsMoney("It cost the UK £1bn.")).toBe(true);
    expect(holdsMoney("It holds a 9 pct stake.")).toBe(false);
  });

  it("a count is not the day of a date nor a year", () => {
    expect(asksCount("How many passengers did it carry?")).toBe(true);
    expect(holdsCount("How many passengers did it carry?", "It will apply on March 17 to fly to Phoenix.")).toBe(false);
    expect(holdsCount("How many passengers did it carry?", "In 1986 the route opened.")).toBe(false);
    expect(holdsCount("How many passengers did it carry?", "It carried 120,000 passengers.")).toBe(true);
    expect(holdsCount("How many people died?", "More than 1,000 people died on May 3.")).toBe(true);
  });

  it("'how long did it last' wants a span of time, not a length", () => {
    expect(asksDuration("How long did the machinists' strike last?")).toBe(true);
    expect(asksDuration("How long is the bridge in metres?")).toBe(false);
    expect(holdsDuration("The strike lasted three weeks.")).toBe(true);
    expect(holdsDuration("The 12-minute set ended with Hey Jude.")).toBe(true);
    expect(holdsDuration("Machinists walked out on March 4.")).toBe(false);
  });
});

describe("an outcome in a period is not reported by an article written before it", () => {
  it("reads the periods of past-tense questions, not of forecasts", () => {
    expect(outcomePeriods("Who won the 1988 presidential election?")).toEqual([{ phrase: "1988", start: "1988-01-01" }]);
    expect(outcomePeriods("What was Nomura's net profit for the year to September 1987?")).toEqual([{ phrase: "September 1987", start: "1987-09-01" }]);
    expect(outcomePeriods("Who is expected to win the 1988 election?")).toEqual([]);
    expect(outcomePeriods("How much did Wright want to raise for the 1988 financial year?")).toEqual([]);
    expect(periodAfter("Who won the 1988 presidential election?", "1987-10-19")).toBe("1988");
    expect(periodAfter("Who won the 1988 presidential election?", "1988-11-09")).toBeNull();
    expect(periodAfter("Who won the 1988 presidential election?", null)).toBeNull(); // undated: no verdict
  });
});

const ARTICLES: Record<string, string> = {
  "election-outlook.md": `---
title: Bush leads Republican field for 1988
date: 1987-10-10
---
Vice President George Bush leads the Republican field for the 1988 presidential election, pollsters said on Friday. Senator Robert Dole is second in the latest survey. The primaries begin in Iowa in February.`,
  "airline-stake.md": `---
title: Pacific Western buys airline stake
date: 1987-03-02
---
Pacific Western Airlines said it holds a nine pct stake in Wardair International. The airline's chairman Rhys Eyton said the stake was an investment and not a first step to a bid. Analysts said the carrier had grown quickly since it was privatised.

Eyton has a record of quick deals. Pacific Western acquired Canadian Pacific Air Lines for 300 mln dlrs last December.`,
  "phoenix-route.md": `---
title: British Caledonian seeks Phoenix route
date: 1987-03-10
---
British Caledonian Airways said it will submit an application on March 17 to provide direct service between the United Kingdom and Phoenix. The airline already flies to Houston and Atlanta.`,
  "machinists.md": `---
title: Machinists strike at Eastern Airlines
date: 1987-03-05
---
Machinists at Eastern Airlines walked out on March 4 after talks on a new contract broke down. The union said 8,500 workers joined the walkout.`,
  "ford-strike.md": `---
title: Ford plant strike ends
date: 1987-04-20
---
The strike at Ford's Dagenham plant ended on Monday. The walkout by assembly workers lasted three weeks and cost the company 200 mln stg in lost output.`,
};

let briefer: Briefer;

beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "asked-detail");
}, 300_000);

afterAll(async () => {
  await briefer?.close();
});

describe("Reuters' unanswerables in a small dated corpus: 'not covered', and the answerable twin answered", () => {
  it("'Who won the 1988 election?' from a story of October 1987 is not covered; who leads the field is answered", async () => {
    const b = await briefer.ask("Who won the 1988 presidential election?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toBe("no source written after the period began");
    expect(b.answer).toMatch(/No article was written after 1988 began/);
    expect(b.passages.length).toBeGreaterThan(0); // the nearest sources stay listed
    const twin = await briefer.ask("Who leads the Republican field for the 1988 presidential election?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/George Bush/);
  });

  it("what Pacific Western paid for Wardair is not the price it paid for another airline", async () => {
    const b = await briefer.ask("How much did Pacific Western pay for Wardair?");
    expect(b.abstained).toBe(true);
    expect(b.answer).not.toMatch(/300 mln dlrs/);
    const twin = await briefer.ask("How much did Pacific Western pay for Canadian Pacific Air Lines?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/300 mln dlrs/);
  });

  it("the day of a date counts no passengers", async () => {
    const b = await briefer.ask("How many passengers did British Caledonian carry between the United Kingdom and Phoenix?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toBe("no count in the best sentences");
  });

  it("a strike's start date is not how long it lasted; a span is", async () => {
    const b = await briefer.ask("How long did the Eastern Airlines machinists' strike last?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toBe("no span of time in the best sentences");
    const twin = await briefer.ask("How long did the strike at Ford's Dagenham plant last?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/three weeks/);
  });
});

describe("the lexical-only operating point", () => {
  it("decides with the lexical model when the best sentence has no vector yet", async () => {
    const question = "How long did the strike at Ford's Dagenham plant last?";
    const retrieval = await retrieve(briefer.index, Float32Array.from(await briefer.embeddings.embedQuery(question)), question, { k: 5 });
    const chosen = selectSentences(briefer.index, question, retrieval.passages);
    // Two models told apart by their thresholds: the lexical one refuses everything, the full one nothing.
    const weights: AbstentionWeights = {
      note: "test",
      full: { ...WEIGHTS.full, thresholds: { strict: 0, balanced: 0, lenient: 0 } },
      lexical: { ...WEIGHTS.lexical, thresholds: { strict: 1, balanced: 1, lenient: 1 } },
    };
    expect(shouldAbstain(briefer.index, question, chosen, { retrieval, weights }).abstain).toBe(false);
    expect(shouldAbstain(briefer.index, question, chosen, { retrieval, weights, lexicalOnly: true }).abstain).toBe(true);
    const unembedded = [{ ...chosen[0]!, vector: new Float32Array(chosen[0]!.vector.length) }, ...chosen.slice(1)];
    expect(shouldAbstain(briefer.index, question, unembedded, { retrieval, weights }).abstain).toBe(true);
  });
});

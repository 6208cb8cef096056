// A successor, a company's results for a period, a price or a percentage the story never gives
// (src/answer/answerability/successor.ts, results.ts, figure-kinds.ts): Reuters' dev unanswerables r125,
// r130, r137, r149, r159 and r160 rewritten for a small dated corpus, with the real embedder, index and
// extractive pipeline; each refusal has an answerable twin of the same kind that must still be answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { askedPost, asksSuccessor, namesSuccessor } from "../src/answer/answerability/successor.js";
import { askedQuarter, asksResults, holdsResult } from "../src/answer/answerability/results.js";
import { asksPercentage, asksPrice, holdsPercentage } from "../src/answer/answerability/figure-kinds.js";
import { openOnArticles } from "./support/small-corpus.js";

describe("who succeeded X", () => {
  it("asks for a successor and reads the post asked about", () => {
    expect(asksSuccessor("Who succeeded John Henske as chairman of Olin when he retired?")).toBe(true);
    expect(asksSuccessor("Whom did Firestone's board elect to succeed John Nevin as chief executive officer?")).toBe(true);
    expect(asksSuccessor("Who is the chairman of Olin?")).toBe(false);
    expect(askedPost("Who succeeded John Henske as chairman of Olin when he retired?")).toEqual(["chairman"]);
    expect(askedPost("Who replaced Thomas Bay as vice president for marketing at Hytek Microsystems?")).toEqual(["vice", "president", "for", "marketing"]);
  });

  it("a sentence names someone new taking that post, not another post, not only a vacancy", () => {
    const q = "Who succeeded John Henske as chairman of Olin when he retired?";
    expect(namesSuccessor(q, "Olin said John Johnstone will succeed John M. Henske as chief executive officer on April 30.")).toBe(false);
    expect(namesSuccessor(q, "Henske will continue as chairman until he retires in June 1988, Olin said.")).toBe(false);
    expect(namesSuccessor(q, "Olin said Robert Smith will succeed Henske as chairman.")).toBe(true);
    const ceo = "Who succeeded John Henske as chief executive officer of Olin?";
    expect(namesSuccessor(ceo, "Olin said John Johnstone will succeed John M. Henske as chief executive officer on April 30.")).toBe(true);
    const nevin = "Whom did Firestone's board elect to succeed John Nevin as chief executive officer?";
    expect(namesSuccessor(nevin, "Firestone said Nevin will remain chief executive officer until its board elects a successor.")).toBe(false);
    // The post asked about is the one the outgoing person keeps or takes; "named Y president" is another post.
    const egan = "Who replaced Leo Egan as chairman of Ameritech Publishing when he retired on June 1?";
    const allen = "Ameritech Publishing said Allen will succeed Leo Egan, who will become chairman and chief executive officer until he retires on June 1.";
    expect(namesSuccessor(egan, allen)).toBe(false);
    expect(namesSuccessor(egan, "Ameritech Publishing said it has named Barry Allen president effective April.")).toBe(false);
    expect(namesSuccessor("Who will succeed Leo Egan as president of Ameritech Publishing?", allen)).toBe(true);
    // No "as …" post in the sentence: the successor counts ("Teasley will succeed Amoroso.").
    expect(namesSuccessor("Who succeeded Eugene Amoroso as president of Coca-Cola Foods?", "The company said Harry Teasley will succeed Amoroso.")).toBe(true);
  });
});

describe("a company's results, a price, a percentage", () => {
  it("reads what is asked", () => {
    expect(asksResults("What did Hemdale Film Corp earn in its first year after the merger?")).toBe(true);
    expect(asksResults("What was The One Bancorp's net income for the second quarter of 1987?")).toBe(true);
    expect(asksResults("Who bought Hemdale Film Corp?")).toBe(false);
    expect(askedQuarter("What was The One Bancorp's net income for the second quarter?")).toEqual(["second", "2nd"]);
    expect(askedQuarter("What was its first-quarter net income?")).toEqual(["first", "1st"]);
    expect(askedQuarter("What did it earn in 1987?")).toBeNull();
    expect(asksPrice("What price did Bear Stearns pay for the specialist unit?")).toBe(true);
    expect(asksPrice("For how much did Revlon buy the business?")).toBe(true);
    expect(asksPrice("Which unit did Bear Stearns buy?")).toBe(false);
    expect(asksPercentage("What percentage of Vernitron's shareholders voted for the merger?")).toBe(true);
    expect(asksPercentage("What did Vernitron's shareholders vote on?")).toBe(false);
  });

  it("a result is a sum beside a word of results, or a results table's line", () => {
    expect(holdsResult("Net 5,952,000 vs 4,374,000")).toBe(true);
    expect(holdsResult("The bank said it earned 128.1 mln dlrs in the third quarter.")).toBe(true);
    expect(holdsResult("Computer Memories' principal asset is about 29.4 mln dlrs in cash.")).toBe(false);
    expect(holdsResult("Ownership of the combined company is 18.8 pct for Canadian Bashaw's shareholders.")).toBe(false);
    expect(holdsPercentage("SB Holding holds 55.2 pct of Vernitron.")).toBe(true);
    expect(holdsPercentage("Vernitron set a new record date of July 10 for the vote.")).toBe(false);
  });
});

const ARTICLES: Record<string, string> = {
  "olin.md": `---
title: Olin names successor for chief executive
date: 1987-02-26
---
Olin Corp said John W. Johnstone Jr, president and chief operating officer, will succeed John M. Henske as chief executive officer on April 30. Henske, 63, will continue as chairman until he retires in June 1988, Olin said.`,
  "firestone.md": `---
title: Firestone in agreement with chairman
date: 1987-04-13
---
Firestone Tire and Rubber Co said Chairman John Nevin entered into a new employment agreement allowing him to continue with the company until he becomes 65 years old. Firestone said Nevin has agreed to remain as chief executive officer until its board elects a successor.`,
  "coca-cola.md": `---
title: Coca-Cola Foods executive resigns
date: 1987-03-24
---
Coca-Cola Co said Eugene Amoroso has resigned as president and chief executive officer of its Coca-Cola Foods division to pursue other business interests. The company said Harry Teasley, who had headed its bottling subsidiary in southern England, will succeed Amoroso.`,
  "hemdale.md": `---
title: Computer Memories sets film firm merger
date: 1987-03-13
---
Computer Memories Inc agreed to acquire Hemdale Film Corp in a transaction which will give Hemdale's owner control of the resulting company. Computer Memories' principal asset is about 29.4 mln dlrs in cash and cash equivalents. Hemdale's owner John Daly would then become chief executive officer of the combined company.`,
  "one-bancorp.md": `---
title: The One Bancorp 1st Qtr Net
date: 1987-04-13
---
The One Bancorp said its first quarter net income was 5,952,000 dlrs, up from 4,374,000 dlrs a year earlier. The results include operations of Bank of Hartford, acquired February 23.`,
  "bear-stearns.md": `---
title: Bear Stearns buys specialist unit
date: 1987-10-20
---
The American Stock Exchange said Bear Stearns and Co has purchased W. Damm, M. Frank and Co, a specialist unit on the Amex trading floor. The personnel and operations remain the same, the exchange added. The price was not disclosed.`,
  "revlon.md": `---
title: Revlon buys Beecham's cosmetics unit
date: 1987-03-20
---
Revlon Group Inc said it bought the Germaine Monteil cosmetics business in the U.S. from Beecham Group PLC. A statement from Beecham said the Germaine Monteil business was sold to Revlon for 2.5 mln dlrs in cash and a royalty payment.`,
  "vernitron.md": `---
title: Vernitron sets new record date
date: 1987-06-29
---
Vernitron Corp said it has set a new record date of July 10 for shareholders entitled to vote on the proposed merger of Vernitron with SB Holding Corp. The original record date was May 26. Vernitron said the special shareholder meeting on the merger will be held in August.`,
  "dart.md": `---
title: Dart raises Supermarkets General stake
date: 1987-03-22
---
Dart Group Corp said it now holds 9.9 pct of Supermarkets General Corp's common shares, up from 4.6 pct. Dart said it may seek control of Supermarkets General.`,
};

let briefer: Briefer;

beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "slots");
}, 300_000);

afterAll(async () => {
  await briefer?.close();
});

describe("Reuters' slots the story never fills, in a small corpus: 'not covered', and the twin answered", () => {
  it("a successor to another post, or a vacancy, is no successor", async () => {
    const chairman = await briefer.ask("Who succeeded John Henske as chairman of Olin when he retired?");
    expect(chairman.abstained).toBe(true);
    expect(chairman.passages.length).toBeGreaterThan(0); // the nearest sources stay listed
    const nevin = await briefer.ask("Whom did Firestone's board elect to succeed John Nevin as chief executive officer?");
    expect(nevin.abstained).toBe(true);
    const ceo = await briefer.ask("Who succeeded John Henske as chief executive officer of Olin?");
    expect(ceo.abstained).toBe(false);
    expect(ceo.answer).toMatch(/Johnstone/);
    const foods = await briefer.ask("Who succeeded Eugene Amoroso as president of Coca-Cola Foods?");
    expect(foods.abstained).toBe(false);
  });

  it("a merger story gives no results; a first quarter's results are not the second's", async () => {
    const hemdale = await briefer.ask("What did Hemdale Film Corp earn in its first year after the merger with Computer Memories?");
    expect(hemdale.abstained).toBe(true);
    const second = await briefer.ask("What was The One Bancorp's net income for the second quarter, with Bank of Hartford included?");
    expect(second.abstained).toBe(true);
    const first = await briefer.ask("What was The One Bancorp's first-quarter net income, which included Bank of Hartford?");
    expect(first.abstained).toBe(false);
    expect(first.answer).toMatch(/5,952,000/);
  });

  it("a price not disclosed is no price", async () => {
    const bear = await briefer.ask("What price did Bear Stearns pay for W. Damm, M. Frank and Co?");
    expect(bear.abstained).toBe(true);
    const revlon = await briefer.ask("What price did Revlon pay for the Germaine Monteil business?");
    expect(revlon.abstained).toBe(false);
    expect(revlon.answer).toMatch(/2\.5 mln dlrs/);
  });

  it("a percentage asked for is not the record date of a vote", async () => {
    const vote = await briefer.ask("What percentage of Vernitron's shareholders voted for the merger with SB Holding?");
    expect(vote.abstained).toBe(true);
    const stake = await briefer.ask("What percentage of Supermarkets General does Dart Group hold?");
    expect(stake.abstained).toBe(false);
    expect(stake.answer).toMatch(/9\.9 pct/);
  });
});

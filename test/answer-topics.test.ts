import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { openPipeline } from "../src/pipeline.js";
import { turnOf } from "../src/conversation/turn.js";
import { isTopicQuestion } from "../src/answer/topics.js";
import { resolveSettings } from "../src/config.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

describe("isTopicQuestion", () => {
  it.each([
    "What did Austin and Shapps discuss?",
    "What topics did Austin and Shapps cover in their meeting?",
    "what did the two ministers talk about?",
    "What was on the agenda?",
    "What's on their agenda at the summit?",
    "What did the meeting cover?",
    "What issues were raised?",
    "What was discussed at the talks on Gibraltar's future?",
    "What were the talks between Blinken and Lammy about?",
    "What else did they discuss with Lammy?",
    "Tell me what the leaders discussed yesterday.",
    "What came up at the meeting?",
  ])("asks what was talked about: %s", (q) => expect(isTopicQuestion(q)).toBe(true));

  it.each([
    "Where will the upcoming NATO Summit discussed by Austin and Shapps take place?",
    "How did China react to the AUKUS discussions between the US and UK?",
    "What share of poor countries' overseas borrowing bill has Britain promised to cover?",
    "What did they discuss about Gaza?",
    "What did the company discuss the merger with?",
    "What was covered by the insurance policy?",
    "What is the smallest geographical region discussed?",
    "What did the Kyoto Protocol try to address?",
    "When did Austin and Shapps discuss Ukraine?",
    "Who discussed Ukraine with Shapps?",
    "What did Austin thank the UK for?",
    "What's the latest?",
    "What issues does climate change cause?",
  ])("asks something else: %s", (q) => expect(isTopicQuestion(q)).toBe(false));
});

const ARTICLE = "2024-01-31-us-uk-defence-chiefs.md";
const TOPICS: [string, RegExp][] = [
  ["militia", /militia/i],
  ["Red Sea", /Red Sea/],
  ["Gaza", /Gaza/],
  ["Ukraine", /Ukraine/],
  ["AUKUS/NATO", /AUKUS|NATO/],
];

describe("a topic question on the seed corpus", { timeout: 180_000 }, () => {
  let briefer: Briefer;
  let corpus: string;
  beforeAll(async () => {
    corpus = copyOfSeedCorpus();
    briefer = await openPipeline(resolveSettings({ corpus, index: path.join(tempDir("briefing-topics-"), "index") }, {}));
  });
  afterAll(async () => briefer?.close());

  const text = () => readFileSync(path.join(corpus, ARTICLE), "utf8");

  it("briefs what Austin and Shapps discussed, not only that they met", async () => {
    const b = await briefer.ask("What did Austin and Shapps discuss?");
    expect(b.abstained).toBe(false);
    const covered = TOPICS.filter(([, re]) => re.test(b.answer)).map(([name]) => name);
    expect(covered.length, `topics covered: ${covered.join(", ")}\n${b.answer}`).toBeGreaterThanOrEqual(3);
    expect(b.citations.length).toBeGreaterThanOrEqual(4);
    expect(b.citations.length).toBeLessThanOrEqual(5);
    const article = text();
    for (const c of b.citations) {
      expect(c.articleId).toContain(ARTICLE);
      expect(article).toContain(c.quote); // verbatim
      expect(b.answer).toContain(`${c.quote.trim()} [${c.n}]`);
    }
    // In article order, and no heading quoted ("Gratitude and Future Collaborations").
    expect(b.citations.map((c) => c.start)).toEqual([...b.citations.map((c) => c.start)].sort((x, y) => x - y));
    expect(b.answer).not.toMatch(/Future Collaborations/);
  });

  it("still abstains on people the corpus never mentions", async () => {
    const b = await briefer.ask("What did Macron and Scholz discuss?");
    expect(b.abstained).toBe(true);
    expect(b.answer).toMatch(/doesn't cover "Macron", "Scholz"/);
    expect(b.citations).toEqual([]);
  });

  it("keeps follow-ups on the article in focus", async () => {
    const first = await briefer.ask("Who did Austin meet?");
    const b = await briefer.ask("What did they talk about?", { history: [turnOf(first)] });
    expect(b.abstained).toBe(false);
    expect(b.citations.every((c) => c.articleId.includes(ARTICLE))).toBe(true);
    expect(TOPICS.filter(([, re]) => re.test(b.answer)).length).toBeGreaterThanOrEqual(3);
  });
});

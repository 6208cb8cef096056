// "What did Arsenal pay for Reyes?" (BBC, issue 12's closing notes): a sum asked for without "how much"
// was answered with Reyes sentences that give no fee. The money rule (asksMoney in
// src/answer/asked-detail.ts) now reads "what did X pay for Y" and "what was the fee" too. Rewritten
// for a small corpus, with an answerable twin. Real embedder, index and extractive pipeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { openOnArticles } from "./support/small-corpus.js";

const ARTICLES: Record<string, string> = {
  "reyes-prank.md": `---
title: Reyes tricked into Real admission
---
Jose Antonio Reyes has added to speculation linking him with a move from Arsenal to Real Madrid after falling victim to a radio prank. The Spain international told a presenter posing as a Real director that he would love to play in Madrid. Arsenal said the forward was happy at the club and would not be sold.`,
  "reyes-ban.md": `---
title: Reyes suspended after red card
---
Arsenal forward Jose Antonio Reyes is suspended for three matches after being sent off at Southampton. Manager Arsene Wenger said Reyes had been provoked throughout the game. The club will not appeal against the ban.`,
  "keane-transfer.md": `---
title: Spurs sign Keane from Leeds
---
Tottenham paid Leeds £7m for striker Robbie Keane, the club said on Friday. Keane signed a five-year contract and will join his new team-mates next week.`,
};

let briefer: Briefer;
beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "what-paid");
}, 300_000);
afterAll(async () => {
  await briefer?.close();
});

describe("a sum asked for without 'how much' (BBC: What did Arsenal pay for Reyes?)", () => {
  it("refuses when the sentences on Reyes give no fee, and answers the twin whose story gives one", async () => {
    const b = await briefer.ask("What did Arsenal pay for Reyes?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toMatch(/no sum of money/);
    expect(b.passages.length).toBeGreaterThan(0); // the nearest sources stay listed
    const twin = await briefer.ask("What did Tottenham pay for Keane?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/£7m/);
  });
});

// The hard cases, rewritten for a small dated corpus: real embedder, real index, the real
// extractive pipeline. Each pins one way a cited wrong answer used to slip through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { figuresOf, specificTerms } from "../src/answer/evidence.js";
import { echoes } from "../src/answer/select.js";
import { contentTerms } from "../src/text/terms.js";
import { openOnArticles } from "./support/small-corpus.js";

const ARTICLES: Record<string, string> = {
  "nasa-moon-rocket.md": `---
title: NASA rolls out its moon rocket
date: 2024-03-05
---
NASA rolled out its giant moon rocket, the Space Launch System, to the launch pad on Tuesday. The rocket will carry four astronauts around the Moon next year. Engineers said the launch pad passed its final checks.`,
  "blue-origin-engines.md": `---
title: Blue Origin expands engine plant
date: 2024-02-10
---
Blue Origin, the space company founded by Jeff Bezos, is expanding its engine factory in Alabama. The company said it would hire 300 workers for the plant. It gave no date for its next flight.`,
  "anthem-history.md": `---
title: The anthem's long history
date: 2024-02-20
---
Historians gathered in Baltimore to mark the anniversary of the battle at Fort McHenry. And when dawn came, their star-spangled banner waved defiant over the fort. The flag now hangs in a museum in Washington.`,
  "tv-season.md": `---
title: Streaming shows return
date: 2024-03-01
---
Which wildly popular show was recently green lit for a new season? Fans of the drama waited two years for news. The streaming service said filming would begin in the autumn.`,
  "quake.md": `---
title: Earthquake in the mountains
date: 2024-02-15
---
The earthquake in the mountain province killed more than 1,000 people, officials said on Thursday. Rescue teams were still searching the villages near the epicentre.`,
};

let briefer: Briefer;

beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "hard-cases");
}, 300_000);

afterAll(async () => {
  await briefer?.close();
});

describe("hard cases: a wrong cited answer is worse than 'not covered'", () => {
  it("a name the cited article never mentions: Blue Origin's rocket is not NASA's", async () => {
    const b = await briefer.ask("Blue Origin launched a new rocket this week. What is the rocket's name?");
    expect(b.abstained).toBe(true);
    expect(b.answer).not.toMatch(/Space Launch System/);
    expect(b.passages.length).toBeGreaterThan(0); // the nearest sources stay listed
    expect(b.abstention?.reason).toBeTruthy();
  });

  it("'Who wrote …?' is not answered by a sentence that only holds the words", async () => {
    const b = await briefer.ask("Who wrote 'The Star-Spangled Banner'?");
    expect(b.abstained).toBe(true);
    expect(b.answer).toMatch(/No article gives the name asked for/);
  });

  it("a sentence that is itself the question is never quoted as its answer", async () => {
    const b = await briefer.ask("Which wildly popular show was recently green lit for a new season?");
    expect(b.sentences.map((s) => s.text).join(" ")).not.toMatch(/green lit/);
  });

  it("'more than 1,000 people' is one figure, found in the article, not a missing \"000\"", async () => {
    const b = await briefer.ask("Which earthquake killed more than 1,000 people?");
    expect(b.answer).not.toMatch(/"000"/);
    expect(b.abstained).toBe(false);
    expect(b.answer).toMatch(/killed more than 1,000 people/);
  });

  it("a period no article is dated in, nor mentions, is not answered by another month's story", async () => {
    const b = await briefer.ask("What did NASA roll out to the launch pad in May 2024?");
    expect(b.abstained).toBe(true);
    expect(b.answer).toMatch(/No article is dated May 2024/);
    expect(b.abstention?.reason).toMatch(/period/);
  });

  it("a period an article is dated in answers through the date, not the words", async () => {
    const b = await briefer.ask("What did NASA roll out to the launch pad in March 2024?");
    expect(b.abstained).toBe(false);
    expect(b.answer).toMatch(/Space Launch System/);
  });
});

describe("the question's figures and echoes, read as one", () => {
  it("keeps 1,000 / 2,500,000 / 3.6 whole", () => {
    expect(specificTerms("Which quake killed more than 1,000 people?")).toEqual(["1,000"]);
    expect(specificTerms("Did 2,500,000 people see the 3.6 magnitude shock?")).toEqual(["2,500,000", "3.6"]);
    expect(figuresOf("killed more than 1,000 people and 2,500,000 fled")).toEqual(["1000", "2500000"]);
  });

  it("a question, or a sentence adding nothing to the question, echoes it", () => {
    const q = new Set(contentTerms("Which show was green lit for a new season?"));
    expect(echoes("Which wildly popular show was recently green lit?", q)).toBe(true);
    expect(echoes("The show was green lit for a new season.", q)).toBe(true);
    expect(echoes("The Crown was green lit for a new season.", q)).toBe(false);
  });
});

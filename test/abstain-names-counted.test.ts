// Two rules from issue 12's leave-one-article-out work (src/answer/answerability/names-near.ts and
// counted.ts): BBC b007 and b022 left out, rewritten for a small corpus where the answering story is
// absent and a neighbouring one is quoted. Each refusal has an answerable twin that must be answered.
// Real embedder, index and extractive pipeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { countedAbsent } from "../src/answer/answerability/counted.js";
import { articleWords } from "../src/answer/evidence.js";
import { openOnArticles } from "./support/small-corpus.js";

const ARTICLES: Record<string, string> = {
  "hendrix-museum.md": `---
title: Row stalls Hendrix museum plans
---
Proposals to open a museum dedicated to Jimi Hendrix in Seattle are flailing because of a row over the home of his late father. The family wants the house moved to a park; the city council has refused twice. Fans have raised money for the project since 2001.

The guitarist's half-sister said the collection of guitars and letters would stay in storage until the dispute ends. Local musicians said the city owed its most famous son a proper home for his work.

The council's culture committee, which last year approved a statue of Ray Charles outside the concert hall, will discuss the dispute again in May.`,
  "console-sales.md": `---
title: Gamers queue for new console
---
Microsoft said it expected to sell two million Xbox 2 machines by Christmas, and is replacing its old console's power supply with a smaller one. Hundreds of gamers gathered at shops across the country, some waiting for more than 36 hours, to be the first to buy one. Rival Sony said its own console had sold 400,000 units in its first week.`,
  "printer-recall.md": `---
title: Printer maker recalls faulty cables
---
The printer maker Inkwell is replacing 3 million power cables after reports that some had overheated. Owners can order a free replacement cable on its website. The company said no one had been hurt.`,
};

let briefer: Briefer;
beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "names-counted");
}, 300_000);
afterAll(async () => {
  await briefer?.close();
});

describe("most of the question's names away from the best sentence (BBC b007 left out)", () => {
  it("the Ray Charles museum is not the Hendrix museum, though the story names Ray Charles further down", async () => {
    const b = await briefer.ask("Where will the Ray Charles museum open?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toMatch(/names are not beside the best sentence/);
    expect(b.answer).toMatch(/^No article answers this about "Ray Charles"/);
    expect(b.passages.length).toBeGreaterThan(0); // the nearest sources stay listed
    const twin = await briefer.ask("Where will the Jimi Hendrix museum open?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/Seattle/);
  });
});

describe("the thing a 'how many' counts, named by the article giving the count (BBC b022 left out)", () => {
  it("how many Xbox power cables is not answered by a story on Xbox 2 sales", async () => {
    const b = await briefer.ask("How many Xbox power cables is Microsoft replacing?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toMatch(/names what is counted \("cabl/);
    const twin = await briefer.ask("How many power cables is Inkwell replacing?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/3 million power cables/);
  });

  it("another form of the word, a unit or a kind is no missing counted thing", () => {
    const index = briefer.index;
    const id = (name: string) => [...index.articles.keys()].find((k) => k.endsWith(name))!;
    const consoles = articleWords(index, id("console-sales.md"));
    expect(countedAbsent("How many cables did Microsoft replace?", consoles)).toBe("cabl");
    expect(countedAbsent("How many consoles did Microsoft sell?", consoles)).toBeNull(); // "console"
    expect(countedAbsent("How many machines will Microsoft sell by Christmas?", consoles)).toBeNull();
    expect(countedAbsent("How many hours did gamers wait?", consoles)).toBeNull(); // a unit
    expect(countedAbsent("How many types of console are there?", consoles)).toBeNull(); // a kind
    expect(countedAbsent("What did Microsoft expect to sell?", consoles)).toBeNull(); // no "how many"
  });
});

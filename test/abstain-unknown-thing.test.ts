// The asked-about thing the archive never mentions (src/answer/answerability/unknown-thing.ts): seed q030
// left out, "What is Washington's bridging proposal meant to do?", rewritten for a small corpus whose only
// article on the proposal is absent; its answerable twin asks about a plan the archive does report.
// Real embedder, index and extractive pipeline; the rule's word handling checked on its own below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { unknownThing } from "../src/answer/answerability/unknown-thing.js";
import { openOnArticles } from "./support/small-corpus.js";

const ARTICLES: Record<string, string> = {
  "defence-chiefs.md": `---
title: US and UK defence chiefs meet in Washington
---
The US defence secretary met his British counterpart in Washington on Wednesday. The US aims to create a more cohesive framework that allows for swift action during crises. Both sides said their support for Ukraine would continue, and they discussed the attacks on shipping in the Red Sea.`,
  "envoys.md": `---
title: Envoys discuss Gaza ceasefire
---
Washington's envoys met officials in London to discuss a ceasefire in Gaza. Their reconstruction plan would rebuild schools and hospitals once the fighting stops. The talks will resume next month.`,
};

let briefer: Briefer;
beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "unknown-thing");
}, 300_000);
afterAll(async () => {
  await briefer?.close();
});

describe("the asked-about thing the archive never mentions (seed q030 left out)", () => {
  it("refuses Washington's bridging proposal, answers its reconstruction plan", async () => {
    const b = await briefer.ask("What is Washington's bridging proposal meant to do?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toBe("the thing asked about is never mentioned");
    expect(b.answer).toMatch(/doesn't cover "bridging"/);
    expect(b.passages.length).toBeGreaterThan(0); // the nearest sources stay listed
    const twin = await briefer.ask("What is Washington's reconstruction plan meant to do?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/rebuild schools and hospitals/);
  });
});

describe("unknownThing", () => {
  const known = (vocabulary: string[]) => (t: string) => vocabulary.includes(t);
  const noTypo = () => false;
  it("names the question's own words when the archive has none of them", () => {
    expect(unknownThing("What is Washington's bridging proposal meant to do?", known(["washington"]), noTypo)).toEqual(["bridging", "proposal", "meant"]);
  });
  it("stays quiet when one of the words is known, or the thing is one word (a paraphrase: 'the president's office')", () => {
    expect(unknownThing("What is Washington's bridging proposal meant to do?", known(["proposal"]), noTypo)).toBeNull();
    expect(unknownThing("Who spoke for the president's office?", known([]), noTypo)).toBeNull();
  });
  it("reads a one-letter slip of a word nearby as a typo, not an unknown thing", () => {
    expect(unknownThing("What is Washington's bridgeing proposal meant to do?", known([]), (w) => w === "bridgeing")).toBeNull();
  });
});

/**
 * Sentence boundaries on hard-wrapped wire copy, against hand-checked gold (issue 10): 20 Reuters
 * stories drawn with a fixed seed, their prose sentences marked by hand before the splitter was
 * changed (evals/reuters-boundaries.json, offsets only; test/support/reuters-boundaries.ts draws them).
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { drawnStories, predicted, readGold, REUTERS, score, storiesById } from "./support/reuters-boundaries.js";

const present = existsSync(REUTERS);
if (!present) console.log(`note: ${REUTERS} is absent; the Reuters sentence-boundary check is skipped`);

describe.skipIf(!present)("Reuters sentence boundaries", () => {
  it("the gold covers the 20 stories the fixed seed draws", async () => {
    const drawn = (await drawnStories()).map((a) => a.source.split("#")[1]);
    expect(readGold().stories.map((s) => s.id)).toEqual(drawn);
  });

  it("at least 96% of hand-checked boundaries match exactly, and 96% of the splitter's are in the gold", async () => {
    const gold = readGold();
    const byId = await storiesById(gold.stories.map((s) => s.id));
    let goldN = 0, gotN = 0, matched = 0, precise = 0;
    for (const s of gold.stories) {
      const article = byId.get(s.id);
      expect(article, s.id).toBeDefined();
      const r = score(s.sentences, predicted(article!.text));
      goldN += r.goldN;
      gotN += r.gotN;
      matched += r.matched;
      precise += r.precise;
    }
    console.log(`Reuters boundaries: recall ${matched}/${goldN}, precision ${precise}/${gotN}`);
    expect(goldN).toBeGreaterThan(200);
    expect(matched / goldN).toBeGreaterThanOrEqual(0.96);
    expect(precise / gotN).toBeGreaterThanOrEqual(0.96);
  });
});

/**
 * What's new on a subject none of whose articles is dated (QA 2026-12-02, qa9): on BBC, "What's the latest
 * on Yukos?" answered "Nothing new on Yukos since 0000-01-01: the latest article on it is dated —." and
 * "since March" the same with 2026-03-01. Now it says the articles carry no dates and which briefing
 * applies. Real pipeline (USE-Lite, a fresh index) over a few undated BBC stories on Yukos.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { resolveSettings } from "../src/config.js";
import { openPipeline } from "../src/pipeline.js";
import { BBC, hasBbc, tempDir } from "./support/fixtures.js";

if (!hasBbc) console.warn(`qa9-undated-whats-new skipped: no BBC corpus at ${BBC}`);

let briefer: Briefer;
beforeAll(async () => {
  if (!hasBbc) return;
  const dir = tempDir("briefing-undated-new-");
  const corpus = path.join(dir, "corpus");
  mkdirSync(corpus);
  const business = path.join(BBC, "business");
  const yukos = readdirSync(business)
    .filter((f) => f.endsWith(".txt") && /Yukos/.test(readFileSync(path.join(business, f), "utf8").split("\n")[0]!))
    .slice(0, 6);
  for (const f of yukos) copyFileSync(path.join(business, f), path.join(corpus, f));
  briefer = await openPipeline(resolveSettings({ corpus, index: path.join(dir, "index"), llm: "none" }, {}), { embed: "all" });
}, 300_000);
afterAll(async () => briefer?.close());

describe.skipIf(!hasBbc)("what's new when the subject's articles carry no dates", () => {
  it("says so in one line naming the briefing that applies, with no year-zero date and no dash for a date", async () => {
    for (const question of ["What's the latest on Yukos?", "What's new on Yukos since March?"]) {
      const b = await briefer.ask(question);
      expect(b.digest?.kind, question).toBe("whats-new");
      expect(b.answer, question).toMatch(/^From \d+ articles, undated\. None of them is dated, so what is new( since \d{4}-\d\d-\d\d)? cannot be told; "Brief me on Yukos" gives what they report\.$/);
      expect(b.answer).not.toMatch(/0000-01-01|dated —/);
      expect(b.digest!.points).toEqual([]);
    }
  });
});

/**
 * Misspelt names in wire copy: both copies of Taft's rejection of the 145 dlr offer write "Braodacasting" /
 * "Broadacasting", and must still be gathered as articles about "Taft Broadcasting" (spelling.ts, gather.ts).
 * The gathering test runs the real pipeline (real embedder, real hnswlib) over Taft and GenCorp stories.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { gatherSubject } from "../src/answer/briefings/gather.js";
import { editDistance, holdsMisspelt } from "../src/answer/briefings/spelling.js";
import { resolveSettings } from "../src/config.js";
import { openPipeline } from "../src/pipeline.js";
import { contentTerms } from "../src/text/terms.js";
import { tempDir } from "./support/fixtures.js";
import { GENCORP_STORIES, hasReuters, REUTERS } from "./support/gencorp.js";

describe("names misspelt in wire copy", () => {
  it("measures edits, a swap of neighbours counting as one", () => {
    expect(editDistance("broadacast", "broadcast", 2)).toBe(1);
    expect(editDistance("braodacast", "broadcast", 2)).toBe(2);
    expect(editDistance("pennzoil", "pennzoli", 2)).toBe(1);
    expect(editDistance("purolator", "percolator", 2)).toBe(2);
  });

  it("allows more edits the longer the name, none for a short one, and keeps the first two letters", () => {
    const terms = (text: string) => new Set(contentTerms(text));
    const [broadcast] = contentTerms("Broadcasting");
    expect(holdsMisspelt(terms("Taft Braodacasting Co said its board"), broadcast)).toBe(true);
    expect(holdsMisspelt(terms("Taft Broadacasting Co said its board"), broadcast)).toBe(true);
    expect(holdsMisspelt(terms("Taft said its board rejected the offer"), broadcast)).toBe(false);
    // Seven letters: one edit ("chrysler" / "chrysle"); short names ("taft" / "tact") must match exactly.
    expect(holdsMisspelt(terms("Chrylser said"), "chrysler")).toBe(true);
    expect(holdsMisspelt(terms("Tact said"), "taft")).toBe(false);
    expect(holdsMisspelt(terms("Roadcasting"), broadcast)).toBe(false);
    expect(holdsMisspelt(terms("Percolator said"), "purolator")).toBe(false);
  });
});

const TAFT_STORIES = ["reut_02638", "reut_04033", "reut_04135", "reut_04153", "reut_06056"];
const MISSPELT = ["reut_04033", "reut_04135"];

let briefer: Briefer;
beforeAll(async () => {
  if (!hasReuters) return;
  const dir = tempDir("briefing-taft-");
  const corpus = path.join(dir, "corpus");
  mkdirSync(corpus, { recursive: true });
  const wanted = new Set([...TAFT_STORIES, ...GENCORP_STORIES]);
  const lines = readFileSync(REUTERS, "utf8").split("\n").filter((l) => wanted.has(/"id": ?"([^"]+)"/.exec(l)?.[1] ?? ""));
  expect(lines).toHaveLength(wanted.size);
  writeFileSync(path.join(corpus, "stories.jsonl"), lines.join("\n") + "\n");
  briefer = await openPipeline(resolveSettings({ corpus, index: path.join(dir, "index"), llm: "none" }, {}));
}, 300_000);
afterAll(async () => briefer?.close());

describe.skipIf(!hasReuters)("gathering a subject whose name the wire misspelt", () => {
  it("counts both misspelt copies of Taft's rejection among the subject's articles, and no GenCorp story", async () => {
    const subject = "the buyout offer for Taft Broadcasting";
    const vector = Float32Array.from(await briefer.embeddings.embedQuery(subject));
    const { articles, sentences } = await gatherSubject(briefer.index, vector, subject, { retriever: "hybrid" });
    // Ids are "stories.jsonl#reut_04033": the story's id after the file's name.
    const story = (id: string) => id.split("#").pop()!;
    expect(articles.map(story).sort()).toEqual([...TAFT_STORIES].sort());
    // The rejection's sentences are among those the briefings pick from.
    expect(sentences.some((s) => MISSPELT.includes(story(s.articleId)) && /unanimously decided not to accept/.test(s.text))).toBe(true);
    const b = await briefer.ask(`Timeline of ${subject}`);
    expect(b.digest!.scope.articles).toBe(TAFT_STORIES.length);
    expect(b.citations.some((c) => GENCORP_STORIES.includes(story(c.articleId)))).toBe(false);
  });
});

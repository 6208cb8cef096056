import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractiveBriefing } from "../src/answer/extractive.js";
import { withCarry } from "../src/answer/select.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import type { BriefingIndex } from "../src/index/store.js";
import { retrieve } from "../src/retrieval/hybrid.js";
import { tempDir } from "./support/fixtures.js";

// A news story whose lead names the dispute and whose next paragraph, in the next chunk, gives the figure.
const LEAD = "The Harbour Council has taken Baxter Construction to court over the collapsed sea wall at Port Ellis.";
const ANSWER = "Its lawyers say the firm ignored repeated warnings from engineers, and the council is seeking £4m in damages.";
const REST =
  "The wall gave way during the storms of last winter, flooding dozens of homes along the seafront and closing the main road for weeks. " +
  "Residents had complained about cracks in the structure for years before it failed, according to local campaigners. " +
  "A spokesman for the builder said the company would defend itself vigorously and blamed the original design of the wall. " +
  "Engineers hired by the town estimate that a full rebuild would take at least two years to complete. " +
  "The case is expected to be heard in the spring, when both sides will present their reports to the judge. " +
  "Several families who lost their homes are still living in temporary housing provided by the town, and some say they may never return. " +
  "Local businesses on the seafront report that trade has fallen sharply since the road was closed to through traffic.";

let embeddings: BriefingEmbeddings;
let index: BriefingIndex;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
  const corpus = tempDir("briefing-continuation-");
  writeFileSync(path.join(corpus, "harbour.txt"), `Council sues builder over sea wall\n\n${LEAD}\n\n${ANSWER} ${REST}\n`);
  // Other stories on the council and on builders fill the retrieved slots ahead of the lead's second chunk.
  const others = [
    "The Harbour Council approved a new parking scheme for the town centre on Tuesday.",
    "Baxter Construction has won a contract to build a school in the north of the county.",
    "The Harbour Council wants a grant from the government to repair the old lighthouse.",
    "Construction of the new ferry terminal is running six months behind schedule, the council said.",
    "Councillors voted to raise harbour mooring fees by a tenth from next April.",
    "Baxter Construction reported higher profits as the building trade recovered.",
  ];
  others.forEach((text, i) => writeFileSync(path.join(corpus, `other-${i}.txt`), `Local news ${i}\n\n${text}\n`));
  index = (await ingest({ corpus, indexDir: path.join(tempDir(), "index"), embeddings })).index;
}, 120_000);
afterAll(async () => embeddings?.close?.());

describe("a lead's continuation in the next chunk", () => {
  it("comes with the passage that ends on the lead", async () => {
    // The question's words are all in the lead, none in the second chunk, so only the lead's chunk is found.
    const question = "How much is the Harbour Council claiming from Baxter Construction?";
    const q = Float32Array.from(await embeddings.embedQuery(question));
    const retrieval = await retrieve(index, q, question, { k: 3 });
    const lead = retrieval.passages.find((p) => p.text.includes(LEAD));
    expect(lead).toBeDefined();
    expect(lead!.text).toContain(ANSWER);
    expect(lead!.text).not.toContain(REST.slice(0, 40)); // the next sentence, not the whole next chunk
    expect(lead!.sentenceSims.map((s) => s.span.start)).toContain(lead!.start + lead!.text.indexOf(ANSWER));
    const draft = extractiveBriefing(index, { question, contextTerms: [] }, { ...retrieval, passages: [lead!] });
    expect(draft.citations.every((c) => index.articleText(c.articleId, c.start, c.end) === c.quote)).toBe(true);
  });

  it("inherits part of what the lead named and it lacks", () => {
    expect(withCarry(0.1, 0.8)).toBeCloseTo(0.58);
    expect(withCarry(0.5, 0)).toBe(0.5);
    expect(withCarry(0.1, null)).toBe(0.1);
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { HybridEmbeddings, loadHybridEmbeddings, SHIPPED_HYBRID_MODEL } from "../src/embedding/static-hybrid.js";
import { loadStaticEmbeddings, SHIPPED_STATIC_MODEL } from "../src/embedding/static.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { dot } from "../src/embedding/vectors.js";
import { UserError } from "../src/errors.js";
import { sentenceText } from "../src/index/passage.js";
import { openPipeline } from "../src/pipeline.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

/** The hybrid embedder on the real models: static rows for the archive, USE-Lite where answers are chosen. */
describe("the hybrid embedder (real models)", { timeout: 240_000 }, () => {
  it("embeds the archive with the 512-dim static model, questions and retrieved sentences with USE-Lite, each sentence once", async () => {
    const hybrid = await loadHybridEmbeddings();
    const useLite = new UseLiteEmbeddings();
    const stat = await loadStaticEmbeddings(SHIPPED_HYBRID_MODEL);
    const text = "The central bank raised interest rates by half a point.";
    expect(hybrid.dimension).toBe(512);
    expect(hybrid.id).toBe(`hybrid-use-lite+${stat.id}`);
    // Archive rows: the static model's vectors (fast, approximate).
    expect(Array.from((await hybrid.embedRows([text]))[0])).toEqual(Array.from((await stat.embedRows([text]))[0]));
    // The question and the exact pass: USE-Lite's own vectors.
    expect(await hybrid.embedQuery(text)).toEqual(await useLite.embedQuery(text));
    const [exact] = await hybrid.embedExact([text, text]);
    expect(Array.from(exact)).toEqual(Array.from((await useLite.embedRows([text]))[0]));
    await hybrid.embedExact([text]);
    expect(hybrid.exactEmbedded).toBe(1); // asked three times, embedded once
    // The static rows live in USE-Lite's coordinates: close to the exact vector, not equal to it.
    const approx = (await hybrid.embedRows([text]))[0];
    expect(dot(approx, exact)).toBeGreaterThan(0.5);
    expect(dot(approx, exact)).toBeLessThan(0.999);
    await hybrid.close();
  });

  it("is chosen by --embeddings hybrid[:FILE], keeps its own index, and refuses a model outside USE-Lite's 512-dim space", async () => {
    expect((await createEmbeddings("hybrid")).id).toMatch(/^hybrid-use-lite\+static-use-lite/);
    expect(await createEmbeddings(`hybrid:${SHIPPED_HYBRID_MODEL}`)).toBeInstanceOf(HybridEmbeddings);
    const error = await createEmbeddings(`hybrid:${SHIPPED_STATIC_MODEL}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/needs one in USE-Lite's 512-dim space/);
    const useLite = resolveSettings({ corpus: "corpus", embeddings: "use-lite" }, {});
    expect(resolveSettings({ corpus: "corpus", embeddings: "hybrid" }, {}).index).toBe(`${useLite.index}-hybrid`);
  });

  it("answers with USE-Lite similarities: the retrieved passages' sentences are embedded exactly at question time and kept", async () => {
    const settings = resolveSettings({ corpus: copyOfSeedCorpus(), index: path.join(tempDir("briefing-hybrid-"), "index"), embeddings: "hybrid" });
    const briefer = await openPipeline(settings, { embed: "all" });
    try {
      const index = briefer.index;
      expect(index.semantic.share).toBe(1); // the static layer is the complete semantic layer
      expect(index.manifest.embedder.id).toMatch(/^hybrid-use-lite/);
      const hybrid = briefer.embeddings as HybridEmbeddings;
      const question = "Who did Lloyd Austin meet with?";
      const answer = await briefer.ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toContain("Grant Shapps");
      const touched = hybrid.exactEmbedded;
      expect(touched).toBeGreaterThan(0);
      // The sentences kept for the process are USE-Lite's own vectors of those sentences.
      const useLite = new UseLiteEmbeddings();
      let checked = 0;
      for (const p of index.passages.values()) {
        for (let i = 0; i < p.sentences.length && checked < 3; i++) {
          if (!index.hasQuestionVector(p, i)) continue;
          const [exact] = await useLite.embedRows([sentenceText(p, i)]);
          expect(dot(index.sentenceVector(p, i), exact)).toBeCloseTo(1, 5);
          checked++;
        }
      }
      expect(checked).toBe(3);
      // Asked again, nothing new is embedded.
      await briefer.ask(question);
      expect(hybrid.exactEmbedded).toBe(touched);
    } finally {
      await briefer.close();
    }
  });
});

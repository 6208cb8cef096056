import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import type { HybridEmbeddings } from "../src/embedding/static-hybrid.js";
import { dot } from "../src/embedding/vectors.js";
import { openPipeline } from "../src/pipeline.js";
import { EXACT_POOL, LEXICAL_POOL, retrieve } from "../src/retrieval/hybrid.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

/**
 * The hybrid embedder's dense list (real models, real index): the static rows only nominate
 * candidates; BM25's best passages and the graph's nearest are embedded exactly before the dense
 * list is ranked, so the fusion never compares a static similarity with an exact one.
 */
describe("hybrid retrieval with approximate vectors", { timeout: 240_000 }, () => {
  it("embeds BM25's best passages and the graph's nearest exactly, then ranks them by exact similarity", async () => {
    const settings = resolveSettings({ corpus: copyOfSeedCorpus(), index: path.join(tempDir("briefing-hybrid-pool-"), "index"), embeddings: "hybrid" });
    const briefer = await openPipeline(settings, { embed: "all" });
    try {
      const index = briefer.index;
      const hybrid = briefer.embeddings as HybridEmbeddings;
      const question = "Which British minister sat down with the Pentagon chief?";
      const q = Float32Array.from(await hybrid.embedQuery(question));
      const asked: string[] = [];
      const retrieval = await retrieve(index, q, question, {
        k: 5,
        approximate: true,
        embedMissing: async (texts) => (asked.push(...texts), hybrid.embedExact(texts)),
      });
      // Every sentence of BM25's best LEXICAL_POOL passages and of the graph's nearest EXACT_POOL now has its exact vector.
      const lexical = index.lexicalSearch(question, LEXICAL_POOL).map((h) => h.passage);
      const nearest = (await index.denseSearch(q, EXACT_POOL)).slice(0, EXACT_POOL);
      for (const p of [...lexical, ...nearest]) p.sentences.forEach((_, i) => expect(index.hasQuestionVector(p, i)).toBe(true));
      // Nothing beyond the pools and the answer's passages (and the sentence after each) was embedded.
      const pooled = new Set([...lexical, ...nearest]);
      const extra = retrieval.passages.flatMap((r) => r.parts).filter((p) => !pooled.has(p));
      const bound = [...pooled, ...extra].reduce((n, p) => n + p.sentences.length, 0) + retrieval.passages.length;
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.length).toBeLessThanOrEqual(bound);
      // The passages' similarities are exact USE-Lite ones: the question vector against each sentence's exact vector.
      for (const r of retrieval.passages) {
        for (const s of r.sentenceSims) {
          const [exact] = await hybrid.embedExact([index.articleText(r.articleId, s.span.start, s.span.end)]);
          expect(s.sim).toBeCloseTo(dot(q, exact), 4);
        }
      }
      // The expected article (the US–UK defence chiefs' meeting) is retrieved.
      expect(retrieval.passages.map((p) => p.title)).toContain("US and UK defence chiefs meet on Iran-aligned militias, the Red Sea and Ukraine");
    } finally {
      await briefer.close();
    }
  });
});

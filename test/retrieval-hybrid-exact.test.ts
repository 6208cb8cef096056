import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import type { HybridEmbeddings } from "../src/embedding/static-hybrid.js";
import { dot } from "../src/embedding/vectors.js";
import { openPipeline } from "../src/pipeline.js";
import { dot as dotProduct, unitMean } from "../src/embedding/vectors.js";
import { DENSE_KEEP, EXACT_POOL, LEXICAL_POOL, retrieve } from "../src/retrieval/hybrid.js";
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
      const lexical = index.lexical.search(question, LEXICAL_POOL).map((h) => h.passage);
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

  it("gives dense-list credit only to the pool's DENSE_KEEP nearest by exact passage vector, and ranks a follow-up's focus articles exactly", async () => {
    const settings = resolveSettings({ corpus: copyOfSeedCorpus(), index: path.join(tempDir("briefing-hybrid-keep-"), "index"), embeddings: "hybrid" });
    const briefer = await openPipeline(settings, { embed: "all" });
    try {
      const index = briefer.index;
      const hybrid = briefer.embeddings as HybridEmbeddings;
      const question = "What did the defence ministers discuss?";
      const q = Float32Array.from(await hybrid.embedQuery(question));
      const embedMissing = (texts: string[]) => hybrid.embedExact(texts);
      // denseKeep 2: the fused score of a retrieved passage holds a dense term only if it is one of the
      // pool's two nearest by exact passage vector (BM25 lists give the rest).
      const keep = 2;
      const r = await retrieve(index, q, question, { k: 5, approximate: true, embedMissing, denseKeep: keep });
      const lexical = index.lexical.search(question, 40).map((h) => h.passage);
      const articles = index.lexical.articleSearch(question, 40).map((h) => h.articleId);
      const pool = [...new Set([...(await index.denseSearch(q, EXACT_POOL)), ...lexical.slice(0, LEXICAL_POOL)])];
      const near = (p: (typeof pool)[number]) => dotProduct(q, unitMean(p.sentences.map((_, i) => index.sentenceVector(p, i)), q.length));
      const kept = new Set([...pool].sort((a, b) => near(b) - near(a)).slice(0, keep));
      for (const p of r.passages) {
        const part = p.parts[0];
        const lexicalOnly = (lexical.includes(part) ? 1 / (61 + lexical.indexOf(part)) : 0) + (articles.includes(part.articleId) ? 1 / (61 + articles.indexOf(part.articleId)) : 0);
        if (p.parts.length === 1 && !kept.has(part)) expect(p.score).toBeLessThanOrEqual(lexicalOnly + 1e-9);
      }
      expect(DENSE_KEEP).toBeLessThan(40);
      // A follow-up: every sentence of the article in focus is embedded exactly before the focus list is ranked.
      // (A fresh index, so the article's sentences are not all embedded already; small pools leave most of them out.)
      const fresh = await openPipeline({ ...settings, index: path.join(tempDir("briefing-hybrid-focus-"), "index") }, { embed: "all" });
      try {
        const ix = fresh.index;
        const focus = [...ix.articles.keys()][0];
        const exactly = () => ix.passagesOf(focus).every((p) => p.sentences.every((_, i) => ix.hasQuestionVector(p, i)));
        expect(exactly()).toBe(false);
        await retrieve(ix, q, "And what else did they agree?", { k: 1, approximate: true, embedMissing, exactPool: 1, lexicalPool: 1, focusArticles: [focus] });
        expect(exactly()).toBe(true);
      } finally {
        await fresh.close();
      }
    } finally {
      await briefer.close();
    }
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { turnOf } from "../src/conversation/turn.js";
import type { IngestProgress } from "../src/index/ingest-types.js";
import { ingestCorpus, openPipeline } from "../src/pipeline.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

/** The one assembly, on the real model and a private copy of the seed corpus. */
describe("openPipeline", { timeout: 240_000 }, () => {
  it("builds a missing index with the worker pool, answers from it, and answers the same from it reopened as it is", async () => {
    const settings = resolveSettings({ corpus: copyOfSeedCorpus(), index: path.join(tempDir("briefing-pipeline-"), "index"), workers: 2 });
    const progress: IngestProgress[] = [];
    const reports: { unchanged: boolean; articles: number }[] = [];
    const built = await openPipeline(settings, { embed: "all", onProgress: (p) => progress.push(p), onIndexed: (r) => reports.push(r) });
    let first;
    try {
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ unchanged: false, articles: built.index.articles.size });
      expect(built.index.semantic.share).toBe(1); // every sentence embedded before answering
      // The pool's batches and the indexer's reports make one bar that only moves forward and ends full.
      const embedding = progress.filter((p) => p.stage === "embedding");
      expect(embedding.length).toBeGreaterThan(0);
      expect(embedding.every((p) => p.done <= p.total)).toBe(true);
      expect(embedding.at(-1)!.done).toBe(embedding.at(-1)!.total);
      // The bar knows the whole job from its first report, not only the first slice.
      expect(embedding[0]).toEqual({ stage: "embedding", done: 0, total: embedding.at(-1)!.total });
      first = await built.ask("Who did Lloyd Austin meet with?");
      // The pool closed after the build; questions and follow-ups go on with the query model.
      const next = await built.ask("What did they discuss?", { history: [turnOf(first)] });
      expect(next.understood?.contextTerms).toContain("Lloyd Austin");
      expect(next.abstained).toBe(false);
    } finally {
      await built.close();
    }
    expect(first.citations[0]?.quote).toContain("Grant Shapps");

    const reopened = await openPipeline(settings, { refresh: false });
    try {
      const again = await reopened.ask("Who did Lloyd Austin meet with?");
      expect(again.answer).toBe(first.answer);
      expect(again.citations).toEqual(first.citations);
    } finally {
      await reopened.close();
    }
    // `briefing ingest` over the same corpus: nothing to do.
    expect(await ingestCorpus(settings)).toMatchObject({ unchanged: true, added: 0 });
  });

  it("with refresh: false never builds: a missing index is one clear error naming it", async () => {
    const index = path.join(tempDir("briefing-pipeline-"), "nothing-here");
    const settings = resolveSettings({ corpus: copyOfSeedCorpus(), index });
    const error = await openPipeline(settings, { refresh: false }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(index);
  });
});

/**
 * Question-driven embedding (issue 13, part 3): in the chat, on an index whose semantic layer is
 * empty, the sentences of the passages a question retrieves are embedded first and kept — they
 * reach the next checkpoint, survive a reopen, and the ingest that completes the layer does not
 * embed them again. Real model, real worker pool, real index; nothing timed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import { pendingSentences } from "../src/index/semantic.js";
import { BriefingIndex } from "../src/index/store.js";
import { openPipeline } from "../src/pipeline.js";
import { hasBbc } from "./support/fixtures.js";
import { lexicalOnlyFixture } from "./support/lexical-only.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => {
  await embeddings.close?.();
});

describe.skipIf(!hasBbc)("the chat on an index whose semantic layer is incomplete", () => {
  it("embeds a question's retrieved sentences first and keeps them for the next checkpoint", async () => {
    const { corpus, index: dir } = await lexicalOnlyFixture(60);
    const b = await openPipeline(resolveSettings({ corpus, index: dir }), { background: {} });
    let briefing;
    let parts;
    try {
      expect(b.index.semantic.embedded).toBe(0);
      briefing = await b.ask("What avenues did Hegseth and the UK officials explore to support Ukraine?");
      expect(briefing.citations.length).toBeGreaterThan(0);
      expect(briefing.indexState?.semantic).toBeLessThan(1);
      const ids = new Set(briefing.passages.flatMap((p) => p.id.split("+")));
      parts = [...b.index.passages.values()].filter((p) => ids.has(p.id));
      expect(parts.length).toBeGreaterThan(0);
      for (const p of parts) p.sentences.forEach((_, i) => expect(b.index.isEmbedded(p, i)).toBe(true));
    } finally {
      await b.close(); // commits what is embedded and not yet saved
    }

    // Reopened: the question's sentences are in the saved layer, ahead of the background's label order.
    const index = await BriefingIndex.open(dir, embeddings);
    const kept = [...index.passages.values()].filter((p) => parts.some((q) => q.id === p.id));
    for (const p of kept) p.sentences.forEach((_, i) => expect(index.isEmbedded(p, i)).toBe(true));
    expect(index.semantic.embedded).toBeLessThan(index.semantic.total);
    const first = Math.min(...kept.map((p) => p.label));
    const earlierMissing = [...index.passages.values()].some((p) => p.label < first && p.sentences.some((_, i) => !index.isEmbedded(p, i)));
    expect(earlierMissing, "the background embeds in label order: these came from the question").toBe(true);
    // Passages the question completed are in the passage graph.
    expect(index.denseCount).toBe(index.manifest.denseCount);
    expect(index.denseCount).toBeGreaterThan(0);

    // The ingest that completes the layer embeds only what is missing: never the kept sentences again.
    const pending = pendingSentences(index).texts.length;
    const report = await ingest({ corpus, indexDir: dir, embeddings });
    expect(report.embedded).toBe(pending);
    expect(report.index.semantic.embedded).toBe(report.index.semantic.total);
  }, 600_000);
});

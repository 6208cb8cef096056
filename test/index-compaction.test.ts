/**
 * Deleted vectors are reclaimed: hnswlib only marks an element deleted, so an archive edited one
 * article at a time grew hnswlib.index by 15% over 12 edits. Past COMPACT_AT of deleted elements
 * the graph is rebuilt from the kept passages' stored vectors (nothing is embedded again).
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import { COMPACT_AT } from "../src/index/dense.js";
import { BriefingIndex } from "../src/index/store.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => {
  await embeddings.close?.();
});

const note = (i: number) => `Harbour note ${i}\n\nThe harbour master of Port Ellis logged ${i} ferries on the morning tide. Edition ${i} of the note was filed at noon.\n`;
const graphFile = (dir: string) => path.join(dir, readFileSync(path.join(dir, "CURRENT"), "utf8").trim(), "hnswlib.index");

describe("compaction of the passage graph", () => {
  it("keeps hnswlib.index from growing over 12 one-article edits, with no re-embedding of kept passages", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    writeFileSync(path.join(corpus, "harbour.txt"), note(0));
    await ingest({ corpus, indexDir: dir, embeddings });
    const size0 = statSync(graphFile(dir)).size;
    let compacted = 0;
    for (let i = 1; i <= 12; i++) {
      writeFileSync(path.join(corpus, "harbour.txt"), note(i));
      const r = await ingest({ corpus, indexDir: dir, embeddings });
      expect(r.changed).toBe(1);
      // Only the edited article's sentences are embedded; the rest keep their stored vectors.
      expect(r.embedded).toBeLessThanOrEqual(3);
      const m = r.index.manifest;
      expect((m.graphElements! - m.denseCount!) / m.graphElements!).toBeLessThanOrEqual(COMPACT_AT);
      if (m.graphElements === m.denseCount) compacted++;
    }
    expect(compacted).toBeGreaterThan(0);
    expect(statSync(graphFile(dir)).size).toBeLessThanOrEqual(size0 * (1 + COMPACT_AT));

    // The compacted graph still finds every kept passage by its own vector, and the edited note.
    const index = await BriefingIndex.open(dir, embeddings);
    for (const p of [...index.passages.values()].filter((_, i) => i % 5 === 0)) {
      // Its vector in the graph: the normalised mean of its sentence vectors.
      const mean = new Float32Array(index.dimension);
      p.sentences.forEach((_, i) => index.sentenceVector(p, i).forEach((x, j) => (mean[j] += x)));
      const norm = Math.sqrt(mean.reduce((s, x) => s + x * x, 0)) || 1;
      expect(index.rawGraphSearch(Array.from(mean, (x) => x / norm), 1)[0]).toBe(p.label);
    }
    const q = await embeddings.embedQuery("How many ferries did the Port Ellis harbour master log?");
    const hits = await index.denseSearch(q, 1);
    expect(hits[0].articleId).toMatch(/harbour\.txt$/);
    expect(index.articleText(hits[0].articleId, 0, 200)).toContain("logged 12 ferries");
  }, 300_000);
});

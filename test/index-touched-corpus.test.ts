import { readdirSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import type { IngestOptions } from "../src/index/ingest-types.js";
import { copyOfSeedCorpus, currentGenerationDir, manifestOnDisk, tempDir } from "./support/fixtures.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => embeddings?.close?.());

const current = currentGenerationDir;
const manifestOf = manifestOnDisk;

/** Asks as a question does, and says whether the corpus was parsed (the "loading" stage). */
async function ask(opts: IngestOptions): Promise<{ parsed: boolean; embedded: number; unchanged: boolean }> {
  let parsed = false;
  const r = await ingest({ ...opts, queryOnly: true, onProgress: (p) => (parsed ||= p.stage === "loading") });
  return { parsed, embedded: r.embedded, unchanged: r.unchanged };
}

describe("a corpus whose files were touched but not changed (copied, checked out, re-provisioned)", () => {
  it("is parsed once, its files' new signature recorded with everything else linked, and the next question parses nothing", async () => {
    const corpus = copyOfSeedCorpus();
    const indexDir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir, embeddings });
    const before = manifestOf(indexDir);
    const vectorsBefore = statSync(path.join(current(indexDir), "sentences.f32")).ino;
    expect(await ask({ corpus, indexDir, embeddings })).toMatchObject({ parsed: false, embedded: 0, unchanged: true });

    const later = new Date(Date.now() + 60_000);
    for (const f of readdirSync(corpus)) utimesSync(path.join(corpus, f), later, later);

    // The files' times differ, so this question reads the corpus, finds every article unchanged, embeds nothing…
    expect(await ask({ corpus, indexDir, embeddings })).toMatchObject({ parsed: true, embedded: 0, unchanged: true });
    const after = manifestOf(indexDir);
    expect(after.corpusFingerprint).toBe(before.corpusFingerprint);
    expect(after.corpusFiles).not.toBe(before.corpusFiles);
    // …and records the new signature in a generation whose vectors are the same file, not a copy.
    expect(statSync(path.join(current(indexDir), "sentences.f32")).ino).toBe(vectorsBefore);

    // The next question takes the index as it is without parsing the corpus.
    expect(await ask({ corpus, indexDir, embeddings })).toMatchObject({ parsed: false, embedded: 0, unchanged: true });
  });
});

import { mkdirSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import { IndexDamaged, REBUILD_HINT } from "../src/index/errors.js";
import { writeVectors } from "../src/index/generation-files.js";
import { VectorFile } from "../src/index/vector-file.js";
import { BriefingIndex } from "../src/index/store.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => embeddings?.close?.());

const rows = (index: BriefingIndex) => [...index.passages.values()].flatMap((p) => p.sentences.map((_, i) => ({ p, i })));

describe("sentence vectors read from disk as questions need them", () => {
  it("gives every row as written, even after an ingest prunes the generation, and an opened index still changes and saves", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    const built = (await ingest({ corpus, indexDir: dir, embeddings })).index;
    const written = new Map(rows(built).map(({ p, i }) => [`${p.label}:${i}`, Array.from(built.sentenceVector(p, i))]));
    expect(written.size).toBeGreaterThan(50);

    const opened = await BriefingIndex.open(dir, embeddings);
    const all = rows(opened);
    // A few rows read while the generation is there…
    for (const { p, i } of all.slice(0, 5)) expect(Array.from(opened.sentenceVector(p, i))).toEqual(written.get(`${p.label}:${i}`));
    // …and the rest after its folder is gone (as a later ingest prunes it): the open file still reads.
    rmSync(path.join(dir, readFileSync(path.join(dir, "CURRENT"), "utf8").trim()), { recursive: true });
    for (const { p, i } of all) expect(Array.from(opened.sentenceVector(p, i))).toEqual(written.get(`${p.label}:${i}`));

    // A change loads the whole table from the file it has open, and saves it whole.
    const { p, i } = all[3];
    const other = Array.from(opened.sentenceVector(all[0].p, all[0].i));
    opened.setVector(p, i, other);
    await opened.save();
    const reopened = await BriefingIndex.open(dir, embeddings);
    for (const r of rows(reopened)) {
      const key = `${r.p.label}:${r.i}`;
      expect(Array.from(reopened.sentenceVector(r.p, r.i))).toEqual(r.p.label === p.label && r.i === i ? other : written.get(key));
    }
    expect(reopened.semantic).toEqual(built.semantic);
  }, 180_000); // an ingest from scratch: over a minute on a heavily loaded machine
});

describe("the sentence-vector table on disk", () => {
  it("holds every embedded row at its place and zeros elsewhere, and takes disk only for runs of embedded rows", () => {
    const d = 512;
    const rows = 2000;
    const embedded = new Uint8Array(rows);
    // A first stretch, then scattered rows far apart (a repeated sentence embedded early), then the last row.
    for (let r = 0; r < 300; r++) embedded[r] = 1;
    for (const r of [900, 901, 1500, rows - 1]) embedded[r] = 1;
    const vectors = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) vectors.fill(embedded[r] ? r + 1 : 0, r * d, (r + 1) * d);
    const file = path.join(tempDir(), "sentences.f32");
    writeVectors(file, vectors, embedded, d);
    expect(readFileSync(file).equals(Buffer.from(vectors.buffer))).toBe(true);
    const st = statSync(file);
    expect(st.size).toBe(rows * d * 4);
    // 304 rows of 2 KB written; the rest are holes (allowing a block either side of each run).
    expect(st.blocks * 512).toBeLessThan((304 * d * 4) + 4 * 2 * 4096);
  }, 180_000);

  it("a table cut short after it was opened is the index damaged, with the rebuild as the way out", () => {
    const d = 4;
    const index = tempDir();
    const file = path.join(index, "gen-a", "sentences.f32");
    mkdirSync(path.dirname(file));
    writeVectors(file, new Float32Array(10 * d).fill(1), new Uint8Array(10).fill(1), d);
    const table = VectorFile.open(file, 10 * d);
    try {
      expect(table.row(0, d)[0]).toBe(1);
      truncateSync(file, 4 * d * 4);
      const read = () => table.row(7, d);
      expect(read).toThrow(IndexDamaged);
      expect(read).toThrow(`the index at ${index} is damaged (sentences.f32 is shorter than its manifest says)`);
      expect(new IndexDamaged("x").hint).toBe(REBUILD_HINT);
    } finally {
      table.close();
    }
  });
});

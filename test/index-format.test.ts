import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { readBm25 } from "../src/index/bm25-files.js";
import { ingest } from "../src/index/build.js";
import { FORMAT_VERSION } from "../src/index/manifest.js";
import { PASSAGE_FILES, readPassages } from "../src/index/passage-files.js";
import { STORED_KIND } from "../src/index/passage.js";
import { BriefingIndex } from "../src/index/store.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => embeddings?.close?.());

const current = (dir: string) => path.join(dir, readFileSync(path.join(dir, "CURRENT"), "utf8"));

/**
 * Rewrites a generation's lexical files as format 3 wrote them (the JSON layout every index made
 * before format 4 has): HNSWLib's docstore.json with `[start, end, kind]` spans, BM25 as JSON.
 */
function asFormat3(gen: string): void {
  const articles = JSON.parse(readFileSync(path.join(gen, "articles.json"), "utf8"));
  const docs = readPassages(gen, articles).map(({ text, sentences, ...rest }) => [
    String(rest.label),
    { pageContent: text, metadata: { ...rest, sentences: sentences.map((s) => [s.start, s.end, STORED_KIND.indexOf(s.kind)]) } },
  ]);
  writeFileSync(path.join(gen, "docstore.json"), JSON.stringify(docs));
  writeFileSync(path.join(gen, "bm25.json"), JSON.stringify(readBm25(gen, "bm25").toJSON()));
  writeFileSync(path.join(gen, "bm25-articles.json"), JSON.stringify(readBm25(gen, "bm25-articles").toJSON()));
  for (const f of [...PASSAGE_FILES, "bm25-terms.json", "bm25.i32", "bm25-articles-terms.json", "bm25-articles.i32"]) rmSync(path.join(gen, f));
  const manifest = JSON.parse(readFileSync(path.join(gen, "manifest.json"), "utf8"));
  writeFileSync(path.join(gen, "manifest.json"), JSON.stringify({ ...manifest, formatVersion: 3 }));
}

describe("an index in the previous on-disk format (3, JSON)", () => {
  it("opens as it is, answers the same, and the next ingest converts it without embedding anything again", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    const built = (await ingest({ corpus, indexDir: dir, embeddings })).index;
    const question = "Which aircraft carrier is going to the Red Sea?";
    const q = await embeddings.embedQuery(question);
    const before = { lexical: built.lexical.search(question, 10), articles: built.lexical.articleSearch(question, 5), dense: await built.denseSearch(q, 5) };

    asFormat3(current(dir));
    const old = await BriefingIndex.open(dir, embeddings);
    expect(old.outdated).toBe(true);
    expect(old.lexical.search(question, 10)).toEqual(before.lexical);
    expect(old.lexical.articleSearch(question, 5)).toEqual(before.articles);
    expect((await old.denseSearch(q, 5)).map((p) => p.label)).toEqual(before.dense.map((p) => p.label));
    const p = old.passages.get(before.lexical[0].passage.label)!;
    expect(p).toEqual(before.lexical[0].passage);

    // The corpus is unchanged: the ingest only rewrites the layout (vectors and graph are kept).
    const r = await ingest({ corpus, indexDir: dir, embeddings });
    expect(r.embedded).toBe(0);
    expect(r.unchanged).toBe(true);
    const gen = current(dir);
    expect(JSON.parse(readFileSync(path.join(gen, "manifest.json"), "utf8")).formatVersion).toBe(FORMAT_VERSION);
    expect(existsSync(path.join(gen, "docstore.json"))).toBe(false);
    const converted = await BriefingIndex.open(dir, embeddings);
    expect(converted.outdated).toBe(false);
    expect(converted.lexical.search(question, 10)).toEqual(before.lexical);
    expect(converted.lexical.articleSearch(question, 5)).toEqual(before.articles);
    expect((await converted.denseSearch(q, 5)).map((x) => x.label)).toEqual(before.dense.map((x) => x.label));
    expect(converted.semantic).toEqual(built.semantic);
    for (const x of [...converted.passages.values()].slice(0, 5)) expect(Array.from(converted.sentenceVector(x, 0))).toEqual(Array.from(built.sentenceVector(x, 0)));
  }, 180_000);
});

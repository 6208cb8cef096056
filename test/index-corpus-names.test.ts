import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusPrefix } from "../src/corpus/load.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { corpusFingerprint, ingest } from "../src/index/build.js";
import { BriefingIndex } from "../src/index/store.js";
import { copyOfSeedCorpus, currentGenerationDir, manifestOnDisk, tempDir } from "./support/fixtures.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => embeddings?.close?.());

const current = currentGenerationDir;
const manifestOf = manifestOnDisk;

/** The index at `dir` rewritten as an index made before ids were corpus-relative: ids were sources (`path.join(corpus as named, …)`). */
function toOldIds(dir: string, corpusAsNamed: string): void {
  const gen = current(dir);
  const prefix = corpusPrefix(corpusAsNamed);
  const articles = JSON.parse(readFileSync(path.join(gen, "articles.json"), "utf8")) as { id: string; hash: string; source: string }[];
  for (const a of articles) {
    a.id = prefix + a.id;
    expect(a.source).toBe(a.id);
  }
  writeFileSync(path.join(gen, "articles.json"), JSON.stringify(articles));
  const manifest = manifestOf(dir);
  delete manifest.articleIds;
  manifest.corpus = corpusAsNamed;
  manifest.corpusFingerprint = corpusFingerprint(articles);
  writeFileSync(path.join(gen, "manifest.json"), JSON.stringify(manifest, null, 2));
}

describe("the corpus named by another path", () => {
  it("relative, then absolute: the same article ids, nothing chunked, embedded or written again; sources follow the name", async () => {
    const absolute = copyOfSeedCorpus();
    const relative = path.relative(process.cwd(), absolute);
    expect(path.isAbsolute(relative)).toBe(false);
    const dir = path.join(tempDir(), "index");
    const first = await ingest({ corpus: relative, indexDir: dir, embeddings });
    expect(first.embedded).toBeGreaterThan(0);
    const ids = [...first.index.articles.keys()].sort();
    // Ids are paths inside the corpus folder, whatever it was called.
    expect(ids.every((id) => !id.includes(path.basename(absolute)))).toBe(true);
    const generation = current(dir);

    const again = await ingest({ corpus: absolute, indexDir: dir, embeddings });
    expect(again).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: true, embedded: 0 });
    expect([...again.index.articles.keys()].sort()).toEqual(ids);
    expect(current(dir)).toBe(generation); // nothing written
    for (const a of again.index.articles.values()) expect(a.source).toBe(path.join(absolute, a.id));
    for (const p of again.index.passages.values()) expect(p.source).toBe(path.join(absolute, p.articleId));

    // A question asked with either name takes the index as it is.
    const asked = await ingest({ corpus: relative, indexDir: dir, embeddings, queryOnly: true });
    expect(asked).toMatchObject({ unchanged: true, embedded: 0 });
    expect([...asked.index.articles.keys()].sort()).toEqual(ids);
    expect(current(dir)).toBe(generation);
  }, 180_000);

  it("an index made when ids were sources is read with relative ids: no re-chunking or re-embedding, and the upgrade links its vectors and graph", async () => {
    const absolute = copyOfSeedCorpus();
    const relative = path.relative(process.cwd(), absolute);
    const dir = path.join(tempDir(), "index");
    const first = await ingest({ corpus: relative, indexDir: dir, embeddings });
    const ids = [...first.index.articles.keys()].sort();
    const semantic = first.index.semantic;
    toOldIds(dir, relative);
    const old = current(dir);
    const inode = (gen: string, file: string) => statSync(path.join(gen, file)).ino;

    // Named as the old index was made (the upgrade must not link its old articles.json), then the other way round.
    const again = await ingest({ corpus: relative, indexDir: dir, embeddings });
    expect(again).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: true, embedded: 0 });
    expect([...again.index.articles.keys()].sort()).toEqual(ids);
    expect(again.index.semantic).toEqual(semantic);
    expect(again.index.manifest.nextLabel).toBe(first.index.manifest.nextLabel); // no passage added again
    // Rewritten in the new scheme once (the lexical files), its vectors and graph linked, not rewritten.
    const upgraded = current(dir);
    expect(upgraded).not.toBe(old);
    expect(manifestOf(dir).articleIds).toBe("relative");
    for (const f of ["sentences.f32", "sentences.ok", "hnswlib.index"]) expect(inode(upgraded, f), f).toBe(inode(old, f));
    // What was written holds the relative ids (read back as they are, not cut again).
    const stored = JSON.parse(readFileSync(path.join(upgraded, "articles.json"), "utf8")) as { id: string }[];
    expect(stored.map((a) => a.id).sort()).toEqual(ids);
    const reopened = await BriefingIndex.open(dir, embeddings);
    expect([...reopened.articles.keys()].sort()).toEqual(ids);
    expect(reopened.outdated).toBe(false);
    expect(reopened.manifest.corpusFingerprint).toBe(first.index.manifest.corpusFingerprint);
    const query = Float32Array.from(await embeddings.embedQuery("aircraft carrier"));
    const hits = await again.index.denseSearch(query, 3);
    expect(hits.length).toBe(3);
    expect(hits.every((p) => again.index.articles.has(p.articleId) && p.source === path.join(relative, p.articleId))).toBe(true);

    // And from then on, either name: unchanged, nothing written.
    for (const corpus of [absolute, relative]) {
      const third = await ingest({ corpus, indexDir: dir, embeddings });
      expect(third).toMatchObject({ unchanged: true, embedded: 0 });
      expect([...third.index.articles.values()].every((a) => a.source === path.join(corpus, a.id))).toBe(true);
      expect(current(dir)).toBe(upgraded);
    }
  }, 180_000);
});

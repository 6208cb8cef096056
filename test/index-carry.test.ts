import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import { currentGeneration } from "../src/index/current.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => embeddings?.close?.());

describe("vectors carried across new article ids", () => {
  it("the same corpus named by another path is not embedded again, and still answers by meaning", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    const first = await ingest({ corpus, indexDir: dir, embeddings });
    expect(first.embedded).toBeGreaterThan(0);
    const alias = path.join(tempDir(), "same-news");
    symlinkSync(corpus, alias);
    const again = await ingest({ corpus: alias, indexDir: dir, embeddings });
    // Ids are the paths inside the corpus, so nothing changes but the sources shown, and nothing is embedded a second time.
    expect([...again.index.articles.keys()].sort()).toEqual([...first.index.articles.keys()].sort());
    expect([...again.index.articles.values()].every((a) => a.source.startsWith(alias))).toBe(true);
    expect(again.embedded).toBe(0);
    expect(again.index.semantic.share).toBe(1);
    const query = Float32Array.from(await embeddings.embedQuery("aircraft carrier"));
    const hits = await again.index.denseSearch(query, 3);
    expect(hits.length).toBe(3);
    expect(hits.every((p) => p.source.startsWith(alias) && again.index.articles.has(p.articleId))).toBe(true);
  });

  it("a renamed article keeps its vectors", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir: dir, embeddings });
    const { readdirSync } = await import("node:fs");
    const [file] = readdirSync(corpus).filter((f) => f.endsWith(".md"));
    renameSync(path.join(corpus, file!), path.join(corpus, `renamed ${file}`));
    const again = await ingest({ corpus, indexDir: dir, embeddings });
    expect(again.embedded).toBe(0);
    expect(again.index.articles.has(`renamed ${file}`)).toBe(true);
    expect(again.index.articles.get(`renamed ${file}`)!.source).toBe(path.join(corpus, `renamed ${file}`));
    expect(again.index.semantic.share).toBe(1);
  });

  it("an article moved into a subfolder keeps its vectors", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir: dir, embeddings });
    const { readdirSync } = await import("node:fs");
    const [file] = readdirSync(corpus).filter((f) => f.endsWith(".md"));
    mkdirSync(path.join(corpus, "moved"));
    renameSync(path.join(corpus, file!), path.join(corpus, "moved", file!));
    const again = await ingest({ corpus, indexDir: dir, embeddings });
    expect(again.added).toBe(1);
    expect(again.removed).toBe(1);
    expect(again.embedded).toBe(0);
    expect(again.index.articles.has(`moved/${file}`)).toBe(true);
    expect(again.index.semantic.share).toBe(1);
  });

  it("a rebuild for another sentence splitting or chunking embeds only the sentence texts it has no vector for", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    const first = await ingest({ corpus, indexDir: dir, embeddings });
    // An index written by an older text pipeline: rebuilt, and every sentence text it had keeps its vector.
    const manifestPath = path.join(dir, currentGeneration(dir)!, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, "utf8")), textPipeline: 1 }));
    const notices: string[] = [];
    const rebuilt = await ingest({ corpus, indexDir: dir, embeddings, onNotice: (l) => notices.push(l) });
    expect(notices.join("\n")).toMatch(/rebuilding/);
    expect(rebuilt.added).toBe(first.articles);
    expect(rebuilt.embedded).toBe(0);
    expect(rebuilt.index.semantic.share).toBe(1);
    // Other chunking: passages move, so a few sentences are cut differently at their edges; only those are embedded.
    const rechunked = await ingest({ corpus, indexDir: dir, embeddings, chunking: { chunkSize: 500, chunkOverlap: 0 } });
    expect(rechunked.index.passages.size).toBeGreaterThan(first.index.passages.size);
    expect(rechunked.embedded).toBeLessThan(first.embedded / 2);
    expect(rechunked.index.semantic.share).toBe(1);
    const query = Float32Array.from(await embeddings.embedQuery("aircraft carrier"));
    expect((await rechunked.index.denseSearch(query, 3)).length).toBe(3);
  });
});

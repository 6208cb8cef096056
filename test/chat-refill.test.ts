/**
 * A chat opened on a complete index keeps watching it: when another process commits a generation
 * whose semantic layer is incomplete (a bare `briefing ask` that indexed a long new article
 * lexically), the chat's background embedding notices at that generation change and fills it in.
 * Real model, real worker pool, a real `ask` process; every wait is on what the index shows.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import { semanticNotice } from "../src/index/semantic.js";
import { BriefingIndex } from "../src/index/store.js";
import { openPipeline } from "../src/pipeline.js";
import { CLI, copyOfSeedCorpus, ROOT, tempDir } from "./support/fixtures.js";
import { currentManifest, until } from "./support/lexical-only.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => {
  await embeddings.close?.();
});

/** More sentences than a question embeds inline (INLINE_EMBED, 128): a bare `ask` indexes it lexically only. */
function longArticle(): string {
  const places = ["Dover", "Calais", "Rotterdam", "Antwerp", "Hamburg", "Bilbao", "Genoa", "Piraeus"];
  const lines = Array.from({ length: 170 }, (_, i) => `Harbour report ${i + 1}: ferries at ${places[i % places.length]} carried ${1000 + 37 * i} passengers on day ${i + 1} of the strike.`);
  return `Ferry strike log\n\n${lines.join(" ")}\n`;
}

describe("a chat opened on a complete index", () => {
  it("fills in a generation another process left incomplete", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir: dir, embeddings });
    const b = await openPipeline(resolveSettings({ corpus, index: dir }), { background: {} });
    try {
      expect(semanticNotice(b.index)).toBeNull();
      const articles = b.index.manifest.articleCount;

      // Another terminal: a long article arrives and a bare `ask` indexes it lexically, then answers.
      writeFileSync(path.join(corpus, "ferry-strike.txt"), longArticle());
      const env = { ...process.env, BRIEFING_CORPUS: undefined, BRIEFING_INDEX: undefined };
      const asked = spawnSync(process.execPath, [...CLI, "ask", "--json", "How many passengers did the ferries at Dover carry?", "--corpus", corpus, "--index", dir], { cwd: ROOT, env, encoding: "utf8" });
      expect(asked.status, asked.stderr).toBe(0);
      expect(JSON.parse(asked.stdout).semantic).toBeLessThan(1);
      const lexical = currentManifest(dir)!;
      expect(lexical.manifest.articleCount).toBe(articles + 1);
      expect(lexical.manifest.embeddedCount).toBeLessThan(lexical.manifest.sentenceCount);

      // The chat's next question looks at the index: the background embedding takes it from there.
      expect(await b.refresh()).toMatch(/index updated by another process: now 4 articles \(was 3\)/);
      await until(() => {
        const c = currentManifest(dir);
        return !!c && c.generation.split("-")[2] === String(process.pid) && c.manifest.embeddedCount === c.manifest.sentenceCount;
      });
    } finally {
      await b.close();
    }
    const done = await BriefingIndex.open(dir, embeddings);
    expect(done.manifest.articleCount).toBe(4);
    expect(done.semantic.embedded).toBe(done.semantic.total);
    expect(done.denseCount).toBe(done.passages.size);
  });
});

import { cpSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createEmbeddings } from "../../src/embedding/providers.js";
import { ingest } from "../../src/index/build.js";
import type { Manifest } from "../../src/index/manifest.js";
import { BBC, copyOfSeedCorpus, tempDir } from "./fixtures.js";

/**
 * The seed articles and the first `bbcArticles` BBC business stories, with an index whose lexical
 * layer is committed and whose semantic layer is empty: what the chat meets on a new archive
 * after a bare `briefing ask`. Labels follow paths, so the seed's Hegseth article comes last.
 */
export async function lexicalOnlyFixture(bbcArticles: number): Promise<{ corpus: string; index: string }> {
  const corpus = copyOfSeedCorpus();
  for (const f of readdirSync(path.join(BBC, "business")).sort().slice(0, bbcArticles)) cpSync(path.join(BBC, "business", f), path.join(corpus, "bbc", f));
  const index = path.join(tempDir("briefing-lexical-"), "index");
  const embeddings = await createEmbeddings("use-lite");
  try {
    await ingest({ corpus, indexDir: index, embeddings, embed: "none" });
  } finally {
    await embeddings.close?.();
  }
  return { corpus, index };
}

/** The current generation's name and manifest, or null while there is none (or it was just replaced). */
export function currentManifest(index: string): { generation: string; manifest: Manifest } | null {
  try {
    const generation = readFileSync(path.join(index, "CURRENT"), "utf8").trim();
    return { generation, manifest: JSON.parse(readFileSync(path.join(index, generation, "manifest.json"), "utf8")) };
  } catch {
    return null;
  }
}

/** Who holds the ingest lock (its pid), or null. */
export function lockHolder(index: string): number | null {
  try {
    return (JSON.parse(readFileSync(path.join(index, "ingest.lock"), "utf8")) as { pid: number }).pid;
  } catch {
    return null;
  }
}

/** Polls `cond` every 50 ms (no time limit of its own: the test's timeout is the limit). */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 50));
}

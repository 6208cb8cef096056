/**
 * Robustness catalogue, size and count limits of the loader and chunker (in process). The work is
 * bounded by counting, not by the clock: the loader's file reads (node:fs/promises, passed through
 * and counted) and the characters the chunker hands to the sentence splitter, its costly step.
 * Timeouts here are hang guards only.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { chunkArticles, DEFAULT_CHUNKING } from "../../src/corpus/chunk.js";
import { loadCorpus, MAX_ARTICLE_BYTES } from "../../src/corpus/load.js";
import { copyOfSeedCorpus, tempDir } from "../support/fixtures.js";

const work = vi.hoisted(() => ({ reads: [] as string[], bytes: 0, stats: 0, splitChars: 0 }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const readFile = (async (...args: Parameters<typeof real.readFile>) => {
    const out = await real.readFile(...args);
    work.reads.push(String(args[0]));
    work.bytes += out.length;
    return out;
  }) as typeof real.readFile;
  const stat = ((...args: Parameters<typeof real.stat>) => (work.stats++, real.stat(...args))) as typeof real.stat;
  const lstat = ((...args: Parameters<typeof real.lstat>) => (work.stats++, real.lstat(...args))) as typeof real.lstat;
  return { ...real, default: { ...real, readFile, stat, lstat }, readFile, stat, lstat };
});

vi.mock("../../src/text/sentences.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/text/sentences.js")>();
  return { ...real, splitSentences: (text: string) => ((work.splitChars += text.length), real.splitSentences(text)) };
});

beforeEach(() => Object.assign(work, { reads: [], bytes: 0, stats: 0, splitChars: 0 }));

describe("size and count limits (loader and chunker, in process)", () => {
  it("a 50 MB text file is refused from its size alone, never read, and the rest still loads", async () => {
    const dir = copyOfSeedCorpus();
    const line = "The committee met again and the talks went on late into the night. ";
    const dump = path.join(dir, "dump.txt");
    writeFileSync(dump, Buffer.from(line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))));
    const r = await loadCorpus(dir);
    expect(r.articles).toHaveLength(3);
    expect(r.problems).toEqual([{ path: dump, reason: "file is 50 MB, over the 4.0 MB limit for one article; split it into one file per article (or use .jsonl, one article per line)" }]);
    expect(work.reads).not.toContain(dump);
    expect(work.reads).toHaveLength(3); // the three seed articles, once each
    expect(work.bytes).toBeLessThan(100_000);
  }, 180_000);

  it("a 3 MB article (under the limit) is read once and chunked in linear work, offsets exact", async () => {
    const dir = tempDir();
    const line = "The committee met again, and the talks went on late into the night in Geneva. ";
    const text = line.repeat(Math.floor((3 * 1024 * 1024) / line.length)).trim();
    expect(text.length).toBeLessThan(MAX_ARTICLE_BYTES);
    writeFileSync(path.join(dir, "long.txt"), text);
    const { articles } = await loadCorpus(dir);
    expect(work.reads).toEqual([path.join(dir, "long.txt")]);
    const passages = await chunkArticles(articles);
    // Each character goes through the sentence splitter a bounded number of times (once to cut the
    // pieces, once for the overlap's sentence starts), not once per passage.
    expect(work.splitChars).toBeLessThanOrEqual(3 * text.length);
    // Passages are about chunkSize − overlap long: no blow-up into tiny pieces, no character in more than two.
    const core = DEFAULT_CHUNKING.chunkSize - DEFAULT_CHUNKING.chunkOverlap;
    expect(passages.length).toBeGreaterThanOrEqual(Math.floor(text.length / DEFAULT_CHUNKING.chunkSize));
    expect(passages.length).toBeLessThanOrEqual(Math.ceil((2 * text.length) / core));
    expect(passages.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(2 * text.length);
    for (const p of passages.filter((_, i) => i % 97 === 0)) expect(articles[0]!.text.slice(p.start, p.end)).toBe(p.text);
  }, 180_000);

  it("10,000 tiny files are each read once, with a bounded number of stat calls (a full ingest took about 2 minutes here: see docs/robustness.md)", async () => {
    const dir = tempDir("briefing-tiny-");
    for (let i = 0; i < 10_000; i++) writeFileSync(path.join(dir, `a${String(i).padStart(5, "0")}.txt`), `Ferry ${i} sailed from port ${i % 97} on time.`);
    const r = await loadCorpus(dir);
    const passages = await chunkArticles(r.articles);
    expect(r.articles).toHaveLength(10_000);
    expect(r.problems).toEqual([]);
    expect(passages).toHaveLength(10_000);
    expect(r.articles[9999]!.source).toBe(path.join(dir, "a09999.txt"));
    expect(work.reads).toHaveLength(10_000);
    expect(new Set(work.reads).size).toBe(10_000);
    expect(work.stats).toBeLessThanOrEqual(2 * 10_000 + 10);
  }, 360_000);
});

const BBC = path.join(import.meta.dirname, "..", "..", "..", "shared", "corpora", "bbc");
if (!existsSync(BBC)) console.log(`note: ${BBC} is absent; the BBC read count is skipped`);
describe.skipIf(!existsSync(BBC))("the BBC corpus (2,225 articles)", () => {
  it("reads each article file exactly once and never the README", async () => {
    const r = await loadCorpus(BBC);
    expect(r.articles).toHaveLength(2225);
    expect(work.reads).toHaveLength(2225);
    expect(new Set(work.reads).size).toBe(2225);
    expect(work.reads.filter((f) => /readme/i.test(f))).toEqual([]);
  }, 180_000);
});

/**
 * Fuzzing with a fixed seed (reproducible): random bytes and random Unicode through the loaders
 * (as real files of every format), the sentence splitter, the chunker and the LLM citation
 * parser. Nothing may throw or reject, and the invariants the rest of the pipeline relies on
 * must hold: offsets that round-trip, sentences in order covering the text.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAnswer } from "../../src/answer/llm/parse.js";
import { chunkArticle } from "../../src/corpus/chunk.js";
import { FORMATS, loadCorpus } from "../../src/corpus/load.js";
import type { Article } from "../../src/corpus/types.js";
import { splitSentences } from "../../src/text/sentences.js";
import { tempDir } from "../support/fixtures.js";

const SEED = 20240131;

/** mulberry32: small, fast, and the same sequence everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

// Pieces that stress sentence and chunk boundaries, plus anything Unicode can hold.
const PIECES = [
  "The minister said", "talks resumed", "U.S.", "Mr.", "Oct. 7", "$6.5bn", "e.g.", "conflict.The", "said.\"We", "...", "…", "?!", ". ", "! ", "? ",
  "\n", "\n\n", "\r\n", "\t", "  ", "- item", "1. first", "| a | b |", "# Heading", "—", "“quoted”", "‘x’", "(aside)", "[1]", "[2, 3]", "[Source 4]",
  "中文句子。", "日本語の文。", "العربية.", "עברית", "😀", "👩‍👩‍👧", "e\u0301", "\u200d", "\u00a0", "\u202e", "\u2066", "\u001b[31m", "\u001b]0;x\u0007",
  "\u009b2J", "\u0000", "\u0085", "\ufeff", "\ud800", "\udfff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ǅ", "İ", "ß", "ﬁ",
];

function unicodeText(r: Rng, maxParts = 80): string {
  const parts: string[] = [];
  const n = r.int(maxParts);
  for (let i = 0; i < n; i++) {
    const roll = r.next();
    if (roll < 0.5) parts.push(r.pick(PIECES));
    else if (roll < 0.8) parts.push(` ${"abcdefghijklmnopqrstuvwxyz".slice(r.int(20)).slice(0, 1 + r.int(9))}`);
    else if (roll < 0.95) parts.push(String.fromCodePoint(r.int(0x3000))); // any code point, controls included
    else parts.push("w".repeat(r.int(3000))); // a long run with no break
  }
  return parts.join("");
}

function randomBytes(r: Rng, max = 4096): Buffer {
  const b = Buffer.alloc(r.int(max));
  for (let i = 0; i < b.length; i++) b[i] = r.int(256);
  return b;
}

const nonSpace = (s: string, from: number, to: number) => /\S/.test(s.slice(from, to));

/** Sentences in order, each its own slice of the text, together covering every non-space character. */
function checkSentences(text: string): void {
  const sentences = splitSentences(text);
  let prevEnd = 0;
  for (const s of sentences) {
    expect(s.start).toBeGreaterThanOrEqual(prevEnd);
    expect(s.end).toBeGreaterThan(s.start);
    expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(nonSpace(text, prevEnd, s.start), `uncovered text before ${s.start}: ${JSON.stringify(text.slice(prevEnd, s.start))}`).toBe(false);
    prevEnd = s.end;
  }
  expect(nonSpace(text, prevEnd, text.length), `uncovered tail: ${JSON.stringify(text.slice(prevEnd))}`).toBe(false);
}

async function checkChunks(article: Article, chunkSize = 800, chunkOverlap = 100): Promise<void> {
  const passages = await chunkArticle(article, { chunkSize, chunkOverlap });
  let prevEnd = 0;
  for (const p of passages) {
    expect(article.text.slice(p.start, p.end)).toBe(p.text);
    expect(p.end).toBeGreaterThan(prevEnd); // each passage moves forward
    expect(nonSpace(article.text, prevEnd, p.start), "text dropped between passages").toBe(false);
    expect(p.text.length).toBeLessThanOrEqual(chunkSize);
    prevEnd = p.end;
  }
  expect(nonSpace(article.text, prevEnd, article.text.length), "text dropped at the end").toBe(false);
}

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => void process.on("unhandledRejection", onUnhandled));
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

describe(`fuzz (seed ${SEED})`, () => {
  it("splitSentences: 1,000 random texts, sentences in order and covering the text", () => {
    const r = rng(SEED);
    for (let i = 0; i < 1000; i++) checkSentences(unicodeText(r));
  });

  it("chunkArticle: 300 random articles at three chunk sizes, offsets round-trip, nothing dropped", async () => {
    const r = rng(SEED + 1);
    for (let i = 0; i < 300; i++) {
      const text = unicodeText(r, 200).trim();
      if (!text) continue;
      const article: Article = { id: `f${i}`, title: "t", date: null, source: `f${i}.txt`, text, hash: "h" };
      const [size, overlap] = r.pick([[800, 100], [100, 0], [300, 299]] as const);
      await checkChunks(article, size, overlap);
    }
  });

  it("parseAnswer: 1,000 random model replies, no markers left in the text, citations whole numbers", () => {
    const r = rng(SEED + 2);
    let cited = 0;
    const markers = ["[1]", "[2][3]", "[1, 4]", "[2-4]", "[2–9999]", "[Source 3]", "[sources 1 and 2]", "[0]", "[999]", "[", "]", "[[1]]", "[x]", "[1,]"];
    for (let i = 0; i < 1000; i++) {
      const raw = Array.from({ length: r.int(30) }, () => (r.next() < 0.3 ? r.pick(markers) : unicodeText(r, 6))).join(r.pick(["", " ", "\n"]));
      const parsed = parseAnswer(raw);
      for (const s of parsed) {
        expect(s.text).toMatch(/[\p{L}\p{N}]/u);
        expect(s.text).not.toMatch(/\[(?:sources?\s*)?\d{1,3}(?:\s*(?:,|;|-|–|and)\s*(?:sources?\s*)?\d{1,3})*\]/i);
        expect(new Set(s.cited).size).toBe(s.cited.length);
        for (const n of s.cited) expect(Number.isInteger(n) && n >= 0 && n <= 1020).toBe(true);
        cited += s.cited.length;
      }
    }
    expect(cited).toBeGreaterThan(500); // the markers were really parsed, not all dropped
  });

  it("loadCorpus: 40 folders of random bytes and random Unicode in every format, then chunked", async () => {
    const r = rng(SEED + 3);
    const root = tempDir("briefing-fuzz-");
    const exts = Object.keys(FORMATS);
    try {
      let loaded = 0;
      let refused = 0;
      for (let round = 0; round < 40; round++) {
        const dir = path.join(root, `r${round}`);
        mkdirSync(dir);
        for (const [i, ext] of exts.entries()) {
          const text = unicodeText(r, 120);
          // Format-shaped random content too, so parsers get past their first check.
          const shaped: Record<string, string> = {
            ".json": JSON.stringify([{ title: unicodeText(r, 5), text }, { text: unicodeText(r, 20), date: unicodeText(r, 3) }]),
            ".jsonl": `${JSON.stringify({ text })}\n${unicodeText(r, 10)}\n${JSON.stringify({ id: 1, text: unicodeText(r, 10) })}`,
            ".csv": `title,text,date\n"${unicodeText(r, 5)}","${text.replace(/"/g, '""')}",${unicodeText(r, 2)}`,
            ".md": `---\ntitle: ${unicodeText(r, 4)}\n---\n${text}`,
            ".html": `<html><head><title>${unicodeText(r, 4)}</title></head><body><article><p>${text}</p></article></body></html>`,
          };
          writeFileSync(path.join(dir, `bytes-${i}${ext}`), randomBytes(r));
          writeFileSync(path.join(dir, `text-${i}${ext}`), shaped[ext] ?? text);
        }
        const result = await loadCorpus(dir);
        expect(result.files).toBe(exts.length * 2);
        loaded += result.articles.length;
        refused += result.problems.length;
        for (const p of result.problems) {
          expect(p.path.startsWith(dir)).toBe(true);
          expect(p.reason.length).toBeGreaterThan(0);
        }
        for (const a of result.articles) {
          expect(a.text.trim()).toBe(a.text);
          expect(a.text.length).toBeGreaterThan(0);
          expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(a.title).not.toMatch(/\n/);
          await checkChunks(a);
          checkSentences(a.text);
        }
      }
      // Both paths were exercised: many articles chunked, many files refused.
      expect(loaded).toBeGreaterThan(200);
      expect(refused).toBeGreaterThan(100);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

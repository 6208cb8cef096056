/**
 * Robustness catalogue, index faults: a damaged generation, a missing file, a manifest from the
 * future, a read-only index folder and a disk that fills during ingest. Each case ends with a
 * clear line and a way out, and the last good index keeps answering.
 */
// Timeouts here are hang guards, not timing checks: generous, as a loaded 2-core machine runs each CLI start several times slower.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPipeline } from "../../src/pipeline.js";
import { resolveSettings } from "../../src/config.js";
import { createEmbeddings } from "../../src/embedding/providers.js";
import { UserError } from "../../src/errors.js";
import { ingest } from "../../src/index/build.js";
import { FORMAT_VERSION } from "../../src/index/manifest.js";
import { copyOfSeedCorpus, tempDir } from "../support/fixtures.js";
import { cli, currentGen, expectClean, expectFailure, json, nobodyCannotRunCli, permissionsApply, QUESTION, readableByAll } from "../support/robust.js";

const NORWAY = "Norway pledged 12 patrol boats to the Baltic mission on Friday.";
let corpus: string;
/** Two generations: PREVIOUS holds the seed articles, CURRENT adds norway.txt. */
let twoGens: string;
/** One generation only (no PREVIOUS), for the seed articles. */
let oneGen: string;
const copy = (from: string) => {
  const dir = path.join(tempDir("briefing-fault-"), "index");
  cpSync(from, dir, { recursive: true });
  return dir;
};
const ask = (index: string, q = QUESTION, more: string[] = []) => cli(["ask", q, "--json", "--corpus", corpus, "--index", index, ...more]);
const pointer = (index: string, name: "CURRENT" | "PREVIOUS") => readFileSync(path.join(index, name), "utf8").trim();
const leftovers = (index: string) => readdirSync(index).filter((n) => n.endsWith(".partial") || n === "ingest.lock");

beforeAll(async () => {
  corpus = copyOfSeedCorpus();
  const embeddings = await createEmbeddings("use-lite");
  try {
    oneGen = path.join(tempDir("briefing-fault-"), "index");
    await ingest({ corpus, indexDir: oneGen, embeddings });
    twoGens = copy(oneGen);
    writeFileSync(path.join(corpus, "norway.txt"), NORWAY);
    await ingest({ corpus, indexDir: twoGens, embeddings });
  } finally {
    await embeddings.close?.();
  }
  expect(pointer(twoGens, "PREVIOUS")).toBe(pointer(oneGen, "CURRENT"));
}, 360_000);

/** Damage the current generation of a copy, ask, and check the answer and the repaired index. */
async function askDamaged(damage: (gen: string, index: string) => void, base = twoGens) {
  const index = copy(base);
  const before = { current: pointer(index, "CURRENT"), previous: pointer(index, "PREVIOUS") };
  damage(currentGen(index), index);
  const r = await ask(index, "How many patrol boats did Norway pledge?");
  expectClean(r);
  const b = json(r);
  expect(b.citations[0]?.quote).toBe(NORWAY);
  return { r, b, index, before };
}

describe("a damaged current generation, with a previous one to fall back on", () => {
  const cases: [string, (gen: string, index: string) => void, RegExp][] = [
    ["truncated hnswlib.index", (g) => writeFileSync(path.join(g, "hnswlib.index"), readFileSync(path.join(g, "hnswlib.index")).subarray(0, 1000)), /the index at \S+ is damaged \(hnswlib\.index is truncated\)/],
    // Same size, header changed: hnswlib itself loads this and then crashes the process on search.
    ["corrupted hnswlib.index (same size)", (g) => {
      const f = path.join(g, "hnswlib.index");
      const b = readFileSync(f);
      b.writeInt32LE(0x7fffffff, 48); // maxlevel
      writeFileSync(f, b);
    }, /the index at \S+ is damaged \(hnswlib\.index does not match its checksum\)/],
    ["missing passages.txt", (g) => rmSync(path.join(g, "passages.txt")), /the index at \S+ is damaged \(passages\.txt is missing\)/],
    ["CURRENT naming a generation that is gone", (_g, index) => writeFileSync(path.join(index, "CURRENT"), "gen-vanished"), /the index manifest in \S+gen-vanished is missing or unreadable/],
  ];
  for (const [i, [name, damage, reason]] of cases.entries()) {
    it(`${name}: a notice, the previous generation brought up to date, CURRENT repaired`, async () => {
      const { r, index, before } = await askDamaged(damage);
      expect(r.stderr).toMatch(new RegExp(`^${reason.source}; using the previous version of the index \\(updated [-0-9T:.Z]+\\)$`, "m"));
      expect(r.stderr).toContain(index);
      // Only norway.txt was embedded again; the next question needs no repair.
      expect(r.stderr).toMatch(/1\/1 articles chunked/);
      expect(pointer(index, "PREVIOUS")).toBe(before.previous);
      expect(pointer(index, "CURRENT")).not.toBe(before.current);
      expect(existsSync(path.join(index, before.current))).toBe(false);
      if (i > 0) return; // once is enough: the repaired index answers with no notice
      const again = await ask(index);
      expect(again.stderr).toBe("");
      expect(json(again).answer).toMatch(/aircraft carrier/);
    }, 270_000);
  }
});

describe("a damaged index with no previous generation", () => {
  it("ask rebuilds it from the corpus with a notice and answers", async () => {
    const { r } = await askDamaged((g) => writeFileSync(path.join(g, "hnswlib.index"), "garbage"), oneGen);
    expect(r.stderr).toMatch(/is damaged \(hnswlib\.index is truncated\); rebuilding it/);
  }, 270_000);

  it("opened as it is (the chat's path): a UserError naming the index and `briefing ingest --rebuild`", async () => {
    const index = copy(oneGen);
    rmSync(path.join(currentGen(index), "passages.txt"));
    const err = await openPipeline(resolveSettings({ corpus, index }), { refresh: false }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe(`the index at ${index} is damaged (passages.txt is missing)`);
    expect(err.hint).toMatch(/briefing ingest --rebuild/);
  }, 180_000);
});

describe("a manifest from a future format", () => {
  it("is refused with one line and a way out, left untouched; `ingest --rebuild` replaces it", async () => {
    const index = copy(oneGen);
    const file = path.join(currentGen(index), "manifest.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), formatVersion: FORMAT_VERSION + 1 }));
    const r = await ask(index);
    expectFailure(r, new RegExp(`the index at ${index} has format ${FORMAT_VERSION + 1}, newer than this briefing understands`), /upgrade briefing, or run `briefing ingest --rebuild`/);
    expect(JSON.parse(readFileSync(file, "utf8")).formatVersion).toBe(FORMAT_VERSION + 1);
    const rebuilt = await cli(["ingest", "--rebuild", "--json", "--corpus", corpus, "--index", index]);
    expect(json(rebuilt)).toMatchObject({ documents: 4, added: 4 });
    expect(json(await ask(index)).answer).toMatch(/aircraft carrier/);
  }, 270_000);
});

// As root, permissions stop no one: the CLI runs as `nobody`, who must be able to reach the checkout.
const nobodyWhy = permissionsApply ? null : nobodyCannotRunCli();
if (nobodyWhy) console.log(`skipped "a read-only index folder": ${nobodyWhy}`);
describe.skipIf(nobodyWhy)(`a read-only index folder${nobodyWhy ? ` (skipped: ${nobodyWhy})` : ""}`, () => {
  let upToDate: string;
  /** Built before norway.txt was added: the corpus has changed since. */
  let index: string;
  beforeAll(() => {
    upToDate = copy(twoGens);
    index = copy(oneGen);
    // As root, `nobody` runs the CLI and may read but not write; otherwise the folders are made read-only.
    readableByAll(upToDate, index, corpus);
    if (permissionsApply) execFileSync("chmod", ["-R", "a-w", upToDate, index]);
  });
  afterAll(() => {
    if (permissionsApply) execFileSync("chmod", ["-R", "u+w", upToDate, index]);
  });
  const asUser = { asNobody: !permissionsApply };

  it("ask on an up-to-date index answers as usual", async () => {
    const r = await cli(["ask", QUESTION, "--json", "--corpus", corpus, "--index", upToDate], asUser);
    expectClean(r);
    expect(r.stderr).toBe("");
    expect(json(r).answer).toMatch(/aircraft carrier/);
  }, 180_000);

  it("ask on a changed corpus answers from the index as it is, saying why", async () => {
    const r = await cli(["ask", QUESTION, "--json", "--corpus", corpus, "--index", index], asUser);
    expectClean(r);
    const notice = `cannot write to the index folder ${index} (it is read-only for you); answering from the index as it is`;
    expect(r.stderr).toContain(notice);
    expect(json(r).answer).toMatch(/aircraft carrier/);
    expect(json(r).notices).toContain(notice); // what stderr says, --json says too
  }, 180_000);

  it("ingest stops with one line naming the folder and the way out", async () => {
    const r = await cli(["ingest", "--corpus", corpus, "--index", index], asUser);
    expectFailure(r, new RegExp(`cannot write to the index folder ${index} \\(it is read-only for you\\)`), /make it writable, or pass --index <folder>/);
  }, 180_000);
});

describe("the disk fills during ingest (a file-size limit makes writes fail as ENOSPC would)", () => {
  let sizes: { hnsw: number; small: number; vectors: number };
  beforeAll(() => {
    // Ingesting `corpus` into a copy of oneGen adds norway.txt: files barely bigger than these.
    const g = currentGen(oneGen);
    const size = (f: string) => statSync(path.join(g, f)).size;
    // tsx's compile cache writes files of up to ~17 KB: the limit stays above that.
    sizes = { hnsw: size("hnswlib.index"), small: Math.max(size("passages.txt"), size("bm25.i32"), 20 * 1024), vectors: size("sentences.f32") };
    expect(sizes.small).toBeLessThan(sizes.hnsw);
    expect(sizes.hnsw * 1.5).toBeLessThan(sizes.vectors);
  });

  const check = async (limitKb: number, reason: RegExp, hint: RegExp) => {
    const index = copy(oneGen);
    const before = pointer(index, "CURRENT");
    const r = await cli(["ingest", "--corpus", corpus, "--index", index], { fileSizeLimitKb: limitKb });
    expectFailure(r, new RegExp(`could not write the index at ${index} \\(${reason.source}\\); the previous index is unchanged`), hint);
    expect(pointer(index, "CURRENT")).toBe(before);
    expect(leftovers(index)).toEqual([]);
    // Under the same limit a question is still answered, from the previous index.
    const a = await cli(["ask", QUESTION, "--json", "--corpus", corpus, "--index", index], { fileSizeLimitKb: limitKb });
    expectClean(a);
    expect(a.stderr).toMatch(/could not write the index .*; answering from the index as it is/);
    expect(json(a).answer).toMatch(/aircraft carrier/);
    const notice = a.stderr.split("\n").find((l) => l.includes("answering from the index as it is"));
    expect(json(a).notices).toContain(notice); // what stderr says, --json says too
    expect(pointer(index, "CURRENT")).toBe(before);
    // The failure is remembered: the next question answers at once, saying the index is behind, and does not redo the update.
    const b = await cli(["ask", QUESTION, "--json", "--corpus", corpus, "--index", index], { fileSizeLimitKb: limitKb });
    expectClean(b);
    expect(b.stderr).toMatch(/the index at \S+ is behind the corpus \(its last update failed: could not write the index/);
    expect(b.stderr).not.toMatch(/articles chunked|sentences embedded/);
    expect(json(b).notices.join("\n")).toMatch(/is behind the corpus .*run `briefing ingest` to bring it up to date/);
    expect(json(b).answer).toMatch(/aircraft carrier/);
    // With space again, the next ingest just works: no lock or partial generation is in the way.
    expect(json(await cli(["ingest", "--json", "--corpus", corpus, "--index", index]))).toMatchObject({ documents: 4, added: 1, removed: 0 });
  };

  it("a failing write (sentences.f32): one line, CURRENT kept, nothing left behind", async () => {
    await check(Math.ceil((sizes.hnsw * 1.3) / 1024), /a file grew past the size this system allows/, /raise the file-size limit \(`ulimit -f`\), or pass --index <folder>/);
  }, 360_000);

  it("hnswlib.index cut short (hnswlib ignores write errors): caught before it goes live", async () => {
    await check(Math.floor((sizes.small + sizes.hnsw) / 2 / 1024), /hnswlib\.index was cut short while writing, is the disk full\? .*/, /free some disk space and make sure \S+ is writable, or pass --index <folder>/);
  }, 360_000);
});

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { UserError } from "../src/errors.js";
import { ingest } from "../src/index/build.js";
import { FORMAT_VERSION } from "../src/index/manifest.js";
import { IndexOfOtherEmbedder } from "../src/index/errors.js";
import { IndexMismatch } from "../src/index/errors.js";
import { BriefingIndex } from "../src/index/store.js";
import { BBC, CLI, copyOfSeedCorpus, hasBbc, ROOT, tempDir } from "./support/fixtures.js";

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => embeddings?.close?.());

const current = (dir: string) => readFileSync(path.join(dir, "CURRENT"), "utf8");

describe("the index on disk", () => {
  it("round-trips through save and load: same passages, vectors and search results", async () => {
    const corpus = copyOfSeedCorpus();
    // Paragraphs far apart: the chunker drops the blank lines between passages.
    // Sentences longer than the 100-character overlap, so neighbouring passages do not overlap.
    const para = (i: number) => `Paragraph ${i} reports at length on the joint naval exercise held in the North Sea by the British and Norwegian fleets this spring. `.repeat(4).trim();
    writeFileSync(path.join(corpus, "gaps.txt"), [1, 2, 3, 4, 5, 6].map(para).join("\n\n\n\n"));
    const dir = path.join(tempDir(), "index");
    const built = (await ingest({ corpus, indexDir: dir, embeddings })).index;
    expect(built.passages.size).toBeGreaterThan(8);
    for (const f of ["manifest.json", "hnswlib.index", "args.json", "articles.json", "passages.i32", "spans.i32", "passages.txt", "bm25.i32", "bm25-articles.i32", "sentences.f32"]) {
      expect(existsSync(path.join(dir, current(dir), f)), f).toBe(true);
    }
    const loaded = await BriefingIndex.open(dir, embeddings);
    expect([...loaded.passages.keys()].sort()).toEqual([...built.passages.keys()].sort());
    for (const p of [...loaded.passages.values()].slice(0, 3)) {
      expect(Array.from(loaded.sentenceVector(p, 0))).toEqual(Array.from(built.sentenceVector(built.passages.get(p.label)!, 0)));
    }
    const q = await embeddings.embedQuery("aircraft carrier to the Red Sea");
    const a = built.rawGraphSearch(q, 3);
    const b = loaded.rawGraphSearch(q, 3);
    expect(b).toEqual(a);
    const top = loaded.passages.get(b[0])!;
    expect(top.text).toContain("aircraft carrier");
    expect(loaded.manifest).toMatchObject({ formatVersion: FORMAT_VERSION, embedder: { id: "use-lite", dimension: 512 } });
    expect(loaded.manifest.corpusFingerprint).toMatch(/^[0-9a-f]{64}$/);
    // Article text rebuilt from passages keeps offsets: each passage sits at its own offsets.
    for (const a of loaded.articles.values()) {
      const ps = loaded.passagesOf(a.id);
      const start = ps[0].start;
      const whole = loaded.articleText(a.id, start, ps.at(-1)!.end);
      expect(whole.length).toBe(ps.at(-1)!.end - start);
      for (const p of ps) expect(whole.slice(p.start - start, p.end - start)).toBe(p.text);
    }
  }, 180_000); // an ingest from scratch: over a minute on a heavily loaded machine

  it("re-ingests incrementally: adds, changes and deletes only what moved; unchanged is a no-op", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    const first = await ingest({ corpus, indexDir: dir, embeddings });
    expect(first.added).toBe(3);
    const gen = current(dir);

    const noop = await ingest({ corpus, indexDir: dir, embeddings });
    expect(noop.unchanged).toBe(true);
    expect(current(dir)).toBe(gen); // nothing written

    writeFileSync(path.join(corpus, "new.txt"), "Norway pledged twelve patrol boats to the Baltic mission.\n\nThe pledge was made in Oslo.");
    const added = await ingest({ corpus, indexDir: dir, embeddings });
    expect(added).toMatchObject({ added: 1, changed: 0, removed: 0, unchanged: false });
    expect(added.index.lexical.search("Norway patrol boats", 1)[0]).toBeDefined();

    writeFileSync(path.join(corpus, "new.txt"), "Norway pledged fourteen patrol boats to the Baltic mission.");
    const changed = await ingest({ corpus, indexDir: dir, embeddings });
    expect(changed).toMatchObject({ added: 0, changed: 1, removed: 0 });
    const texts = [...changed.index.passages.values()].map((p) => p.text).join("\n");
    expect(texts).toContain("fourteen");
    expect(texts).not.toContain("twelve");

    rmSync(path.join(corpus, "new.txt"));
    const removed = await ingest({ corpus, indexDir: dir, embeddings });
    expect(removed).toMatchObject({ added: 0, changed: 0, removed: 1, articles: 3 });
    expect(removed.index.lexical.search("Norway", 5)).toEqual([]);
    const q = await embeddings.embedQuery("Norway patrol boats Baltic");
    const reopened = await BriefingIndex.open(dir, embeddings);
    const hits = await reopened.denseSearch(q, 5);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((p) => p.text).join(" ")).not.toContain("Norway");
    expect(reopened.passages.size).toBe(first.passages);
  });

  it("embeds a repeated sentence once: a duplicate article costs no embedding, and both copies get its vectors", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    const alone = await ingest({ corpus, indexDir: path.join(tempDir(), "alone"), embeddings });
    const [file] = readdirSync(corpus).filter((f) => f.endsWith(".md"));
    cpSync(path.join(corpus, file), path.join(corpus, `copy of ${file}`));
    const both = await ingest({ corpus, indexDir: dir, embeddings });
    expect(both.articles).toBe(4);
    expect(both.embedded).toBe(alone.embedded); // the copy's sentences were all seen already
    const stored = both.index.manifest.sentenceCount ?? 0;
    expect(stored).toBeGreaterThan(both.embedded);
    // Each copy's passages carry the same vectors as the original's.
    const [a, b] = [file, `copy of ${file}`].map((f) => both.index.passagesOf(f)[0]);
    expect(Array.from(both.index.sentenceVector(b, 0))).toEqual(Array.from(both.index.sentenceVector(a, 0)));
  }, 180_000); // two ingests from scratch: over a minute on a heavily loaded machine

  it("refuses a second concurrent ingest with a clear message", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    mkdirSync(dir, { recursive: true });
    const holder = spawn("sleep", ["30"]);
    writeFileSync(path.join(dir, "ingest.lock"), String(holder.pid));
    try {
      await expect(ingest({ corpus, indexDir: dir, embeddings })).rejects.toThrow(/another ingest \(pid \d+: sleep 30\) is updating the index at /); // the holder named by pid and command
    } finally {
      holder.kill();
    }
    // A lock left by a dead process is taken over.
    writeFileSync(path.join(dir, "ingest.lock"), "999999");
    await expect(ingest({ corpus, indexDir: dir, embeddings })).resolves.toMatchObject({ articles: 3 });
  });

  it("detects an index made by another embedder and never mixes vectors", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir: dir, embeddings });
    const manifestPath = path.join(dir, current(dir), "manifest.json");
    const m = JSON.parse(readFileSync(manifestPath, "utf8"));
    writeFileSync(manifestPath, JSON.stringify({ ...m, embedder: { id: "ollama:nomic-embed-text", dimension: 768 } }));
    await expect(BriefingIndex.open(dir, embeddings)).rejects.toBeInstanceOf(IndexMismatch);
    await expect(BriefingIndex.open(dir, embeddings)).rejects.toThrow(/built with the embedder "ollama:nomic-embed-text", not "use-lite"/);
    // Refused, naming the folder and the way out, never re-embedded on its own (an explicit --index of another embedder's archive).
    const refused = ingest({ corpus, indexDir: dir, embeddings, queryOnly: true });
    await expect(refused).rejects.toBeInstanceOf(IndexOfOtherEmbedder);
    await expect(ingest({ corpus, indexDir: dir, embeddings })).rejects.toThrow(`the index at ${dir} was built with the embedder "ollama:nomic-embed-text", not "use-lite"`);
    expect(JSON.parse(readFileSync(manifestPath, "utf8")).embedder.id, "left as it was").toBe("ollama:nomic-embed-text");
    const err = (await ingest({ corpus, indexDir: dir, embeddings }).catch((e: unknown) => e)) as IndexOfOtherEmbedder;
    expect(err.hint).toBe("pass --embeddings ollama:nomic-embed-text to use it, or another --index for use-lite (`briefing ingest --rebuild` replaces it)");
    const r = await ingest({ corpus, indexDir: dir, embeddings, rebuild: true });
    expect(r.index.manifest.embedder.id).toBe("use-lite");
    expect(r.added).toBe(3);
  });

  it("refuses an index from a newer format with a way out", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir: dir, embeddings });
    const manifestPath = path.join(dir, current(dir), "manifest.json");
    const m = JSON.parse(readFileSync(manifestPath, "utf8"));
    writeFileSync(manifestPath, JSON.stringify({ ...m, formatVersion: 99 }));
    const err = await BriefingIndex.open(dir, embeddings).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/format 99, newer/);
    expect(err.hint).toMatch(/ingest --rebuild/);
  });
});

describe.skipIf(!hasBbc)("a killed ingest", () => {
  it("leaves the previous index intact and answering", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir: dir, embeddings });
    const before = current(dir);
    // Enough new articles that the ingest is still embedding when it is killed, even on an idle
    // machine (progress is first printed after 3 s of work), and more than `ask` embeds inline.
    for (const f of readdirSync(path.join(BBC, "business")).slice(0, 250)) cpSync(path.join(BBC, "business", f), path.join(corpus, "bbc", f), { recursive: true });
    const child = spawn(process.execPath, [...CLI, "ingest", "--corpus", corpus, "--index", dir], { cwd: ROOT, stdio: "pipe" });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/sentences embedded/.test(err)) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve();
        }
      }, 50);
    });
    await new Promise((r) => child.once("exit", r));
    // The lexical layer was committed before embedding began: a newer, complete generation
    // answers, with the semantic layer still filling in. PREVIOUS is the old one, or, when a
    // checkpoint was committed before the kill (an idle machine gets there first), the lexical commit.
    expect(current(dir)).not.toBe(before);
    const previous = readFileSync(path.join(dir, "PREVIOUS"), "utf8");
    expect(previous === before || previous.includes(`-${child.pid}-`), `PREVIOUS ${previous}`).toBe(true);
    const r = spawnSync(process.execPath, [...CLI, "ask", "Where will the UK send an aircraft carrier?", "--json", "--corpus", corpus, "--index", dir], { cwd: ROOT, encoding: "utf8", env: { ...process.env } });
    // The ask answers at once and leaves the embedding to `briefing ingest`, saying so.
    expect(r.status, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.answer).toMatch(/Red Sea/);
    expect(b.semantic).toBeLessThan(1);
    expect(b.notices.join("\n")).toMatch(/semantic index \d+% — answers improve as it completes/);
    expect(r.stderr).toMatch(/semantic index \d+% — answers improve as it completes/);
  }, 240_000);
});

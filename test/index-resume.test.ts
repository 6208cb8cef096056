/**
 * Resumable ingest: a real `briefing ingest` process killed with SIGKILL at several points (before
 * its lexical commit, after it, after embedding checkpoints), `ask` answering after each kill,
 * readers opening the index while an ingest commits checkpoints, and the resumed ingest embedding
 * only what was not committed. No timings: kills are triggered by what the index folder shows.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddings } from "../src/embedding/providers.js";
import type { BriefingEmbeddings } from "../src/embedding/types.js";
import { ingest } from "../src/index/build.js";
import type { Manifest } from "../src/index/manifest.js";
import { sentenceText } from "../src/index/passage.js";
import { BriefingIndex } from "../src/index/store.js";
import { BBC, CLI, copyOfSeedCorpus, hasBbc, ROOT, tempDir } from "./support/fixtures.js";

// Small checkpoints and one embedding thread, so a few hundred sentences make several checkpoints.
const env = { ...process.env, BRIEFING_CHECKPOINT_SENTENCES: "128", BRIEFING_WORKERS: "1", BRIEFING_CORPUS: undefined, BRIEFING_INDEX: undefined };
const QUESTION = "Where will the UK send an aircraft carrier?";

const currentGen = (dir: string) => (existsSync(path.join(dir, "CURRENT")) ? readFileSync(path.join(dir, "CURRENT"), "utf8").trim() : "");
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(path.join(dir, currentGen(dir), "manifest.json"), "utf8"));

function startIngest(corpus: string, dir: string, more: string[] = []): ChildProcess {
  return spawn(process.execPath, [...CLI, "ingest", "--corpus", corpus, "--index", dir, ...more], { cwd: ROOT, stdio: "pipe", env });
}

/** Waits until `ready()` holds (checked as the child writes or every 20 ms), then kills the child with SIGKILL. */
async function killWhen(child: ChildProcess, ready: () => boolean): Promise<void> {
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        child.kill("SIGKILL");
        resolve();
      }
    }, 20);
    child.once("exit", () => {
      clearInterval(timer);
      reject(new Error(`the ingest finished before the kill point: ${err}`));
    });
  });
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
}

function ask(corpus: string, dir: string) {
  const r = spawnSync(process.execPath, [...CLI, "ask", QUESTION, "--json", "--corpus", corpus, "--index", dir], { cwd: ROOT, encoding: "utf8", env });
  expect(r.status, r.stderr).toBe(0);
  return { b: JSON.parse(r.stdout), stderr: r.stderr };
}

let embeddings: BriefingEmbeddings;
beforeAll(async () => {
  embeddings = await createEmbeddings("use-lite");
});
afterAll(async () => {
  await embeddings.close?.();
});

describe.skipIf(!hasBbc)("kill -9 during an ingest, then again", () => {
  it("answers after every kill, keeps each committed checkpoint, and the next ingest resumes", async () => {
    const corpus = copyOfSeedCorpus();
    const dir = path.join(tempDir(), "index");
    await ingest({ corpus, indexDir: dir, embeddings });
    const first = currentGen(dir);
    for (const f of readdirSync(path.join(BBC, "business")).slice(0, 40)) cpSync(path.join(BBC, "business", f), path.join(corpus, "bbc", f));

    // 1. Killed before its lexical commit: the previous generation is current and answers.
    // The lock is taken once the corpus is read, before chunking: kill there.
    let child = startIngest(corpus, dir);
    await killWhen(child, () => existsSync(path.join(dir, "ingest.lock")));
    expect(currentGen(dir)).toBe(first);
    expect(ask(corpus, dir).b.answer).toMatch(/Red Sea/);

    // 2. Killed after the lexical commit, before any checkpoint: the new articles answer already.
    child = startIngest(corpus, dir);
    await killWhen(child, () => currentGen(dir) !== first);
    const lexical = manifestOf(dir);
    expect(lexical.articleCount).toBe(43);
    expect(lexical.embeddedCount).toBeLessThan(lexical.sentenceCount);
    const asked = ask(corpus, dir);
    expect(asked.b.answer).toMatch(/Red Sea/);
    expect(asked.b.semantic).toBeLessThan(1);
    expect(asked.stderr).toMatch(/semantic index \d+% — answers improve as it completes/);

    // 3. Killed after two more checkpoints: what they committed is kept.
    child = startIngest(corpus, dir);
    const before = manifestOf(dir).embeddedCount!;
    let seen = before;
    let checkpoints = 0;
    await killWhen(child, () => {
      const now = currentGen(dir) ? manifestOf(dir).embeddedCount! : seen;
      if (now > seen) checkpoints++, (seen = now);
      return checkpoints >= 2;
    });
    const kept = manifestOf(dir);
    expect(kept.embeddedCount).toBeGreaterThanOrEqual(seen);
    expect(kept.embeddedCount).toBeGreaterThan(before);
    expect(readdirSync(dir).filter((n) => n.endsWith(".partial")).length).toBeLessThanOrEqual(1);
    expect(ask(corpus, dir).b.answer).toMatch(/Red Sea/);

    // 4. The resumed ingest embeds only what no checkpoint committed; readers open every generation it writes.
    child = startIngest(corpus, dir, ["--json"]);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.resume();
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    let opened = 0;
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      // A reader during the ingest always gets a complete, consistent generation.
      const index = await BriefingIndex.open(dir, embeddings);
      expect(index.denseCount).toBe(index.manifest.denseCount);
      expect(index.semantic.embedded).toBe(index.manifest.embeddedCount);
      opened++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await exited, out).toBe(0);
    expect(opened).toBeGreaterThan(0);
    const done = manifestOf(dir);
    expect(done.embeddedCount).toBe(done.sentenceCount);
    expect(done.denseCount).toBe(done.passageCount);
    const report = JSON.parse(out.trim().split("\n").pop()!);
    expect(report.sentencesEmbedded).toBeGreaterThan(0);
    expect(report.sentencesEmbedded).toBeLessThanOrEqual(kept.sentenceCount - kept.embeddedCount!);

    // The resumed vectors are the model's: a sample of sentences re-embedded here match what is stored.
    const index = await BriefingIndex.open(dir, embeddings);
    const passages = [...index.passages.values()].filter((_, i) => i % 97 === 0);
    const texts = passages.map((p) => sentenceText(p, 0));
    const fresh = await embeddings.embedDocuments(texts);
    passages.forEach((p, i) => {
      const stored = index.sentenceVector(p, 0);
      const cos = fresh[i].reduce((s, x, j) => s + x * stored[j], 0);
      expect(cos).toBeGreaterThan(0.999);
    });
    const final = ask(corpus, dir);
    expect(final.b.semantic).toBeUndefined();
    expect(final.stderr).not.toMatch(/semantic index/);
  }, 600_000);
});

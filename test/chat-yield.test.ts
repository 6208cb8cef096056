/**
 * A chat filling in the semantic layer in the background and an explicit `briefing ingest` started
 * in another terminal (issue 13, part 3): the ingest asks for the lock and gets it, the chat commits
 * what it has and lets go, the ingest carries on from the chat's last checkpoint (nothing embedded
 * twice), and the chat follows the ingest's generations to the complete layer with no error shown.
 * Both are real CLI processes; every wait is on what the index folder or the output shows.
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { askToYield, yieldAsked } from "../src/index/yield.js";
import { CLI, hasBbc, ROOT, tempDir } from "./support/fixtures.js";
import { currentManifest, lexicalOnlyFixture, lockHolder, until } from "./support/lexical-only.js";
import { expectClean, startCli } from "./support/robust.js";

const env = { BRIEFING_CHECKPOINT_SENTENCES: "256" };

describe.skipIf(!hasBbc)("briefing ingest while a chat embeds in the background", () => {
  it("gets the lock; the chat picks up its generation", async () => {
    // Enough sentences (about 2,500: ten seconds of both cores when idle) that the chat is still embedding when the ingest starts.
    const { corpus, index } = await lexicalOnlyFixture(150);
    const total = currentManifest(index)!.manifest.sentenceCount;
    const chat = startCli(["chat", "--corpus", corpus, "--index", index], { keepStdinOpen: true, env, timeoutMs: 900_000 });
    const pid = chat.child.pid!;
    let out = "";
    let err = "";
    chat.child.stdout!.on("data", (d) => (out += d));
    chat.child.stderr!.on("data", (d) => (err += d));
    let ingestPid = 0;
    const byChat = (g: string) => g.split("-")[2] === String(pid); // gen-<time>-<pid>-<n>
    try {
      // The chat holds the lock and has committed a checkpoint of its own.
      await until(() => {
        const c = currentManifest(index);
        return lockHolder(index) === pid && !!c && byChat(c.generation) && c.manifest.embeddedCount! > 0;
      });
      expect(err).toMatch(/^semantic index 0% — answers improve as it completes$/m);
      // The lock says who holds it and why, so a waiting `briefing ingest` names "a chat embedding in the background".
      expect(JSON.parse(readFileSync(path.join(index, "ingest.lock"), "utf8"))).toMatchObject({ pid, role: "background", command: expect.stringMatching(/^briefing chat /) });

      const ingest = spawn(process.execPath, [...CLI, "ingest", "--json", "--corpus", corpus, "--index", index], {
        cwd: ROOT,
        env: { ...process.env, ...env, BRIEFING_CORPUS: undefined, BRIEFING_INDEX: undefined },
        stdio: "pipe",
      });
      ingestPid = ingest.pid!;
      let report = "";
      let ingestErr = "";
      ingest.stdout!.on("data", (d) => (report += d));
      ingest.stderr!.on("data", (d) => (ingestErr += d));
      const exited = new Promise<number | null>((r) => ingest.once("exit", (code) => r(code)));
      // The most the chat committed: the ingest starts from there.
      let chatCommitted = 0;
      let ingestHeld = false;
      let running = true;
      void exited.then(() => (running = false));
      while (running) {
        const c = currentManifest(index);
        if (c && byChat(c.generation)) chatCommitted = Math.max(chatCommitted, c.manifest.embeddedCount!);
        if (lockHolder(index) === ingest.pid) ingestHeld = true;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await exited, ingestErr).toBe(0);
      expect(ingestHeld).toBe(true);
      expect(chatCommitted).toBeGreaterThan(0);
      expect(chatCommitted, "the chat yielded before completing the layer").toBeLessThan(total);
      const done = currentManifest(index)!;
      expect(done.generation.split("-")[2]).toBe(String(ingest.pid));
      expect(done.manifest.embeddedCount).toBe(total);
      const embedded = JSON.parse(report.trim().split("\n").pop()!).sentencesEmbedded as number;
      expect(embedded).toBeGreaterThan(0);
      expect(embedded, "nothing the chat committed is embedded again").toBeLessThanOrEqual(total - chatCommitted);

      // The chat follows the ingest's generations (its header line, on stderr when piped) to the end.
      await until(() => /^semantic index complete$/m.test(err));
      chat.child.stdin!.write("Where will the UK send an aircraft carrier?\n");
      await until(() => /^Sources:/m.test(out) && out.endsWith("\n\n"));
      expect(out).toMatch(/Red Sea[^]*\[1\]/);
      expect(out).not.toMatch(/index updated by another process/);
    } finally {
      chat.child.stdin!.end("/quit\n");
    }
    const r = await chat.done;
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/briefing:|stopped|cannot|error/i);
    // The chat wrote nothing after the ingest, and let the lock go.
    expect(currentManifest(index)!.generation.split("-")[2]).toBe(String(ingestPid));
    expect(lockHolder(index)).toBeNull();
  }, 900_000);
});

describe("asking a background embedding to yield (index/yield.ts)", () => {
  it("counts a live process's request, not its own, and removes one whose process has ended", async () => {
    const dir = tempDir();
    const ended = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(path.join(dir, `ingest.wanted.${ended}`), "");
    expect(yieldAsked(dir)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    const withdraw = askToYield(dir);
    expect(readdirSync(dir)).toEqual([`ingest.wanted.${process.pid}`]);
    expect(yieldAsked(dir)).toBe(false); // this process does not ask itself
    withdraw();
    expect(readdirSync(dir)).toEqual([]);
    const waiting = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(path.join(dir, `ingest.wanted.${waiting.pid}`), "");
      expect(yieldAsked(dir)).toBe(true);
    } finally {
      waiting.kill();
    }
  });
});

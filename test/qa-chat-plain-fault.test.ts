/**
 * The piped chat ended the session on any fault that was not a UserError (QA, 2026-12-01), where the
 * Ink chat says "Could not answer: …" and carries on. Real trigger: the index's sentence-vector table
 * is cut short on disk mid-session (the chat reads rows on demand through a descriptor opened with the
 * generation), then put back. Real CLI process, real index.
 */
import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { currentGen, expectClean, seedFixture, startCli } from "./support/robust.js";

/** Resolves once `read()` matches `pattern` (the child's output so far), failing when the child has ended or after `ms`. */
async function until(read: () => string, pattern: RegExp, ended: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(read())) {
    if (ended() || Date.now() > end) throw new Error(`${ended() ? "the chat ended" : "timed out"} waiting for ${pattern}; output so far:\n${read()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the piped chat meets a fault that is not the user's", () => {
  it("reports it in one line, no stack, and answers the next question", async () => {
    const seed = await seedFixture();
    const index = seed.copyIndex();
    const table = path.join(currentGen(index), "sentences.f32");
    const bytes = readFileSync(table);
    const { child, done } = startCli(["chat", "--corpus", seed.corpus, "--index", index], { keepStdinOpen: true });
    let stdout = "";
    let exited = false;
    child.stdout!.on("data", (d) => (stdout += d));
    child.on("exit", () => (exited = true));
    const ended = () => exited;
    child.stdin!.write("/corpus\n");
    await until(() => stdout, /Corpus .*3 articles/, ended);

    truncateSync(table, 0); // same file, so the open descriptor sees it cut short
    const question = "What did Blinken and Lammy discuss in London?";
    child.stdin!.write(`${question}\n`);
    // One line naming the damaged table (IndexDamaged since qa8: the index folder and the rebuild hint).
    await until(() => stdout, /^! .*damaged.*sentences\.f32/m, ended);

    writeFileSync(table, bytes); // put back in place (same inode)
    child.stdin!.write(`${question}\n`);
    await until(() => stdout, /Sources:/, ended);
    child.stdin!.end("/quit\n");
    const r = await done;
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    const problems = stdout.split("\n").filter((l) => l.startsWith("! "));
    expect(problems, stdout).toHaveLength(1);
    expect(stdout).toMatch(/Sources:\n\[\d[^\n]*Blinken/);
  }, 300_000);
});

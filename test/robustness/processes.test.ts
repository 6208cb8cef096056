/**
 * Robustness catalogue, processes: Ctrl+C (SIGINT) and SIGTERM during an ingest and during an
 * answer, a reader that closes the pipe early, and several processes on one index at once.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiFake, type FakeServer } from "../support/fake-llm-servers.js";
import { CLI, ROOT, tempDir } from "../support/fixtures.js";
import { cli, currentGen, expectClean, json, QUESTION, seedFixture, startCli, type Run } from "../support/robust.js";

let corpus: string;
let copyIndex: () => string;
const leftovers = (index: string) => readdirSync(index).filter((n) => n.endsWith(".partial") || n === "ingest.lock");
const until = async (what: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !what(); ) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
};
const TOPICS = ["harbour", "railway", "hospital", "airport", "school", "bridge", "factory", "stadium", "library", "museum"];

/** Articles enough that embedding them takes several seconds (about 1,000 sentences). */
function addMany(dir: string, n: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = TOPICS[i % TOPICS.length]!;
    const text = Array.from({ length: 10 }, (_, j) => `Officials in town ${i} said the ${t} project reached stage ${j} on schedule, with ${i * 10 + j} workers on site.`).join(" ");
    const name = `extra-${i}.txt`;
    writeFileSync(path.join(dir, name), text);
    names.push(name);
  }
  return names;
}

beforeAll(async () => {
  ({ corpus, copyIndex } = await seedFixture());
}, 120_000);

describe("a signal during ingest", () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal}: exits ${code} with one line, keeps the index, leaves no lock or partial generation`, async () => {
      const index = copyIndex();
      const before = currentGen(index);
      const added = addMany(corpus, 100);
      let r: Run;
      try {
        const run = startCli(["ingest", "--corpus", corpus, "--index", index], { env: { BRIEFING_WORKERS: "1" } });
        let err = "";
        run.child.stderr!.on("data", (d) => (err += d));
        await until(() => /articles chunked/.test(err), 60_000); // chunked: embedding has begun
        await new Promise((ok) => setTimeout(ok, 300));
        run.child.kill(signal);
        r = await run.done;
      } finally {
        for (const f of added) rmSync(path.join(corpus, f));
      }
      expectClean(r);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr.trimEnd().split("\n").slice(-2)).toEqual([
        `briefing: interrupted; the index at ${index} is intact`,
        "  hint: run `briefing ingest` again to finish updating it",
      ]);
      // Lexical first: the chunked articles may have been committed as a generation before the signal
      // (embedding follows it); either way CURRENT names a complete generation, never a partial one.
      expect(currentGen(index) === before || existsSync(path.join(currentGen(index), "manifest.json"))).toBe(true);
      expect(leftovers(index)).toEqual([]);
      // It stopped before the work it interrupted was done: the new articles are not committed yet,
      // or their lexical generation still has sentences waiting for vectors (not timed).
      const manifest = JSON.parse(readFileSync(path.join(currentGen(index), "manifest.json"), "utf8"));
      if (currentGen(index) !== before) expect(manifest.embeddedCount).toBeLessThan(manifest.sentenceCount);
      // The previous index answers, and the next ingest is not blocked.
      expect(json(await cli(["ask", QUESTION, "--json", "--corpus", corpus, "--index", index])).answer).toMatch(/aircraft carrier/);
      writeFileSync(path.join(corpus, "late.txt"), "A late article about the harbour.");
      try {
        expect(json(await cli(["ingest", "--json", "--corpus", corpus, "--index", index]))).toMatchObject({ added: 1 });
      } finally {
        rmSync(path.join(corpus, "late.txt"));
      }
    }, 180_000);
  }
});

const hasScript = spawnSync("script", ["--version"]).status === 0;

describe.skipIf(!hasScript)("Ctrl+C typed on a terminal during ingest (a real pty, through `script`)", () => {
  it("clears the progress bar, prints the one line and its hint, and leaves the index unlocked", async () => {
    const index = copyIndex();
    const added = addMany(corpus, 100);
    const command = [process.execPath, ...CLI, "ingest", "--corpus", corpus, "--index", index].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", BRIEFING_WORKERS: "1" }, stdio: "pipe" });
    let screen = "";
    let typed = false;
    child.stdout.on("data", (d) => {
      screen += d;
      if (!typed && /articles chunked/.test(screen)) {
        typed = true;
        setTimeout(() => child.stdin.write("\x03"), 300); // the terminal turns ^C into SIGINT
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    const code = await new Promise<number | null>((ok) => child.on("close", ok));
    clearTimeout(timer);
    for (const f of added) rmSync(path.join(corpus, f));
    expect(code, screen.slice(-500)).toBe(130);
    // Progress already queued when ^C arrives may still be drawn (a busy event loop runs the
    // signal handler late); what matters is that the bar is cleared and the last words are these.
    const after = screen.slice(screen.lastIndexOf("^C") + 2);
    expect(after.endsWith(`\r\u001b[2Kbriefing: interrupted; the index at ${index} is intact\r\n  hint: run \`briefing ingest\` again to finish updating it\r\n`), after).toBe(true);
    expect(leftovers(index)).toEqual([]);
  }, 180_000);
  if (!hasScript) console.log("note: `script` (util-linux) is not installed; the terminal Ctrl+C case is skipped");
});

describe("a signal while an answer is being written (LLM mode, the model never replies)", () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startOpenAiFake(() => ({ kind: "hang" }));
  });
  afterAll(() => server?.close());

  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal}: exits ${code} with one line, nothing half-printed, before the answer it interrupts`, async () => {
      const index = copyIndex();
      const asked = server.received.length;
      // The model never replies and the idle timeout is an hour: the answer cannot complete or
      // fall back, so the process ending at all is the signal's doing (untimed; a hang fails the test).
      const run = startCli(["ask", QUESTION, "--llm", "openai:fake-model", "--llm-timeout", "3600000", "--corpus", corpus, "--index", index], {
        env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "test-key" },
      });
      await until(() => server.received.length > asked, 60_000);
      run.child.kill(signal);
      const r = await run.done;
      // The request was still open when the process went: it hung up, the model never answered.
      expect(await server.closed[asked]).toBe(true);
      expectClean(r);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(`briefing: interrupted; the index at ${index} is intact`);
      expect(leftovers(index)).toEqual([]);
    }, 90_000);
  }
});

describe("a reader that closes the pipe early (`briefing ask --json … | head -1`)", () => {
  it("ends quietly with exit 0: no error, no stack trace", async () => {
    const index = copyIndex();
    const run = startCli(["ask", "--json", "--corpus", corpus, "--index", index], { stdin: `${QUESTION}\n${QUESTION}\n${QUESTION}\n` });
    run.child.stdout!.once("data", () => run.child.stdout!.destroy());
    const r = await run.done;
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
  }, 60_000);
});

describe("several processes on one index at once", () => {
  it("`ingest` waits its turn while another process holds the lock, then runs", async () => {
    const index = copyIndex();
    const holder = spawn("sleep", ["60"]);
    writeFileSync(path.join(index, "ingest.lock"), String(holder.pid));
    writeFileSync(path.join(corpus, "late.txt"), "A late article about the harbour at Dover.");
    try {
      const run = startCli(["ingest", "--corpus", corpus, "--index", index]);
      let err = "";
      run.child.stderr!.on("data", (d) => (err += d));
      await until(() => /waiting for another ingest/.test(err), 60_000);
      // An old-format lock (a bare PID) names no command: the holder's own command line stands in.
      expect(err).toContain(`waiting for another ingest (pid ${holder.pid}: sleep 60) to finish updating ${index} (for up to 10 min)`);
      await new Promise((ok) => setTimeout(ok, 1000));
      expect(run.child.exitCode).toBeNull(); // still waiting, not failed
      holder.kill(); // its lock is now stale: taken over
      const r = await run.done;
      expectClean(r);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Indexed 4 documents .*\(1 added, 0 changed, 0 removed\)/);
    } finally {
      holder.kill();
      rmSync(path.join(corpus, "late.txt"));
    }
  }, 90_000);

  it("two readers (ask --json, plain chat) and an ingest of a changed corpus all succeed", async () => {
    const index = copyIndex();
    const mine = path.join(tempDir("briefing-busy-"), "corpus");
    cpSync(corpus, mine, { recursive: true });
    // Same articles at another path, plus 20 more: everything must be embedded, which takes a while.
    addMany(mine, 20);
    const args = ["--corpus", mine, "--index", index];
    const [ask, chat, ingest] = await Promise.all([
      cli(["ask", QUESTION, "--json", ...args]),
      cli(["chat", ...args], { stdin: `${QUESTION}\n/quit\n` }),
      cli(["ingest", "--json", ...args]),
    ]);
    for (const r of [ask, chat, ingest]) {
      expectClean(r);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(json(ask).answer).toMatch(/aircraft carrier/);
    expect(chat.stdout).toMatch(/aircraft carrier/);
    expect(json(ingest).documents).toBe(23);
    // Whoever updated the index, it ends complete and current, with nothing left behind.
    expect(leftovers(index)).toEqual([]);
    const after = json(await cli(["ingest", "--json", ...args]));
    expect(after).toMatchObject({ documents: 23, unchanged: true });
    expect(existsSync(path.join(currentGen(index), "manifest.json"))).toBe(true);
  }, 240_000);
});

/**
 * Robustness catalogue, ingest locks (issue 10): a lock names its owner (PID, process start time,
 * host, boot), so one left by a crash, a reboot or a recycled PID is taken over; a live holder is
 * waited for up to a limit, then named in one line; a lock is never left empty.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireIngestLock, IndexLocked, processStart, waitForIngestLock } from "../../src/index/lock.js";
import { ROOT } from "../support/fixtures.js";
import { cli, expectClean, expectFailure, json, seedFixture, startCli } from "../support/robust.js";

let corpus: string;
let copyIndex: () => string;
const children: ChildProcess[] = [];
const lockOf = (index: string) => path.join(index, "ingest.lock");
const leftovers = (index: string) => readdirSync(index).filter((n) => n.startsWith("ingest.lock") || n.endsWith(".partial"));
const bootId = () => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
const linux = existsSync("/proc/self/stat") && existsSync("/proc/sys/kernel/random/boot_id");

/** An unrelated live process: `sleep`, as a recycled PID would be. */
function sleeper(): ChildProcess {
  const child = spawn("sleep", ["120"]);
  children.push(child);
  return child;
}

/** Ingests the corpus plus one new article into `index`; the lock must not stop it. */
async function ingestsDespite(index: string, extra: Record<string, string> = {}) {
  const name = `late-${Math.random().toString(36).slice(2)}.txt`;
  writeFileSync(path.join(corpus, name), "A late article about the ferry port at Roscoff.");
  try {
    const r = await cli(["ingest", "--json", "--corpus", corpus, "--index", index], { env: { BRIEFING_LOCK_WAIT: "20", ...extra } });
    expectClean(r);
    expect(json(r)).toMatchObject({ documents: 4, added: 1 });
    expect(leftovers(index)).toEqual([]);
  } finally {
    rmSync(path.join(corpus, name));
  }
}

beforeAll(async () => {
  ({ corpus, copyIndex } = await seedFixture());
}, 120_000);
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
});

describe("a lock whose owner is gone is taken over", () => {
  it.skipIf(!linux)("a PID that now belongs to an unrelated live process (start time differs) does not block ingest", async () => {
    const index = copyIndex();
    const other = sleeper();
    const start = processStart(other.pid!);
    expect(start, "the sleeper's start time").toMatch(/^\d+$/);
    writeFileSync(lockOf(index), JSON.stringify({ pid: other.pid, host: os.hostname(), boot: bootId(), start: String(Number(start) - 1000), command: "briefing ingest", since: new Date().toISOString() }));
    expect(other.exitCode).toBeNull(); // alive all along
    await ingestsDespite(index);
  }, 90_000);

  it.skipIf(!linux)("a lock taken before the machine last started (another boot id) does not block ingest", async () => {
    const index = copyIndex();
    const other = sleeper();
    writeFileSync(lockOf(index), JSON.stringify({ pid: other.pid, host: os.hostname(), boot: "00000000-0000-0000-0000-000000000000", start: processStart(other.pid!), since: new Date().toISOString() }));
    await ingestsDespite(index);
  }, 90_000);

  it("an empty or garbled lock older than a few seconds (a crash mid-write) does not block ingest", async () => {
    for (const content of ["", "{\"pid\": 12"]) {
      const index = copyIndex();
      writeFileSync(lockOf(index), content);
      const old = new Date(Date.now() - 60_000);
      utimesSync(lockOf(index), old, old);
      await ingestsDespite(index);
    }
  }, 120_000);

  it("an old-format lock (a bare PID) whose process has ended does not block ingest", async () => {
    const index = copyIndex();
    const gone = spawn("true");
    await new Promise((ok) => gone.on("exit", ok));
    writeFileSync(lockOf(index), String(gone.pid));
    await ingestsDespite(index);
  }, 90_000);

  it("in process: the lock names its owner (pid, start time, host) and goes on release", () => {
    const index = copyIndex();
    const release = acquireIngestLock(index);
    const owner = JSON.parse(readFileSync(lockOf(index), "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, host: os.hostname() });
    if (linux) expect(owner.start).toBe(processStart(process.pid));
    release();
    expect(existsSync(lockOf(index))).toBe(false);
  });
});

describe("a live holder", () => {
  it("makes a second ingest wait, then give up after the limit with one line naming the holder", async () => {
    const index = copyIndex();
    const holder = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/support/hold-lock.ts"), index], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    children.push(holder);
    await new Promise<void>((ok, fail) => {
      holder.stdout!.on("data", (d) => String(d).includes("held") && ok());
      holder.on("exit", (code) => fail(new Error(`the holder exited (${code})`)));
    });
    writeFileSync(path.join(corpus, "waiting.txt"), "A waiting article about the lighthouse at Ushant.");
    try {
      const run = startCli(["ingest", "--corpus", corpus, "--index", index, "--lock-wait", "3"]);
      let err = "";
      run.child.stderr!.on("data", (d) => (err += d));
      const r = await run.done;
      const holderLine = new RegExp(`pid ${holder.pid}: hold-lock\\.ts ${index}, since \\d\\d:\\d\\d:\\d\\d UTC`);
      expect(err).toMatch(new RegExp(`^waiting for another ingest \\(${holderLine.source}\\) to finish updating ${index} \\(for up to 3 s\\)$`, "m"));
      expectFailure(r, new RegExp(`^briefing: gave up after [34] s waiting for another ingest \\(${holderLine.source}\\) to finish updating the index at ${index}$`), new RegExp(`stop it \\(kill ${holder.pid}\\), or wait longer with --lock-wait`));
      // The holder's lock is untouched; once it lets go, the same ingest goes through.
      expect(JSON.parse(readFileSync(lockOf(index), "utf8")).pid).toBe(holder.pid);
      holder.kill("SIGTERM");
      await new Promise((ok) => holder.on("exit", ok));
      expect(existsSync(lockOf(index))).toBe(false);
      expect(json(await cli(["ingest", "--json", "--corpus", corpus, "--index", index]))).toMatchObject({ documents: 4, added: 1 });
    } finally {
      rmSync(path.join(corpus, "waiting.txt"));
    }
  }, 120_000);

  it("in process: a lock held by a live process is reported with its owner", () => {
    const index = copyIndex();
    const other = sleeper();
    writeFileSync(lockOf(index), JSON.stringify({ pid: other.pid, host: os.hostname(), boot: linux ? bootId() : undefined, start: processStart(other.pid!), command: "briefing ingest --corpus bbc", since: "2026-01-02T03:04:05.000Z" }));
    const err = (() => {
      try {
        acquireIngestLock(index);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(IndexLocked);
    expect((err as Error).message).toBe(`another ingest (pid ${other.pid}: briefing ingest --corpus bbc, since 03:04:05 UTC) is updating the index at ${index}`);
  });

  it("names the holder by what it does: a chat, a chat embedding in the background, an ask", async () => {
    const index = copyIndex();
    const other = sleeper();
    const owner = { pid: other.pid, host: os.hostname(), boot: linux ? bootId() : undefined, start: processStart(other.pid!), since: "2026-01-02T03:04:05.000Z" };
    const refused = (content: object) => {
      writeFileSync(lockOf(index), JSON.stringify({ ...owner, ...content }));
      try {
        acquireIngestLock(index);
      } catch (e) {
        return (e as Error).message;
      }
      return "taken";
    };
    expect(refused({ command: "briefing chat --corpus bbc" })).toMatch(/^a chat \(pid \d+: briefing chat --corpus bbc, since 03:04:05 UTC\) is updating/);
    expect(refused({ command: "briefing ask --json what happened" })).toMatch(/^a `briefing ask` \(pid/);
    expect(refused({ command: "briefing --corpus bbc ingest" })).toMatch(/^another ingest \(pid/);
    expect(refused({ command: "briefing chat", role: "background" })).toMatch(/^a chat embedding in the background \(pid \d+: briefing chat,/);
    // `briefing ingest` waiting for a chat embedding in the background says so, and asks it to hand over.
    const lines: string[] = [];
    await expect(waitForIngestLock(index, { limitMs: 300, onWait: (l) => lines.push(l) })).rejects.toThrow(
      new RegExp(`^gave up after \\d+ s waiting for a chat embedding in the background \\(pid ${other.pid}: briefing chat, since 03:04:05 UTC\\) to finish updating the index at`),
    );
    expect(lines).toEqual([`waiting for a chat embedding in the background (pid ${other.pid}: briefing chat, since 03:04:05 UTC) to hand over ${index} (for up to 0 s)`]);
    // The request to hand over is withdrawn when the waiting ends.
    expect(readdirSync(index).filter((n) => n.startsWith("ingest.wanted."))).toEqual([]);
  });

  it("a lock taken for background embedding records its role", () => {
    const index = copyIndex();
    const release = acquireIngestLock(index, "background");
    try {
      expect(JSON.parse(readFileSync(lockOf(index), "utf8"))).toMatchObject({ pid: process.pid, role: "background" });
    } finally {
      release();
    }
    expect(existsSync(lockOf(index))).toBe(false);
  });
});

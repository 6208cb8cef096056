import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { coreOrder, ownThreadId, parseCpuList, threadCpus } from "../src/embedding/affinity.js";
import { PooledEmbeddings } from "../src/embedding/pool.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";

const texts = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} about the ${i % 2 ? "markets" : "election"} and what followed.`);

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const canPin = process.platform === "linux" && availableParallelism() >= 2 && (threadCpus()?.length ?? 0) >= 2 && hasTaskset();

/** Threads of this process that may run on exactly one CPU: tid → that CPU. */
function singleCpuThreads(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task").map(Number)) {
    const cpus = threadCpus(tid);
    if (cpus?.length === 1) out.set(tid, cpus[0]!);
  }
  return out;
}

describe("CPU lists and core order (embedding/affinity.ts)", () => {
  it("reads the kernel's list format", () => {
    expect(parseCpuList("0-3,6,8-9\n")).toEqual([0, 1, 2, 3, 6, 8, 9]);
    expect(parseCpuList("1")).toEqual([1]);
    expect(parseCpuList("")).toEqual([]);
    expect(parseCpuList("ff")).toEqual([]);
  });

  it("gives workers one logical CPU per physical core before any hyper-thread", () => {
    // CPUs 0 and 1 are the two threads of core 0, 2 and 3 of core 1 (how some machines number them).
    const core = (cpu: number) => `0/${cpu >> 1}`;
    expect(coreOrder([0, 1, 2, 3], core)).toEqual([0, 2, 1, 3]);
    // Unknown topology: every CPU its own core, in order.
    expect(coreOrder([3, 1, 2], () => null)).toEqual([3, 1, 2]);
  });

  it.runIf(process.platform === "linux")("knows this thread's id and CPUs", () => {
    expect(ownThreadId()).toBe(process.pid); // the main thread's kernel id is the process id
    expect(threadCpus()?.length).toBeGreaterThan(0);
  });
});

describe("PooledEmbeddings pinned to cores", () => {
  it.runIf(canPin)("puts each worker on a CPU of its own, with the same vectors as unpinned", async () => {
    const notices: string[] = [];
    const pool = new PooledEmbeddings({ workers: 2, batchSize: 3, pin: "on", onNotice: (l) => notices.push(l) });
    try {
      await pool.warm();
      const cpus = pool.pinnedCpus;
      expect(cpus).toHaveLength(2);
      expect(new Set(cpus).size).toBe(2);
      for (const cpu of cpus) expect(threadCpus()).toContain(cpu);
      // The kernel agrees: two threads of this process now run on those CPUs only.
      expect([...singleCpuThreads().values()].sort()).toEqual([...cpus].sort());
      const pooled = await pool.embedRows(texts);
      const single = await new UseLiteEmbeddings().embedRows(texts);
      pooled.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(single[i]!)));
      const stats = pool.stats();
      if (!Number.isNaN(stats.migrations)) expect(stats.migrations).toBe(0);
      expect(notices).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it.runIf(process.platform === "linux")("without the affinity command: one line when asked for explicitly, silence on auto; embedding goes on", async () => {
    for (const pin of ["on", "auto"] as const) {
      const notices: string[] = [];
      const pool = new PooledEmbeddings({ workers: 1, pin, affinityCommand: "/nonexistent/taskset", onNotice: (l) => notices.push(l) });
      try {
        await pool.warm();
        expect(await pool.embedRows(texts)).toHaveLength(texts.length);
        expect(pool.pinnedCpus).toEqual([undefined]);
      } finally {
        await pool.close();
      }
      if (pin === "auto") expect(notices).toEqual([]);
      else {
        expect(notices).toHaveLength(1);
        expect(notices[0]).toContain("/nonexistent/taskset was not found");
        expect(notices[0]).toContain("BRIEFING_PIN_WORKERS=off");
      }
    }
    // This thread got its CPUs back.
    expect(threadCpus()).toEqual(parseCpuList(/^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync("/proc/self/status", "utf8"))![1]!));
  });
});

describe("pinning and checkpoint settings (src/config.ts)", () => {
  it("pinning is off unless asked; flags beat the variable; a bad value names where it came from", () => {
    expect(resolveSettings({}, {}).pinWorkers).toBe("off");
    expect(resolveSettings({}, { BRIEFING_PIN_WORKERS: "auto" }).pinWorkers).toBe("auto");
    expect(resolveSettings({ pinWorkers: "on" }, { BRIEFING_PIN_WORKERS: "off" }).pinWorkers).toBe("on");
    expect(() => resolveSettings({}, { BRIEFING_PIN_WORKERS: "yes" })).toThrow('BRIEFING_PIN_WORKERS must be off, auto or on (got "yes")');
    expect(() => resolveSettings({ pinWorkers: "1" }, {})).toThrow('--pin-workers must be off, auto or on (got "1")');
  });

  it("a bad checkpoint variable is refused wherever settings are read, not only by a large ingest", () => {
    expect(() => resolveSettings({}, { BRIEFING_CHECKPOINT_SECONDS: "abc" })).toThrow('BRIEFING_CHECKPOINT_SECONDS must be a whole number from 1 to 86400 (got "abc")');
    expect(() => resolveSettings({}, { BRIEFING_CHECKPOINT_SENTENCES: "0" })).toThrow(/BRIEFING_CHECKPOINT_SENTENCES must be a whole number/);
    expect(() => resolveSettings({}, { BRIEFING_CHECKPOINT_SECONDS: "45" })).not.toThrow();
  });
});

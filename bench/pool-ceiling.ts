import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import type { ChildReply, ChildRequest } from "./pool-ceiling-child.js";

/**
 * The machine's own ceiling for the pool: raw USE-Lite in separate processes (pool-ceiling-child.ts),
 * one alone and then two at once on the same texts. No pool, no main-thread work, no shared heap: if
 * two of these together reach only 1.75× one alone, no pool on this machine can reach more.
 */
export interface RawRun {
  /** Wall ms of the call in the child. */
  ms: number;
  /** The child's embedding thread's CPU ms over the call. */
  cpuMs: number;
  /** Its time runnable but waiting for a CPU. */
  runDelayMs: number;
  startedAt: number;
  endedAt: number;
  /** Times the kernel moved its embedding thread to another CPU (NaN where it does not say). */
  migrations: number;
}

export class RawProcess {
  private child: ChildProcess;
  private pending?: { resolve(run: RawRun): void; reject(error: Error): void };
  readonly ready: Promise<void>;

  constructor() {
    // fork keeps this process's execArgv, so the child runs TypeScript through the same tsx loader.
    this.child = fork(new URL("./pool-ceiling-child.ts", import.meta.url), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.ready = new Promise((resolve, reject) => {
      this.child.on("message", (reply: ChildReply) => {
        if (reply.type === "ready") resolve();
        else {
          const { ms, cpuMs, runDelayMs, startedAt, endedAt, migrations } = reply;
          this.pending?.resolve({ ms, cpuMs, runDelayMs, startedAt, endedAt, migrations });
          this.pending = undefined;
        }
      });
      this.child.on("exit", (code) => {
        const error = new Error(`a raw embedder process exited with code ${code}`);
        reject(error);
        this.pending?.reject(error);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  run(texts: string[], shape?: { rows: number; budget: number }): Promise<RawRun> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send({ type: "go", texts, shape } satisfies ChildRequest);
    });
  }

  close(): void {
    this.child.removeAllListeners("exit");
    this.child.send({ type: "exit" } satisfies ChildRequest);
  }
}

/** Two raw processes started on the same texts at once: the pair's wall is first start to last end. */
export async function pairRun(a: RawProcess, b: RawProcess, texts: string[], shape?: { rows: number; budget: number }): Promise<{ ms: number; runs: [RawRun, RawRun] }> {
  const runs = await Promise.all([a.run(texts, shape), b.run(texts, shape)]);
  const ms = Math.max(...runs.map((r) => r.endedAt)) - Math.min(...runs.map((r) => r.startedAt));
  return { ms, runs };
}

/** Clock ticks (USER_HZ, 100 a second) since boot: every core's busy and stolen time, from /proc/stat. */
function machineTicks(): { busy: number; steal: number } | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { busy: user! + nice! + system! + irq! + softirq!, steal: steal! };
  } catch {
    return null;
  }
}

/** CPU ticks of a process (all its threads), or 0 where the system does not say. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * What else the machine did while a measure ran: the CPU that processes other than this one and
 * `children` used, and the time the hypervisor took (steal), each as cores' worth (0–2 on two cores).
 * On a shared machine this says how far a wall-clock ratio can be trusted.
 */
export function otherLoad(children: () => (number | undefined)[]): () => { others: number; steal: number } | null {
  const ours = () => processTicks(process.pid) + children().reduce<number>((n, pid) => n + (pid ? processTicks(pid) : 0), 0);
  const t0 = performance.now();
  const m0 = machineTicks();
  const o0 = ours();
  return () => {
    const m1 = machineTicks();
    if (!m0 || !m1) return null;
    const seconds = (performance.now() - t0) / 1000;
    return { others: (m1.busy - m0.busy - (ours() - o0)) / 100 / seconds, steal: (m1.steal - m0.steal) / 100 / seconds };
  };
}

import { type ChildProcess, fork } from "node:child_process";
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
  startedAt: number;
  endedAt: number;
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
          const { ms, cpuMs, startedAt, endedAt } = reply;
          this.pending?.resolve({ ms, cpuMs, startedAt, endedAt });
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

  run(texts: string[]): Promise<RawRun> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send({ type: "go", texts } satisfies ChildRequest);
    });
  }

  close(): void {
    this.child.removeAllListeners("exit");
    this.child.send({ type: "exit" } satisfies ChildRequest);
  }
}

/** Two raw processes started on the same texts at once: the pair's wall is first start to last end. */
export async function pairRun(a: RawProcess, b: RawProcess, texts: string[]): Promise<{ ms: number; runs: [RawRun, RawRun] }> {
  const runs = await Promise.all([a.run(texts), b.run(texts)]);
  const ms = Math.max(...runs.map((r) => r.endedAt)) - Math.min(...runs.map((r) => r.startedAt));
  return { ms, runs };
}

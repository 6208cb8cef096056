import type { JobCost } from "./pool-worker.js";

/**
 * What the workers spent, summed over batches since the pool started: to tell, on a shared machine,
 * whether they waited for work (the main thread busy) or only for a core.
 */
export interface PoolStats {
  batches: number;
  texts: number;
  /** CPU of the worker threads on those batches (NaN where the system does not say). */
  cpuMs: number;
  /** Time the worker threads were runnable but waiting for a CPU during those batches (NaN where the system does not say). */
  runDelayMs: number;
  /** Wall time of the batches in the workers. */
  busyMs: number;
  /** Wall time a worker was free while a batch was already asked for: what dispatching cost them. */
  waitMs: number;
  /** Times the kernel moved a worker to another CPU during those batches (NaN where the system does not say). */
  migrations: number;
  /**
   * Each batch's worker CPU in the order the batches were asked for (the latest MAX_COSTS): enough to
   * replay the schedule on idle cores (bench:pool), which a shared machine's wall clock cannot show.
   */
  costs: number[];
}

const MAX_COSTS = 100_000;

/** The pool's PoolStats as batches are asked for and answered (in any order). */
export class PoolSpending {
  #stats: PoolStats = { batches: 0, texts: 0, cpuMs: 0, runDelayMs: 0, busyMs: 0, waitMs: 0, migrations: 0, costs: [] };
  /** Job id → its place in `costs` (set when asked for, so replies in any order land in order). */
  #costAt = new Map<number, number>();

  /** A batch asked for: its place in `costs`, filled when it is answered. */
  asked(job: number): void {
    const costs = this.#stats.costs;
    if (costs.length >= MAX_COSTS) {
      costs.length = 0;
      this.#costAt.clear();
    }
    this.#costAt.set(job, costs.push(Number.NaN) - 1);
  }

  /** A batch of `texts` texts answered, asked for at `queuedAt`, with what its worker spent. */
  answered(job: number, texts: number, queuedAt: number, cost: JobCost): void {
    const s = this.#stats;
    s.batches++;
    s.texts += texts;
    s.cpuMs += cost.cpuMs;
    s.runDelayMs += cost.runDelayMs;
    s.busyMs += cost.busyMs;
    s.waitMs += Math.max(0, cost.startedAt - Math.max(cost.freeSince, queuedAt));
    s.migrations += cost.migrations;
    const at = this.#costAt.get(job);
    this.#costAt.delete(job);
    if (at !== undefined) s.costs[at] = cost.cpuMs;
  }

  /** What the workers have spent so far (a copy). */
  copy(): PoolStats {
    return { ...this.#stats, costs: [...this.#stats.costs] };
  }
}

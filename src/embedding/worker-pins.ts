import { coreOrder, ownThreadId, setThreadCpus, threadCpus } from "./affinity.js";

/** "off" (default), "auto" (pin where it can, silently), "on" (also one line when it cannot). */
export type PinMode = "off" | "auto" | "on";

/**
 * Which CPU each of a pool's workers is pinned to (one per physical core first), and this thread's
 * CPUs while they run: the ones left over, if any (with as many workers as CPUs it keeps them all).
 * Where pinning is not possible the workers run unpinned.
 */
export class WorkerPins {
  /** The CPUs for the workers (in slot order) and for this thread, or why there are none. */
  #plan?: { workers: number[]; main?: { tid: number; cpus: number[]; original: number[] } } | string;
  #noticed = false;
  /** Settles when this thread's own pinning has been tried (release() restores it after). */
  #mainPinned: Promise<unknown> = Promise.resolve();

  constructor(
    readonly mode: PinMode,
    private readonly workers: number,
    private readonly onNotice?: (line: string) => void,
    private readonly command?: string,
  ) {}

  /** Chooses the CPUs, before the workers start (nothing when off). */
  plan(): void {
    if (this.mode === "off") return;
    const cpus = threadCpus();
    if (!cpus) return this.unpinned("this system does not say which CPUs a thread may use");
    const order = coreOrder(cpus);
    if (order.length < 2 || order.length < this.workers) return this.unpinned(`${this.workers} worker(s) for ${order.length} CPU(s)`);
    const tid = ownThreadId();
    const spare = order.slice(this.workers).sort((a, b) => a - b);
    this.#plan = { workers: order.slice(0, this.workers), main: tid !== null && spare.length ? { tid, cpus: spare, original: cpus } : undefined };
    const main = this.#plan.main;
    if (main) this.#mainPinned = setThreadCpus(main.tid, main.cpus, this.command).then((why) => why && this.unpinned(why));
  }

  /** Pins worker `slot` (its kernel thread `tid`); the CPU it is pinned to, or undefined. */
  async pin(slot: number, tid: number | null): Promise<number | undefined> {
    const plan = this.#plan;
    if (typeof plan !== "object") return undefined;
    const cpu = plan.workers[slot];
    if (cpu === undefined) return undefined;
    if (tid === null) return this.unpinned("this system does not give a thread's id");
    const why = await setThreadCpus(tid, [cpu], this.command);
    if (why) return this.unpinned(why);
    return cpu;
  }

  /** This thread gets its CPUs back (the workers' pins end with them). */
  release(): void {
    const plan = this.#plan;
    if (typeof plan !== "object" || !plan.main) return;
    const { tid, original } = plan.main;
    void this.#mainPinned.then(() => setThreadCpus(tid, original, this.command));
  }

  /** Pinning asked for explicitly and not possible: one line, once; the workers run unpinned. */
  private unpinned(why: string): undefined {
    if (typeof this.#plan !== "object") this.#plan = why;
    if (this.mode !== "on" || this.#noticed) return undefined;
    this.#noticed = true;
    this.onNotice?.(`embedding workers not pinned to cores (${why}); they run unpinned — set BRIEFING_PIN_WORKERS=off (or --pin-workers off) to stop asking`);
    return undefined;
  }
}

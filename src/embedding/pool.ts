import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { Embeddings } from "@langchain/core/embeddings";
import { UserError } from "../errors.js";
import { type PoolStats, PoolSpending } from "./pool-stats.js";
import type { WorkerReply, WorkerRequest } from "./pool-worker.js";
import type { BriefingEmbeddings } from "./types.js";
import { type ProgressCallback, UseLiteEmbeddings } from "./use-lite.js";
import { DEFAULT_BATCH_SIZE, loadTokenizer, modelTokens, planBatches, USE_LITE_DIMENSION, USE_LITE_ID } from "./use-lite-model.js";
import { type PinMode, WorkerPins } from "./worker-pins.js";

export type { PinMode } from "./worker-pins.js";

/**
 * USE Lite on several worker threads, each with its own model, for ingesting big corpora: one
 * thread embeds on one core (the wasm backend is single-threaded in Node). Vectors are the same as
 * UseLiteEmbeddings', so it has the same id and indexes built by either are interchangeable.
 */

export interface PoolOptions {
  /** Worker threads; default: the number of cores, at most 4. */
  workers?: number;
  /** Texts per message to a worker (one model call). */
  batchSize?: number;
  onProgress?: ProgressCallback;
  /** While no worker has started, smaller requests run in this thread: starting workers costs more. Default 2 × batchSize. */
  inlineBelow?: number;
  /** Batches sent to a worker at once (default DEPTH); 1 and `longestFirst: false` are the pool as it was, for benchmarks. */
  depth?: number;
  /** Send a call's longest batches first (default true). */
  longestFirst?: boolean;
  /**
   * Pin each worker to a core of its own (Linux, via taskset) and keep this thread off those cores
   * while there are spare ones: "off" (default), "auto" (pin where it can, silently), "on" (also
   * say in one line, through onNotice, when it cannot).
   */
  pin?: PinMode;
  /** Where the one line about pinning goes. */
  onNotice?: (line: string) => void;
  /** The affinity command (default `taskset`); tests name a missing one. */
  affinityCommand?: string;
}


interface Job {
  id: number;
  tokens: number[][];
  /** When it was asked for (ms, performance.timeOrigin-based like the workers' clocks). */
  queuedAt: number;
  resolve(vectors: Float32Array): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Settles when the worker's model has loaded (ms) or the worker has died. */
  loaded: Promise<number>;
  settleLoad: { resolve(ms: number): void; reject(error: Error): void };
  /** Sent and not yet answered, in the order sent (the worker runs them in that order). */
  jobs: Job[];
  dead?: Error;
  /** The CPU this worker is pinned to, once it is. */
  cpu?: number;
}

/**
 * Batches sent to a worker before it answers the one it runs: the next is already in its port when
 * it finishes, so it never waits for a main thread that is adding passages to the graph or writing a
 * checkpoint. Two keeps the tail short: at the end a worker holds at most one batch the other could have run.
 */
const DEPTH = 2;

const clock = () => performance.timeOrigin + performance.now();

// Compiled (dist/*.js), the worker module runs as it is; from the sources it needs tsx's loader.
const BOOTSTRAP = new URL(import.meta.url.endsWith(".js") ? "./pool-worker.js" : "./pool-worker-bootstrap.mjs", import.meta.url);

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

export class PooledEmbeddings extends Embeddings implements BriefingEmbeddings {
  readonly id = USE_LITE_ID;
  readonly dimension = USE_LITE_DIMENSION;
  readonly offThread = true;
  readonly size: number;
  batchSize: number;
  onProgress?: ProgressCallback;
  readonly inlineBelow: number;
  readonly depth: number;
  readonly longestFirst: boolean;
  private slots?: Slot[];
  private queue: Job[] = [];
  private nextJob = 0;
  private closed = false;
  /** warm() calls in progress: loading workers must keep the process alive for them. */
  private warming = 0;
  readonly #spent = new PoolSpending();
  readonly pin: PinMode;
  readonly #pins: WorkerPins;

  constructor(options: PoolOptions = {}) {
    super({});
    this.size = Math.max(1, options.workers ?? defaultWorkerCount());
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.onProgress = options.onProgress;
    this.inlineBelow = options.inlineBelow ?? 2 * this.batchSize;
    this.depth = Math.max(1, options.depth ?? DEPTH);
    this.longestFirst = options.longestFirst ?? true;
    this.pin = options.pin ?? "off";
    this.#pins = new WorkerPins(this.pin, this.size, options.onNotice, options.affinityCommand);
  }

  /** The CPU each worker is pinned to (slot order; undefined while not, or not pinned). */
  get pinnedCpus(): (number | undefined)[] {
    return (this.slots ?? []).map((s) => s.cpu);
  }

  /** What the workers have spent so far (a copy). */
  stats(): PoolStats {
    return this.#spent.copy();
  }

  /** True once worker threads have been started (by a big request or warm()). */
  get workersStarted(): boolean {
    return this.slots !== undefined;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedRows(texts)).map((v) => Array.from(v));
  }

  async embedRows(texts: string[]): Promise<Float32Array[]> {
    if (!this.slots && !this.closed && texts.length < this.inlineBelow) {
      // Same model and code in this thread (loaded once per thread), so the vectors are the same.
      return new UseLiteEmbeddings({ batchSize: this.batchSize, onProgress: this.onProgress }).embedRows(texts);
    }
    // Tokenising here (the tokenizer alone loads in ~30 ms) lets each batch hold texts of similar
    // token length, which wastes the least padding; results go back to their original places.
    const tokenizer = await loadTokenizer();
    const tokens = texts.map((t) => modelTokens(tokenizer, t));
    const out: Float32Array[] = new Array(texts.length);
    let done = 0;
    const batches: Promise<void>[] = [];
    // Longest batches (the costliest) first: what is left for the last worker to finish alone is small.
    const plan = planBatches(tokens, this.batchSize);
    for (const rows of this.longestFirst ? plan.reverse() : plan) {
      const batch = this.submit(rows.map((r) => tokens[r])).then((flat) => {
        rows.forEach((r, j) => (out[r] = flat.subarray(j * USE_LITE_DIMENSION, (j + 1) * USE_LITE_DIMENSION)));
        done += rows.length;
        this.onProgress?.(done, texts.length);
      });
      batches.push(batch);
    }
    await Promise.all(batches);
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    if (!this.slots && !this.closed) return new UseLiteEmbeddings().embedQuery(text);
    return Array.from(await this.submit([modelTokens(await loadTokenizer(), text)]));
  }

  /** Starts the workers now and waits until every model is loaded; resolves to the slowest load in ms. */
  async warm(): Promise<number> {
    this.warming++;
    try {
      const slots = this.start();
      this.dispatch();
      return Math.max(...(await Promise.all(slots.map((s) => s.loaded))));
    } finally {
      this.warming--;
      this.dispatch();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.#pins.release();
    const slots = this.slots ?? [];
    this.slots = [];
    const error = new Error("the embedding pool was closed");
    for (const slot of slots) this.onDeath(slot, error);
    this.failAll(error);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private submit(tokens: number[][]): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new Error("the embedding pool is closed"));
    return new Promise((resolve, reject) => {
      const id = this.nextJob++;
      this.#spent.asked(id);
      this.queue.push({ id, tokens, queuedAt: clock(), resolve, reject });
      this.start();
      this.dispatch();
    });
  }

  private start(): Slot[] {
    if (this.slots) return this.slots;
    this.#pins.plan();
    this.slots = Array.from({ length: this.size }, () => {
      let settleLoad!: Slot["settleLoad"];
      const loaded = new Promise<number>((resolve, reject) => (settleLoad = { resolve, reject }));
      loaded.catch(() => {}); // a load failure is also reported through the jobs; never unhandled
      const slot: Slot = { worker: new Worker(BOOTSTRAP), ready: false, loaded, settleLoad, jobs: [] };
      slot.worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
      slot.worker.on("error", (error) => this.onDeath(slot, error));
      slot.worker.on("exit", (code) => this.onDeath(slot, new Error(`embedding worker exited with code ${code}`)));
      return slot;
    });
    return this.slots;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === "ready" && this.pin === "off") {
      slot.ready = true;
      slot.settleLoad.resolve(reply.loadMs);
    } else if (reply.type === "ready") {
      // A worker takes work once pinned, so none of its batches runs on a core it then leaves.
      void this.#pins.pin(this.slots?.indexOf(slot) ?? -1, reply.tid).then((cpu) => {
        if (slot.dead) return;
        slot.cpu = cpu;
        slot.ready = true;
        slot.settleLoad.resolve(reply.loadMs);
        this.dispatch();
      });
      return;
    } else if (reply.type === "error" && reply.job === undefined) {
      return this.onDeath(slot, toError(reply)); // the model failed to load in this worker
    } else {
      const at = slot.jobs.findIndex((j) => j.id === reply.job);
      const [job] = at >= 0 ? slot.jobs.splice(at, 1) : [];
      if (job && reply.type === "done") {
        this.#spent.answered(job.id, job.tokens.length, job.queuedAt, reply);
        job.resolve(reply.vectors);
      } else if (job && reply.type === "error") job.reject(toError(reply));
    }
    this.dispatch();
  }

  private onDeath(slot: Slot, error: Error): void {
    if (slot.dead) return;
    slot.dead = error;
    slot.settleLoad.reject(error);
    for (const job of slot.jobs.splice(0)) job.reject(error);
    void slot.worker.terminate();
    if (this.slots?.every((s) => s.dead)) this.failAll(error);
    this.dispatch();
  }

  private dispatch(): void {
    // Every free worker gets a batch before any gets a second one.
    for (let depth = 1; depth <= this.depth && this.queue.length > 0; depth++) {
      for (const slot of this.slots ?? []) {
        if (!slot.ready || slot.dead || slot.jobs.length >= depth) continue;
        const job = this.queue.shift();
        if (!job) break;
        slot.jobs.push(job);
        slot.worker.postMessage({ job: job.id, tokens: job.tokens } satisfies WorkerRequest);
      }
    }
    // Workers keep the process alive only while there is work, so a pool nobody closed does not
    // stop the program from exiting (unref after the listeners: adding one refs the port again).
    const slots = this.slots ?? [];
    const busy = this.queue.length > 0 || slots.some((s) => s.jobs.length > 0 || (this.warming > 0 && !s.ready && !s.dead));
    for (const slot of slots) if (!slot.dead) busy ? slot.worker.ref() : slot.worker.unref();
  }

  private failAll(error: Error): void {
    for (const job of this.queue.splice(0)) job.reject(error);
  }
}

function toError(reply: Extract<WorkerReply, { type: "error" }>): Error {
  return reply.user ? new UserError(reply.message, reply.hint) : new Error(reply.message);
}

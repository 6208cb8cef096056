import { parentPort } from "node:worker_threads";
import { UserError } from "../errors.js";
import { ownThreadId } from "./affinity.js";
import { threadMigrations, threadSchedMs } from "./thread-cpu.js";
import { embedTokenRows, loadUseLite, USE_LITE_DIMENSION } from "./use-lite-model.js";

/**
 * One embedding worker: loads its own copy of the model at start, then embeds each batch of
 * token ids it is sent (the pool tokenises, so it can group texts of equal length) and returns
 * one flat Float32Array (rows × 512), transferred rather than copied. The pool may send the next
 * batch before this one is done, so the worker never waits for a busy main thread: batches run
 * one after another, in the order sent.
 */

export type WorkerRequest = { job: number; tokens: number[][] };
/**
 * `cpuMs`: this thread's CPU for the batch; `runDelayMs`: its time runnable but waiting for a CPU;
 * `busyMs`: its wall time; `startedAt` and `freeSince` (the
 * end of the batch before, or the model's load): wall clock in ms (performance.timeOrigin-based, comparable across threads);
 * `migrations`: times the kernel moved this thread to another CPU during the batch (NaN where it does not say).
 */
export type JobCost = { cpuMs: number; runDelayMs: number; busyMs: number; startedAt: number; freeSince: number; migrations: number };
export type WorkerReply =
  /** `tid`: this thread's kernel id, so the pool can pin it to a core (null where the system does not say). */
  | { type: "ready"; loadMs: number; tid: number | null }
  | ({ type: "done"; job: number; vectors: Float32Array } & JobCost)
  | { type: "error"; job?: number; message: string; hint?: string; user: boolean };

if (!parentPort) throw new Error("pool-worker.ts must run in a worker thread");
const port = parentPort;

function failure(error: unknown, job?: number): WorkerReply {
  const user = error instanceof UserError;
  return { type: "error", job, message: (error as Error)?.message ?? String(error), hint: user ? error.hint : undefined, user };
}

const model = loadUseLite();
const clock = () => performance.timeOrigin + performance.now();
/** When this thread last finished a batch (or its model loaded). */
let freeSince = Number.NaN;
model.then(
  (m) => {
    freeSince = clock();
    port.postMessage({ type: "ready", loadMs: m.loadMs, tid: ownThreadId() } satisfies WorkerReply);
  },
  (error) => port.postMessage(failure(error)),
);

async function run({ job, tokens }: WorkerRequest): Promise<void> {
  try {
    const loaded = await model;
    const started = clock();
    const sched = threadSchedMs();
    const moves = threadMigrations();
    const rows = await embedTokenRows(loaded, tokens, tokens.length);
    const vectors = new Float32Array(rows.length * USE_LITE_DIMENSION);
    rows.forEach((row, i) => vectors.set(row, i * USE_LITE_DIMENSION));
    const ended = clock();
    const after = sched && threadSchedMs();
    const movesAfter = moves === null ? null : threadMigrations();
    const cost: JobCost = {
      cpuMs: after ? after.cpuMs - sched.cpuMs : Number.NaN,
      runDelayMs: after ? after.runDelayMs - sched.runDelayMs : Number.NaN,
      busyMs: ended - started,
      startedAt: started,
      freeSince,
      migrations: moves !== null && movesAfter !== null ? movesAfter - moves : Number.NaN,
    };
    freeSince = ended;
    port.postMessage({ type: "done", job, vectors, ...cost } satisfies WorkerReply, [vectors.buffer]);
  } catch (error) {
    freeSince = clock();
    port.postMessage(failure(error, job));
  }
}

// One model call at a time: a batch that arrives while another runs waits its turn.
let turn = Promise.resolve();
port.on("message", (request: WorkerRequest) => {
  turn = turn.then(() => run(request));
});

import { parentPort } from "node:worker_threads";
import { UserError } from "../errors.js";
import { embedTokenRows, loadUseLite, USE_LITE_DIMENSION } from "./use-lite-model.js";

/**
 * One embedding worker: loads its own copy of the model at start, then embeds each batch of
 * token ids it is sent (the pool tokenises, so it can group texts of equal length) and returns
 * one flat Float32Array (rows × 512), transferred rather than copied.
 */

export type WorkerRequest = { job: number; tokens: number[][] };
export type WorkerReply =
  | { type: "ready"; loadMs: number }
  | { type: "done"; job: number; vectors: Float32Array }
  | { type: "error"; job?: number; message: string; hint?: string; user: boolean };

const port = parentPort;
if (!port) throw new Error("pool-worker.ts must run in a worker thread");

function failure(error: unknown, job?: number): WorkerReply {
  const user = error instanceof UserError;
  return { type: "error", job, message: (error as Error)?.message ?? String(error), hint: user ? error.hint : undefined, user };
}

const model = loadUseLite();
model.then(
  (m) => port.postMessage({ type: "ready", loadMs: m.loadMs } satisfies WorkerReply),
  (error) => port.postMessage(failure(error)),
);

port.on("message", async ({ job, tokens }: WorkerRequest) => {
  try {
    const rows = await embedTokenRows(await model, tokens, tokens.length);
    const vectors = new Float32Array(rows.length * USE_LITE_DIMENSION);
    rows.forEach((row, i) => vectors.set(row, i * USE_LITE_DIMENSION));
    port.postMessage({ type: "done", job, vectors } satisfies WorkerReply, [vectors.buffer]);
  } catch (error) {
    port.postMessage(failure(error, job));
  }
});

/**
 * One raw embedder in its own process, for bench:pool's two-process ceiling: it loads USE-Lite,
 * says "ready", and on each "go" embeds the texts it was sent on its main thread (no pool, no other
 * work), answering with the wall time and this thread's CPU time. Two of these started together show
 * what two cores give when each runs the model alone — the machine's own ceiling for the pool.
 */
import { threadMigrations, threadSchedMs } from "../src/embedding/thread-cpu.js";
import { UseLiteEmbeddings } from "../src/embedding/use-lite.js";
import { loadUseLite, modelTokens, planBatches } from "../src/embedding/use-lite-model.js";

/** `shape`: rows and padded tokens per model call, instead of the embedder's own (bench/pool-shapes.ts). */
export type ChildRequest = { type: "go"; texts: string[]; shape?: { rows: number; budget: number } } | { type: "exit" };
export type ChildReply = { type: "ready" } | { type: "done"; ms: number; cpuMs: number; runDelayMs: number; startedAt: number; endedAt: number; migrations: number };

const send = (reply: ChildReply) => process.send!(reply);
const embedder = new UseLiteEmbeddings();
await embedder.embedQuery("warm up");
process.on("message", async (request: ChildRequest) => {
  if (request.type === "exit") process.exit(0);
  const before = threadSchedMs();
  const moves = threadMigrations();
  const startedAt = performance.timeOrigin + performance.now();
  if (request.shape) {
    const model = await loadUseLite();
    const tokens = request.texts.map((t) => modelTokens(model.tokenizer, t));
    for (const rows of planBatches(tokens, request.shape.rows, request.shape.budget)) await model.embedTokens(rows.map((r) => tokens[r]!));
  } else await embedder.embedRows(request.texts);
  const endedAt = performance.timeOrigin + performance.now();
  const after = threadSchedMs();
  const movesAfter = threadMigrations();
  const [cpuMs, runDelayMs] = before && after ? [after.cpuMs - before.cpuMs, after.runDelayMs - before.runDelayMs] : [NaN, NaN];
  const migrations = moves !== null && movesAfter !== null ? movesAfter - moves : NaN;
  send({ type: "done", ms: endedAt - startedAt, cpuMs, runDelayMs, startedAt, endedAt, migrations });
});
send({ type: "ready" });

import type { Briefer } from "../../answer/briefer.js";
import type { Settings } from "../../config.js";
import type { IngestProgress } from "../../index/build.js";
import type { OpenHooks } from "./App.js";

/**
 * Opens the pipeline for the chat. A missing or stale index is first brought up to date with
 * the embedding worker pool (as `briefing ingest` does): the sentences are embedded on worker
 * threads, so this thread stays free to draw the progress bar, keep the spinner turning and
 * take keystrokes. Then the Briefer opens the fresh index as it is.
 */
export async function openForChat(settings: Settings, hooks: OpenHooks): Promise<Briefer> {
  const [{ Briefer }, { ingest }, { createEmbeddings }] = await Promise.all([
    import("../../answer/briefer.js"),
    import("../../index/build.js"),
    import("../../embedding/providers.js"),
  ]);
  // The indexer reports once per 256 sentences; the pool reports each batch of 32 within
  // those, which keeps the bar moving on a small corpus. Until the indexer's first report the
  // total is what the pool has been given so far.
  let base = 0;
  let total = 0;
  const fromIngest = (p: IngestProgress) => {
    if (p.stage === "embedding") [base, total] = [p.done, p.total];
    hooks.onProgress(p);
  };
  const fromPool = (done: number, of: number) => hooks.onProgress({ stage: "embedding", done: base + done, total: Math.max(total, base + of) });
  // Workers start only if something needs embedding; an up-to-date index costs a corpus check.
  const builder = await createEmbeddings(settings.embeddings, { workers: settings.workers, onProgress: fromPool });
  let index;
  try {
    ({ index } = await ingest({ corpus: settings.corpus, indexDir: settings.index, embeddings: builder, onProgress: fromIngest, onNotice: hooks.onNotice, queryOnly: true, embed: "all" }));
  } finally {
    await builder.close?.();
  }
  // Ready at once with the index ingest opened (vectors are searched directly, so the closed
  // pool it was opened with is never asked to embed); the query model loads behind the prompt.
  return Briefer.open(settings, { index, waitForModel: false });
}

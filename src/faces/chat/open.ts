import type { Briefer } from "../../answer/briefer.js";
import type { Settings } from "../../config.js";
import type { OpenHooks } from "./App.js";

/**
 * Opens the pipeline for the chat. A missing or stale index is first brought up to date and
 * completely embedded (as `briefing ingest` does; a big job on the worker pool, so this thread
 * stays free to draw the progress bar, keep the spinner turning and take keystrokes). The chat is
 * ready as soon as the index is; the query model loads behind the prompt.
 */
export async function openForChat(settings: Settings, hooks: OpenHooks): Promise<Briefer> {
  const { openPipeline } = await import("../../pipeline.js");
  return openPipeline(settings, { onProgress: hooks.onProgress, onNotice: hooks.onNotice, embed: "all", waitForModel: false });
}

import type { Briefer } from "../../answer/briefer.js";
import type { Settings } from "../../config.js";
import type { OpenHooks } from "./App.js";

/**
 * Opens the pipeline for the chat. A missing or stale index is first brought up to date as far as
 * its lexical layer (parsed, chunked, BM25, committed), and the chat is ready then; the query model
 * loads behind the prompt. The rest of the semantic layer is embedded in the background on the
 * worker pool, so this thread stays free to draw and take keystrokes; a question's retrieved
 * sentences are embedded first, and `onIndex` hears of each checkpoint (the header's progress line).
 */
export async function openForChat(settings: Settings, hooks: OpenHooks): Promise<Briefer> {
  const { openPipeline } = await import("../../pipeline.js");
  return openPipeline(settings, { onProgress: hooks.onProgress, onNotice: hooks.onNotice, background: { onChange: hooks.onIndex }, waitForModel: false });
}

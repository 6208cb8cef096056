import type { Briefer } from "../../answer/briefer.js";
import type { BriefingIndex } from "../../index/store.js";
import { resolveSettings, type Flags } from "../../config.js";
import type { OpenHooks } from "./App.js";
import { colorWanted } from "../terminal/color.js";

/**
 * `briefing chat` / `npm start`. On a terminal: the Ink app, drawn at once, with the embedder
 * and index opening behind the prompt. With stdin piped: plain question-per-line mode.
 */
export async function runChat(flags: Flags): Promise<void> {
  const settings = resolveSettings(flags);
  if (!process.stdin.isTTY) return runPlain(settings);

  // NODE_ENV is deliberately left alone: setting it here, after tsx has compiled the JSX for
  // React's development runtime, leaves jsxDEV undefined and the app draws nothing.
  let opening: Promise<Briefer> | undefined;
  const open = (hooks: OpenHooks) => (opening = import("./open.js").then(({ openForChat }) => openForChat(settings, hooks)));
  // Ink and the app first, so the screen is up before the heavy pipeline modules load.
  const { render, ChatApp } = await (await import("./ink.js")).loadInteractive();

  const app = render(<ChatApp open={open} color={colorWanted()} />, { exitOnCtrlC: false });
  let status = 0;
  try {
    await app.waitUntilExit();
  } catch {
    status = 1; // the app has already shown the one-line error
  }
  // Release the embedder's workers if it finished opening; never hang the exit on a build in progress.
  if (opening) {
    const closing = opening.then((b) => b.close()).catch(() => undefined);
    await Promise.race([closing, new Promise((r) => setTimeout(r, 1000).unref())]);
  }
  process.exit(status);
}

async function runPlain(settings: ReturnType<typeof resolveSettings>): Promise<void> {
  const [{ openForChat }, { progressReporter }, { chatPlain }, { semanticProgress }] = await Promise.all([
    import("./open.js"),
    import("../terminal/progress.js"),
    import("./plain.js"),
    import("../../index/semantic.js"),
  ]);
  const progress = progressReporter(); // on stderr, so stdout carries only the answers
  // The background embedding's progress, as the Ink header shows it: a line on stderr when it changes.
  let shown: string | null = null;
  const onIndex = (index: BriefingIndex) => {
    const line = semanticProgress(index);
    if (line !== shown) progress.notice(line ?? "semantic index complete");
    shown = line;
  };
  const briefer = await openForChat(settings, { onProgress: progress.onProgress, onNotice: progress.notice, onIndex });
  progress.done();
  onIndex(briefer.index);
  try {
    await chatPlain(briefer, { input: process.stdin, output: process.stdout, width: process.stdout.columns || 100, color: colorWanted() });
  } finally {
    await briefer.close();
  }
}

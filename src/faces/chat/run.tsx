import type { Briefer } from "../../answer/briefer.js";
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
  const [{ openForChat }, { progressReporter }, { chatPlain }] = await Promise.all([import("./open.js"), import("../terminal/progress.js"), import("./plain.js")]);
  const progress = progressReporter(); // on stderr, so stdout carries only the answers
  const briefer = await openForChat(settings, { onProgress: progress.onProgress, onNotice: progress.notice });
  progress.done();
  try {
    await chatPlain(briefer, { input: process.stdin, output: process.stdout, width: process.stdout.columns || 100, color: colorWanted() });
  } finally {
    await briefer.close();
  }
}

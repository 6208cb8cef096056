import { EventEmitter } from "node:events";
import { render } from "ink";
import type { ReactElement } from "react";

/**
 * ink-testing-library's harness with a settable width (its stdout is fixed at 100 columns),
 * so the chat can be drawn at 60 columns too. Frames are whole screens: Ink's debug mode
 * writes the static transcript plus the live area on every render.
 */
class FakeStdout extends EventEmitter {
  frames: string[] = [];
  constructor(readonly columns: number, readonly rows = 40) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit("readable");
    this.emit("data", data);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export function renderChat(tree: ReactElement, { columns = 100 } = {}) {
  const stdout = new FakeStdout(columns);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(columns) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const lastFrame = () => stdout.frames.at(-1) ?? "";
  // Ink settles only a promise that exists when the app exits, so ask for it up front.
  const exited = instance.waitUntilExit();
  exited.catch(() => undefined);
  return { stdin, stdout, lastFrame, frames: stdout.frames, unmount: instance.unmount, waitUntilExit: () => exited };
}

export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** Types a line the way a user does: the text, until the prompt shows it, then Enter. */
export async function typeLine(stdin: { write(s: string): void }, text: string, frame?: () => string) {
  stdin.write(text);
  // Enter before the input has re-rendered would submit the stale (empty) value.
  if (frame) await waitFor(() => frame().trimEnd().endsWith(`› ${text}`), frame, `the prompt to show "${text}"`, 10_000);
  else await tick();
  stdin.write("\r");
  await tick();
}

/** Polls until `cond` holds, failing with the last frame so a timeout shows what was on screen. */
export async function waitFor(cond: () => boolean, frame: () => string, what: string, ms = 20000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen was:\n${frame()}`);
    await tick(25);
  }
}

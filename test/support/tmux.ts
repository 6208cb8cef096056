import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * A real terminal for the chat's end-to-end tests: tmux on a private socket, so the tests keep
 * away from any tmux the user is running, with a session named per run (several runs, or
 * engineers, may share one machine). CI installs tmux (`apt-get install -y tmux`); a suite
 * without it is skipped.
 */
export const hasTmux = spawnSync("tmux", ["-V"]).status === 0;

export interface TmuxTerminal {
  /** The session the tests start (`new-session -s`) and talk to (`-t`). */
  readonly session: string;
  /** tmux on this terminal's socket. */
  tmux(...args: string[]): SpawnSyncReturns<string>;
  /** The whole screen plus scrollback, wrapped lines joined back together. */
  screen(): string;
  /** The screen once `cond` holds; throws naming `what`, with the screen, after `ms`. */
  until(cond: (screen: string) => boolean, what: string, ms: number): Promise<string>;
}

/**
 * The socket `briefing-<socket>-<pid>` and the session `<session>-<pid>`; the tmux server is
 * killed and its socket file removed after the file's tests.
 */
export function tmuxTerminal(socket: string, session: string): TmuxTerminal {
  const SOCKET = `briefing-${socket}-${process.pid}`;
  const SESSION = `${session}-${process.pid}`;
  const tmux = (...args: string[]) => spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
  const screen = () => tmux("capture-pane", "-p", "-J", "-S", "-300", "-t", SESSION).stdout ?? "";
  const until = async (cond: (s: string) => boolean, what: string, ms: number): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const s = screen();
      if (cond(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the terminal showed:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  afterAll(() => {
    if (!hasTmux) return;
    tmux("kill-server");
    // tmux leaves its socket file behind; it lives in $TMUX_TMPDIR/tmux-<uid>/.
    rmSync(path.join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${process.getuid?.() ?? 0}`, SOCKET), { force: true });
  });
  return { session: SESSION, tmux, screen, until };
}

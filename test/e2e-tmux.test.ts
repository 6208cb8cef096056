import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./support/fixtures.js";
import { hasTmux, tmuxTerminal } from "./support/tmux.js";

/**
 * `npm start` in a real terminal: tmux runs the chat, the test types into it and reads the
 * screen back. A private tmux socket keeps it away from any tmux the user is running.
 * CI installs tmux (`apt-get install -y tmux`); without it this suite is skipped.
 */
if (!hasTmux) console.warn("e2e-tmux skipped: tmux is not installed (apt-get install -y tmux)");

const { session: SESSION, tmux, until } = tmuxTerminal("e2e", "chat");

const index = path.join(tempDir("briefing-e2e-"), "index");
// Colour codes (SGR 30–37, 90–97, 38;…, and backgrounds); bold, dim and underline are not colour.
const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8]|10[0-7])(?:;[0-9;]*)?m/;

describe.skipIf(!hasTmux)("npm start in a real terminal (tmux)", () => {
  // A failed step must not leave its session behind for the next test's new-session to trip on.
  afterEach(() => {
    tmux("kill-session", "-t", SESSION);
  });

  it("builds the index, answers with citations, lists sources, and exits 0 on Ctrl+C", { timeout: 240_000 }, async () => {
    // `timeout --foreground` keeps npm in the terminal's foreground process group, so Ink gets keys.
    // CI=true as many shells and runners export it: Ink must still draw the live prompt.
    const command = `cd ${ROOT} && CI=true timeout --foreground 200 npm start --silent -- --index ${index}; echo EXIT=$?; sleep 60`;
    expect(tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "50", command).status).toBe(0);

    await until((s) => /· \d+ articles · \d+ chunks/.test(s) && /^› /m.test(s), "the ready prompt", 150_000);

    tmux("send-keys", "-t", SESSION, "What did Austin and Shapps discuss?", "Enter");
    const answered = await until((s) => /^(Nearest s|S)ources:/m.test(s) && /^› +Ask about the corpus/m.test(s), "the answer", 60_000);
    const turn = answered.slice(answered.indexOf("› What did Austin"));
    expect(turn).toMatch(/Austin[^]*\[1\]/);
    expect(turn).toMatch(/^Sources:\n\[1(, \d)*\] US and UK defence chiefs meet on Iran-aligned militias/m);

    tmux("send-keys", "-t", SESSION, "/sources", "Enter");
    const sources = await until((s) => s.includes("Passages behind the last answer"), "/sources", 30_000);
    expect(sources.slice(sources.indexOf("› /sources"))).toMatch(/score 0\.\d{4}/);

    const tty = tmux("display", "-p", "-t", SESSION, "#{pane_tty}").stdout.trim();
    const mode = () => spawnSync("stty", ["-a", "-F", tty], { encoding: "utf8" }).stdout;
    expect(mode()).toMatch(/-icanon/); // Ink holds the terminal in raw mode while it runs

    tmux("send-keys", "-t", SESSION, "C-c");
    const done = await until((s) => /EXIT=\d+/.test(s), "the exit", 30_000);
    expect(/EXIT=(\d+)/.exec(done)?.[1]).toBe("0");
    // The terminal is handed back as it was found: line editing and echo on.
    expect(mode()).toMatch(/(^|\s)icanon/);
    expect(mode()).toMatch(/(^|\s)echo(\s|$)/);
    tmux("kill-session", "-t", SESSION);
  });

  it("draws no colour with NO_COLOR set, and colours citation markers without it", { timeout: 120_000 }, async () => {
    const codes: Record<string, string> = {};
    for (const noColor of ["1", ""]) {
      const command = `cd ${ROOT} && NO_COLOR=${noColor} timeout --foreground 100 npm start --silent -- --index ${index}; sleep 60`;
      expect(tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "50", command).status).toBe(0);
      await until((s) => /\d+ chunks/.test(s) && /^› /m.test(s), "the ready prompt", 60_000);
      tmux("send-keys", "-t", SESSION, "What did Austin and Shapps discuss?", "Enter");
      await until((s) => /^(Nearest s|S)ources:/m.test(s) && /^› +Ask about the corpus/m.test(s), "the answer", 60_000);
      codes[noColor] = tmux("capture-pane", "-p", "-e", "-t", SESSION).stdout;
      tmux("kill-session", "-t", SESSION);
    }
    expect(codes["1"]).not.toMatch(COLOUR);
    expect(codes["1"]).toMatch(/\x1b\[[0-9;]*1[;m]/); // bold is still used
    expect(codes[""]).toMatch(COLOUR);
  });
});

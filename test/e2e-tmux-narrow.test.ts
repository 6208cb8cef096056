import { describe, expect, it } from "vitest";
import { displayWidth, layoutText } from "../src/faces/terminal/wrap.js";
import { ROOT } from "./support/fixtures.js";
import { seedFixture } from "./support/robust.js";
import { hasTmux, tmuxTerminal } from "./support/tmux.js";

/**
 * The Ink chat in a terminal 16 columns wide (QA, 2026-12-01): it laid text out for at least 20
 * columns, so the terminal wrapped every long line again, ragged, and the sources' hanging indent
 * left one word a line. Now every line fits (tmux's joined capture shows a line the terminal had to
 * wrap as one longer line), hangs give way to a two-column step, the header drops its box and /help
 * stacks each command over what it does. Real tmux, real index.
 */
if (!hasTmux) console.warn("e2e-tmux-narrow skipped: tmux is not installed (apt-get install -y tmux)");

const { session: SESSION, tmux, until } = tmuxTerminal("narrow", "chat");
const WIDTH = 16;

describe.skipIf(!hasTmux)("the chat in a 16-column terminal (tmux)", () => {
  it("answers, lists sources, opens one and shows /help with every line fitting the width", { timeout: 300_000 }, async () => {
    const seed = await seedFixture();
    const command = `cd ${ROOT} && NO_COLOR=1 timeout --foreground 200 node --import tsx src/faces/cli/main.ts chat --corpus ${seed.corpus} --index ${seed.copyIndex()}; echo EXIT=$?; sleep 60`;
    expect(tmux("new-session", "-d", "-s", SESSION, "-x", String(WIDTH), "-y", "50", command).status).toBe(0);
    await until((s) => /3\s+articles/.test(s) && /^› Ask about/m.test(s), "the ready prompt", 150_000);

    tmux("send-keys", "-t", SESSION, "What did Austin and Shapps discuss?", "Enter");
    await until((s) => /^Sources:/m.test(s) && (s.match(/^› Ask about/gm) ?? []).length >= 1 && /\[1\]/.test(s), "the answer", 60_000);
    for (const [keys, shows] of [
      ["/sources", /Passages behind/],
      ["/open 1", /characters/],
      ["/help", /^\/quit$/m],
    ] as const) {
      tmux("send-keys", "-t", SESSION, keys, "Enter");
      await until((s) => shows.test(s), keys, 30_000);
    }
    // Let the last view settle, then read everything drawn, terminal-wrapped lines joined.
    await new Promise((r) => setTimeout(r, 500));
    const screen = tmux("capture-pane", "-p", "-J", "-S", "-2000", "-t", SESSION).stdout;
    const wide = screen.split("\n").filter((l) => displayWidth(l.trimEnd()) > WIDTH);
    expect(wide, screen).toEqual([]);

    // The header without its box, the facts still there.
    expect(screen).not.toMatch(/[╭╰│]/);
    expect(screen).toMatch(/briefing ·/);
    // Sources: the tag on its line, the title under it two columns in, ordinary words whole.
    const sources = screen.slice(screen.indexOf("Sources:"));
    expect(sources).toMatch(/^\[1(, \d)*\]\n {2}US and UK\b/m);
    expect(screen).toMatch(/\bIran-aligned\b/);
    // /help: each command over what it does.
    expect(screen).toMatch(/^\/open N\n {2}source \[N\]/m);

    tmux("send-keys", "-t", SESSION, "C-c");
    const done = await until((s) => /EXIT=\d+/.test(s), "the exit", 30_000);
    expect(/EXIT=(\d+)/.exec(done)?.[1]).toBe("0");
    tmux("kill-session", "-t", SESSION);
  });
});

describe("layout on a narrow width", () => {
  const text = "[1, 2, 3, 4, 5] US and UK defence chiefs meet on Iran-aligned militias";
  const drawn = (width: number, hang: number) => layoutText([{ text }], width, { hang, breakWords: true }).map((l) => l.lead + l.runs.map((r) => r.text).join(""));
  it("keeps a hang that leaves eight columns of text, and gives way to a two-column step where it would not", () => {
    expect(drawn(40, 16).slice(1).every((l) => l.startsWith(" ".repeat(16)))).toBe(true);
    const narrow = drawn(16, 16);
    expect(narrow.every((l) => displayWidth(l) <= 16), narrow.join("\n")).toBe(true);
    expect(narrow.slice(1).every((l) => /^ {2}\S/.test(l)), narrow.join("\n")).toBe(true);
    expect(drawn(5, 3).every((l) => displayWidth(l) <= 5)).toBe(true);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { hasBbc, ROOT } from "./support/fixtures.js";
import { currentManifest, lexicalOnlyFixture } from "./support/lexical-only.js";
import { hasTmux, tmuxTerminal } from "./support/tmux.js";

/**
 * `npm start` in a real terminal on an archive whose semantic layer is still empty (issue 13,
 * part 3): the chat is ready at once, its header's live line says `semantic index N% — answers
 * improve as it completes` and moves as the background embedding's checkpoints land, and a
 * question gets a cited answer before the layer is complete. Every wait is on the screen.
 */
if (!hasTmux) console.warn("e2e-tmux-semantic skipped: tmux is not installed (apt-get install -y tmux)");

const { session: SESSION, tmux, until } = tmuxTerminal("e2e-sem", "semantic");

const PROGRESS = /^semantic index (\d+)% — answers improve as it completes$/m;
const percent = (s: string) => Number(PROGRESS.exec(s)?.[1] ?? NaN);

describe.skipIf(!hasTmux || !hasBbc)("the chat while its semantic layer fills in (tmux)", () => {
  afterEach(() => {
    tmux("kill-session", "-t", SESSION);
  });

  it("shows the layer's progress in the header, moving with each checkpoint, and answers with citations meanwhile", { timeout: 900_000 }, async () => {
    // Some thousands of sentences: the layer takes far longer than one question.
    const { corpus, index } = await lexicalOnlyFixture(100);
    const command = `cd ${ROOT} && BRIEFING_CHECKPOINT_SENTENCES=256 timeout --foreground 800 npm start --silent -- --corpus ${corpus} --index ${index}; echo EXIT=$?; sleep 60`;
    expect(tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "50", command).status).toBe(0);

    const ready = await until((s) => /· \d+ articles · \d+ chunks/.test(s) && /^› /m.test(s) && PROGRESS.test(s), "the ready prompt and the progress line", 300_000);
    const first = percent(ready);
    expect(first).toBeLessThan(100);

    tmux("send-keys", "-t", SESSION, "What did Austin and Shapps discuss?", "Enter");
    const answered = await until((s) => /^(Nearest s|S)ources:/m.test(s) && /^› +Ask about the corpus/m.test(s), "the answer", 300_000);
    const turn = answered.slice(answered.indexOf("› What did Austin"));
    expect(turn).toMatch(/Austin[^]*\[1\]/);
    expect(turn).toMatch(/^Sources:\n\[1(, \d)*\] US and UK defence chiefs meet on Iran-aligned militias/m);
    // Answered before the layer was complete: the progress line is still under the answer.
    expect(turn).toMatch(PROGRESS);
    expect(turn).not.toMatch(/semantic index complete/);

    // A checkpoint lands: the same line, a higher figure.
    const moved = await until((s) => percent(s) > first, "the progress line to move", 600_000);
    expect(percent(moved)).toBeGreaterThan(first);
    expect(moved.match(/semantic index \d+%/g)).toHaveLength(1); // redrawn in place, not printed again

    tmux("send-keys", "-t", SESSION, "C-c");
    const done = await until((s) => /EXIT=\d+/.test(s), "the exit", 60_000);
    expect(/EXIT=(\d+)/.exec(done)?.[1]).toBe("0");
    // What the chat embedded was committed, in the checkpoints and at the exit.
    expect(currentManifest(index)!.manifest.embeddedCount).toBeGreaterThan(0);
  });
});

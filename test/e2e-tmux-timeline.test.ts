import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./support/fixtures.js";
import { hasTmux, tmuxTerminal } from "./support/tmux.js";

/**
 * A timeline in the real chat: tmux runs `npm start` on a few dated Reuters stories about the GenCorp
 * takeover battle, the test types `/timeline …` and reads the dated entries back off the screen.
 */
const REUTERS = path.join(ROOT, "../shared/corpora/reuters/reuters-21578.jsonl");
const hasReuters = existsSync(REUTERS);
if (!hasTmux) console.warn("e2e-tmux-timeline skipped: tmux is not installed (apt-get install -y tmux)");
if (!hasReuters) console.warn(`e2e-tmux-timeline skipped: no Reuters corpus at ${REUTERS}`);

const { session: SESSION, tmux, until } = tmuxTerminal("e2e-tl", "timeline");

// The bid, the suit, the rejection, the raised bid, the end: five dated stories, listed newest first on purpose.
const STORIES = ["reut_16395", "reut_12858", "reut_11144", "reut_08361", "reut_06410"];

describe.skipIf(!hasTmux || !hasReuters)("a timeline in the chat (tmux)", () => {
  it("lists dated entries oldest first, dates in a column", { timeout: 240_000 }, async () => {
    const dir = tempDir("briefing-e2e-tl-");
    const corpus = path.join(dir, "corpus");
    const wanted = new Set(STORIES);
    const lines = readFileSync(REUTERS, "utf8").split("\n").filter((l) => wanted.has(/"id": ?"([^"]+)"/.exec(l)?.[1] ?? ""));
    expect(lines).toHaveLength(STORIES.length);
    spawnSync("mkdir", ["-p", corpus]);
    writeFileSync(path.join(corpus, "gencorp.jsonl"), lines.reverse().join("\n") + "\n");
    const command = `cd ${ROOT} && NO_COLOR=1 timeout --foreground 200 npm start --silent -- --corpus ${corpus} --index ${path.join(dir, "index")}; sleep 60`;
    expect(tmux("new-session", "-d", "-s", SESSION, "-x", "90", "-y", "60", command).status).toBe(0);
    await until((s) => /· \d+ articles · \d+ chunks/.test(s) && /^› /m.test(s), "the ready prompt", 180_000);

    tmux("send-keys", "-t", SESSION, "/timeline the takeover battle for GenCorp", "Enter");
    const shown = await until((s) => /^Sources:/m.test(s) && /^› +Ask about the corpus/m.test(s), "the timeline", 60_000);
    const turn = shown.slice(shown.search(/^› .*timeline/im));
    expect(turn).toMatch(/^From 5 articles, 1987-03-18 to 1987-04-13\./m);
    const dates = [...turn.matchAll(/^(1987-\d\d-\d\d) +\S/gm)].map((m) => m[1]);
    expect(dates.length).toBeGreaterThanOrEqual(4);
    expect([...dates].sort()).toEqual(dates); // oldest first
    expect(dates[0]).toBe("1987-03-18");
    expect(turn).toMatch(/tender offer[^]*\[\d+\]/);
    // Dates in a column: an entry's continuation lines start where its first line's text does (QA 2026-12-02:
    // they started one column further in).
    const entries = turn.slice(0, turn.search(/^Sources:/m)).split(/\n(?=1987-)/).slice(1);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    for (const entry of entries) {
      const [first, ...more] = entry.trimEnd().split("\n");
      const column = /^1987-\d\d-\d\d +/.exec(first!)![0].length;
      for (const line of more) expect(/^ */.exec(line)![0].length, entry).toBe(column);
    }
    tmux("kill-session", "-t", SESSION);
  });
});

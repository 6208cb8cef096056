import { writeFileSync } from "node:fs";
import path from "node:path";
import { Text } from "ink";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { openPipeline } from "../src/pipeline.js";
import { turnOf } from "../src/conversation/turn.js";
import type { Briefing } from "../src/answer/types.js";
import { Answer } from "../src/faces/chat/Answer.js";
import type { Turn } from "../src/conversation/turn.js";
import { resolveSettings } from "../src/config.js";
import { ChatApp } from "../src/faces/chat/App.js";
import { openForChat } from "../src/faces/chat/open.js";
import { renderChat, tick, typeLine, waitFor } from "./chat-harness.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

// The chat draws on a real terminal, never under CI: Ink, once loaded with CI set (as a CI
// runner sets it), draws only the final frame. The app's own loader (src/faces/chat/ink.ts)
// hides CI the same way; this runs before the imports above.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});

/**
 * The Ink chat drawn by Ink into a fake terminal, on a real Briefer: a private copy of the
 * default corpus plus one hostile article, a temp index built once with the real embedder.
 */

// An article that tries everything a terminal obeys: clear screen, window title (OSC 0),
// a hyperlink (OSC 8), colours, cursor moves, 8-bit CSI, BEL and a full reset.
const HOSTILE = [
  "Date: 3 March 2024",
  "Cornish lighthouse keepers\x1b]0;pwned-title\x07 mark \x1b[31ma century\x1b[0m of service",
  "",
  "The lighthouse keepers of Cornwall\x1b[2J celebrated a century of service at the Lizard lighthouse in March 2024. " +
    "\x1b]8;;https://evil.example/\x1b\\Visitors\x1b]8;;\x1b\\ were invited to climb the lighthouse tower.\x07 " +
    "The keepers said the \x9b31mfog signal\x1b[10;10H was restored by volunteers from Falmouth.\x1bc",
  "",
  "Lighthouse keeping in Cornwall dates back to 1619, when the first Lizard light was lit by Sir John Killigrew.",
  "",
].join("\n");
const HOSTILE_PIECES = ["\x1b[2J", "\x1b]0;", "\x1b]8;", "\x07", "\x9b", "\x1b[10;10H", "\x1bc", "\x1b[31m"];
// Ink's own styling is SGR only; anything else that reaches the screen came from somewhere else.
const SGR = /\x1b\[[0-9;]*m/g;
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const AID_TITLE = "Hegseth and UK officials discuss peace efforts for Ukraine";

let briefer: Briefer;
beforeAll(async () => {
  const corpus = copyOfSeedCorpus();
  writeFileSync(path.join(corpus, "cornish-lighthouse.txt"), HOSTILE);
  briefer = await openPipeline(resolveSettings({ corpus, index: path.join(tempDir("briefing-chat-"), "index") }));
}, 180_000);
afterAll(async () => briefer?.close());

function chat(opts: { columns?: number; paceMs?: number } = {}) {
  const r = renderChat(<ChatApp open={async () => briefer} color={false} paceMs={opts.paceMs ?? 0} />, { columns: opts.columns });
  const ready = () => waitFor(() => r.lastFrame().includes("chunks") && r.lastFrame().includes("Ask about the corpus"), r.lastFrame, "the ready prompt");
  const ask = async (line: string, until: (frame: string) => boolean, what: string) => {
    const before = r.frames.length;
    await typeLine(r.stdin, line, r.lastFrame);
    const idle = (f: string) => f.includes("Ask about the corpus") && !/Searching the corpus|Composing the briefing/.test(f);
    await waitFor(() => r.frames.length > before && until(r.lastFrame()) && idle(r.lastFrame()), r.lastFrame, what);
    return r.lastFrame();
  };
  return { ...r, ready, ask };
}

/** The part of the screen after the last time `marker` appears. */
const after = (frame: string, marker: string) => frame.slice(frame.lastIndexOf(marker));

describe("the chat screen", { timeout: 60_000 }, () => {
  it("shows a header, then a typed question's cited answer with its source list", async () => {
    const c = chat();
    await c.ready();
    expect(c.lastFrame()).toMatch(/corpus \S+ · 4 articles · \d+ chunks/);
    expect(c.lastFrame()).toContain("embedder use-lite · answers extractive");
    const frame = await c.ask("What did Austin and Shapps discuss?", (f) => f.includes("Sources:"), "a cited answer");
    const turn = after(frame, "› What did Austin");
    expect(turn).toMatch(/Austin[^]*\[1\]/);
    expect(turn).toMatch(/\[1(, \d+)*\] US and UK defence chiefs meet on Iran-aligned\s+militias/);
    expect(turn).toContain("2024-01-31");
    c.unmount();
  });

  it("/sources lists the passages with scores, /open 1 shows the passage and where it sits", async () => {
    const c = chat();
    await c.ready();
    await c.ask("What did Austin and Shapps discuss?", (f) => f.includes("Sources:"), "an answer");
    const sources = after(await c.ask("/sources", (f) => f.includes("Passages behind the last answer"), "/sources"), "Passages behind");
    expect(sources).toMatch(/score 0\.\d{4} · dense -?\d\.\d\d · bm25 \d+\.\d\d/);
    expect(sources).toMatch(/cited as \[1\]/);
    expect(sources.match(/^\[\d\] /gm)?.length).toBeGreaterThanOrEqual(3);
    const opened = after(await c.ask("/open 1", (f) => /passages? \d/.test(after(f, "/open 1")), "/open 1"), "/open 1");
    expect(opened).toMatch(/\[1\] US and UK defence chiefs/);
    expect(opened).toMatch(/passage \d+ of \d+ · characters [\d,]+–[\d,]+ of [\d,]+/);
    expect(opened).toContain("Lloyd J. Austin III convened");
    const bad = await c.ask("/open 7", (f) => f.includes("Give a source number"), "the /open range hint");
    expect(after(bad, "/open 7")).toMatch(/\/open 1(–\d)?/);
    c.unmount();
  });

  it("answers a follow-up from the same article and shows how it was understood", async () => {
    const c = chat();
    await c.ready();
    const first = after(await c.ask("How much military aid did allied nations provide to Ukraine?", (f) => f.includes("Sources:"), "the first answer"), "› How much");
    expect(first).toContain(AID_TITLE);
    const follow = after(await c.ask("What about Germany?", (f) => f.includes("› What about Germany?") && /Sources:|Nearest sources:/.test(after(f, "› What about Germany?")), "the follow-up"), "› What about Germany?");
    expect(follow).toMatch(/\(understood as: What about Germany\? \(about: [^)]*\)\)/);
    expect(follow).toContain("Sources:");
    expect(follow).toContain(AID_TITLE);
    expect(follow).toMatch(/Germany[^]*\[\d\]/);
    c.unmount();
  });

  it("says plainly when the corpus does not cover a question", async () => {
    const c = chat();
    await c.ready();
    const frame = after(await c.ask("What is the capital of Peru?", (f) => f.includes("Nearest sources"), "the not-covered answer"), "› What is the capital");
    expect(frame).toMatch(/The corpus doesn't cover "Peru"/);
    expect(frame).not.toContain("Sources:\n");
    c.unmount();
  });

  it("/clear starts a fresh conversation: the next question is not read as a follow-up", async () => {
    const c = chat();
    await c.ready();
    await c.ask("What did Austin and Shapps discuss?", (f) => f.includes("Sources:"), "an answer");
    await c.ask("/clear", () => true, "the cleared screen");
    const frame = after(await c.ask("When was that meeting?", (f) => /[Ss]ources:/.test(after(f, "› When was that meeting?")), "an answer"), "› When was that");
    expect(frame).not.toContain("understood as");
    c.unmount();
  });

  it("recalls earlier inputs with Up and Down", async () => {
    const c = chat();
    await c.ready();
    await c.ask("What did Austin and Shapps discuss?", (f) => f.includes("Sources:"), "an answer");
    await c.ask("/help", (f) => f.includes("/open N"), "the help");
    c.stdin.write("draft");
    await waitFor(() => c.lastFrame().trimEnd().endsWith("› draft"), c.lastFrame, "the draft");
    c.stdin.write("\x1b[A");
    await waitFor(() => c.lastFrame().trimEnd().endsWith("› /help"), c.lastFrame, "recall of /help");
    c.stdin.write("\x1b[A");
    await waitFor(() => c.lastFrame().trimEnd().endsWith("› What did Austin and Shapps discuss?"), c.lastFrame, "recall of the question");
    c.stdin.write("\x1b[B");
    c.stdin.write("\x1b[B");
    await waitFor(() => c.lastFrame().trimEnd().endsWith("› draft"), c.lastFrame, "the draft back");
    c.unmount();
  });

  it("reveals an answer progressively, sentence by sentence", async () => {
    const c = chat({ paceMs: 30 });
    await c.ready();
    const final = after(await c.ask("How much military aid did allied nations provide to Ukraine?", (f) => f.includes("Sources:"), "the answer"), "› How much");
    const answer = final.split("\n").slice(1, final.split("\n").findIndex((l) => l.startsWith("Sources:"))).join(" ");
    const markers = answer.match(/\[\d\]/g) ?? [];
    expect(markers.length).toBeGreaterThan(1);
    // Some frame drawn while answering held part of the answer: a marker, but not all of them yet.
    const partial = c.frames.some((f) => f.includes("Composing") && (after(f, "› How much").match(/\[\d\]/g)?.length ?? 0) > 0 && (after(f, "› How much").match(/\[\d\]/g)?.length ?? 0) < markers.length);
    expect(partial).toBe(true);
    c.unmount();
  });
});

describe("the answer view", { timeout: 60_000 }, () => {
  const draw = async (briefing: Briefing) => {
    const r = renderChat(<Answer briefing={briefing} />);
    await tick();
    const frame = r.lastFrame().replace(SGR, "");
    r.unmount();
    return frame;
  };

  it("lists no sources under 'Nothing more on …', unlike the nearest sources under 'not covered'", async () => {
    const turns: Turn[] = [];
    let b: Briefing | undefined;
    for (const q of ["What did Austin and Shapps discuss?", ...Array(8).fill("Anything else?")]) {
      b = await briefer.ask(q, { history: turns });
      turns.push(turnOf(b));
      if (b.nothingMore) break;
    }
    expect(b?.nothingMore, b?.answer).toBe(true);
    const nothing = await draw(b!);
    expect(nothing).toContain("Nothing more on Austin and Shapps in the corpus beyond what was quoted above.");
    expect(nothing).not.toMatch(/[Ss]ources:|\[\d+\]/);
    expect(await draw(await briefer.ask("What is the capital of Peru?"))).toContain("Nearest sources:");
  });
});

describe("starting and leaving", { timeout: 120_000 }, () => {
  it("shows a progress bar while the index is built, then the header", async () => {
    const settings = resolveSettings({ corpus: copyOfSeedCorpus(), index: path.join(tempDir("briefing-chat-build-"), "index") });
    let fresh: Briefer | undefined;
    const r = renderChat(<ChatApp open={async (hooks) => (fresh = await openForChat(settings, hooks))} color={false} paceMs={0} />);
    try {
      expect(r.lastFrame()).toMatch(/^› /m); // the prompt is there from the first frame
      await waitFor(() => r.lastFrame().includes("chunks"), r.lastFrame, "the header", 100_000);
      const building = r.frames.filter((f) => !f.includes("chunks")).join("\n");
      expect(building).toMatch(/Indexing [█░]{24} \d+\/\d+ articles chunked/);
      // Sentences are embedded on worker threads, so the bar moves and the spinner turns meanwhile.
      const partial = [...building.matchAll(/Indexing [█░]{24} (\d+)\/(\d+) sentences embedded · (?:[\d.]+\/s · ETA [\dms ]+|estimating…)/g)].filter((m) => Number(m[1]) < Number(m[2]));
      expect(partial.length).toBeGreaterThan(0);
      const spinner = new Set(building.split("\n").filter((l) => l.includes("sentences embedded")).map((l) => l[0]));
      expect(spinner.size).toBeGreaterThan(1);
    } finally {
      r.unmount();
      await fresh?.close();
    }
  });

  it("a start that fails shows the error and its hint, and exits with it", async () => {
    const settings = resolveSettings({ corpus: path.join(tempDir(), "no-such-corpus"), index: path.join(tempDir(), "index") });
    const r = renderChat(<ChatApp open={(hooks) => openPipeline(settings, hooks)} color={false} />);
    await expect(r.waitUntilExit()).rejects.toThrow(/no-such-corpus/);
    expect(r.lastFrame()).toMatch(/^briefing: .*no-such-corpus.*\n {2}hint: /m);
  });

  it("leaves on /quit and on Ctrl+C, while answering too", async () => {
    const quit = chat();
    await quit.ready();
    await typeLine(quit.stdin, "/quit", quit.lastFrame);
    await expect(quit.waitUntilExit()).resolves.toBeUndefined();

    const ctrlC = chat();
    await ctrlC.ready();
    await typeLine(ctrlC.stdin, "What did Austin and Shapps discuss?", ctrlC.lastFrame);
    ctrlC.stdin.write("\x03");
    await expect(ctrlC.waitUntilExit()).resolves.toBeUndefined();
  });
});

describe("terminal safety and width", { timeout: 60_000 }, () => {
  it("draws an article full of escape sequences harmlessly, in the answer and every view", async () => {
    const c = chat();
    await c.ready();
    const frame = await c.ask("What did the Cornish lighthouse keepers celebrate?", (f) => f.includes("Sources:"), "the lighthouse answer");
    expect(after(frame, "› What did the Cornish")).toContain("Cornish lighthouse keepers mark a century of service");
    await c.ask("/sources", (f) => f.includes("Passages behind"), "/sources");
    await c.ask("/open 1", (f) => /characters/.test(after(f, "/open 1")), "/open 1");
    const corpus = await c.ask("/corpus", (f) => f.includes("index:"), "/corpus");
    expect(after(corpus, "/corpus")).toContain("Cornish lighthouse keepers mark a century of service");
    const everything = c.frames.join("");
    for (const piece of HOSTILE_PIECES) expect(everything.includes(piece), JSON.stringify(piece)).toBe(false);
    expect(everything.replace(SGR, "")).not.toMatch(UNSAFE);
    expect(everything).not.toContain("pwned-title");
    expect(everything).not.toContain("evil.example");
    c.unmount();
  });

  it("(control) the same check catches an unsanitised title, so it can fail", async () => {
    const r = renderChat(<Text>{HOSTILE.split("\n")[1]}</Text>);
    await tick(50);
    expect(r.frames.join("").replace(SGR, "")).toMatch(UNSAFE);
    r.unmount();
  });

  it("wraps answers and source lines within a 60-column terminal", async () => {
    const c = chat({ columns: 60 });
    await c.ready();
    const frame = await c.ask("What did Austin and Shapps discuss?", (f) => f.includes("Sources:"), "an answer");
    await c.ask("/sources", (f) => f.includes("Passages behind"), "/sources");
    const lines = c.lastFrame().replace(SGR, "").split("\n");
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(60);
    // The long title wraps under itself, not back to column 0.
    const wrapped = /^(\[1(?:, \d+)*\] )US and UK defence[^\n]*\n( +)\S/m.exec(after(frame, "Sources:"));
    expect(wrapped?.[2].length).toBe(wrapped?.[1].length);
    c.unmount();
  });
});

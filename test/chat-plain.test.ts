import { spawnSync } from "node:child_process";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { openPipeline } from "../src/pipeline.js";
import { resolveSettings } from "../src/config.js";
import { colorWanted } from "../src/faces/terminal/color.js";
import { chatPlain } from "../src/faces/chat/plain.js";
import { CLI, copyOfSeedCorpus, ROOT, tempDir } from "./support/fixtures.js";

/** `briefing chat` with stdin that is not a terminal: questions in, plain cited briefings out. */

const AUSTIN_TITLE = "US and UK defence chiefs meet on Iran-aligned militias";

describe("briefing chat, piped", { timeout: 180_000 }, () => {
  it("answers each line with a cited briefing, follows up, runs commands, stops at /quit, exits 0", () => {
    const corpus = copyOfSeedCorpus();
    const index = path.join(tempDir("briefing-chat-plain-"), "index");
    const input = ["What did Austin and Shapps discuss?", "When was that meeting?", "/sources", "/open 1", "/quit", "What about Germany?"].join("\n") + "\n";
    const r = spawnSync(process.execPath, [...CLI, "chat", "--corpus", corpus, "--index", index], { cwd: ROOT, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "" } });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).not.toMatch(/[\x1b\x07]/); // a pipe gets no colour codes
    const first = out.slice(out.indexOf("› What did Austin"), out.indexOf("› When was"));
    expect(first).toMatch(/Austin[^]*\[1\]/);
    expect(first).toMatch(/Sources:\n\[1(, \d)*\] US and UK defence chiefs meet/);
    const follow = out.slice(out.indexOf("› When was that meeting?"), out.indexOf("Passages behind"));
    expect(follow).toMatch(/\(understood as: When was that meeting\? \(about: [^)]*(Austin|Shapps)/);
    expect(follow).toContain(AUSTIN_TITLE);
    expect(out).toMatch(/Passages behind the last answer[^]*score 0\.\d{4}/);
    expect(out).toMatch(/passage \d+ of \d+ · characters [\d,]+–[\d,]+ of [\d,]+/);
    expect(out).not.toContain("What about Germany?"); // nothing after /quit is read
  });
});

describe("briefing chat, piped, asked for more", { timeout: 180_000 }, () => {
  it("answers 'What else?' with sentences not quoted yet, then says there is nothing more", () => {
    const corpus = copyOfSeedCorpus();
    const index = path.join(tempDir("briefing-chat-more-"), "index");
    const input = ["What did Austin and Shapps discuss?", "What else did they talk about?", "Anything else?", "Anything else?", "Anything else?"].join("\n") + "\n";
    const r = spawnSync(process.execPath, [...CLI, "chat", "--corpus", corpus, "--index", index], { cwd: ROOT, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "" } });
    expect(r.status, r.stderr).toBe(0);
    // Each reply's quoted sentences, from its source list ("[n] “…”" or a lone source's "“…”").
    const blocks = r.stdout.split(/^› /m).slice(1);
    expect(blocks).toHaveLength(5);
    const quotes = blocks.map((b) => [...b.replace(/\s+/g, " ").matchAll(/“([^”]+)”/g)].map((m) => m[1]));
    expect(quotes[0].length).toBeGreaterThanOrEqual(4);
    expect(quotes[1].length, blocks[1]).toBeGreaterThan(0);
    const said = new Set<string>();
    quotes.forEach((qs, i) => {
      for (const q of qs) {
        expect(said.has(q), `turn ${i + 1} repeats: ${q}`).toBe(false);
        said.add(q);
      }
    });
    expect(blocks[1]).toContain(AUSTIN_TITLE);
    expect(blocks.at(-1)).toMatch(/^Nothing more on Austin and Shapps in the corpus beyond what was quoted above\.$/m);
    // Nothing new was cited: no source list, not even the "Nearest sources" of a "not covered" answer.
    expect(blocks.at(-1)).not.toMatch(/[Ss]ources:|\[\d+\]/);
  });
});

describe("the piped chat's colour", { timeout: 180_000 }, () => {
  let briefer: Briefer;
  beforeAll(async () => {
    briefer = await openPipeline(resolveSettings({ corpus: copyOfSeedCorpus(), index: path.join(tempDir("briefing-chat-colour-"), "index") }));
  });
  afterAll(async () => briefer?.close());

  async function run(color: boolean, lines: string[]): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (d) => (text += d));
    input.end(lines.join("\n") + "\n");
    await chatPlain(briefer, { input, output, width: 80, color });
    return text;
  }

  it("highlights markers and the opened quote only when colour is on", async () => {
    const lines = ["What did Austin and Shapps discuss?", "/open 1"];
    const plain = await run(false, lines);
    const coloured = await run(true, lines);
    expect(plain).not.toContain("\x1b");
    expect(plain).toMatch(/»[^«]*Austin[^«]*«/); // the quote is marked without colour too
    expect(coloured).toContain("\x1b[36m[1]\x1b[39m");
    expect(coloured).toMatch(/\x1b\[1;33m[^\x1b]*Austin/);
  });

  it("follows NO_COLOR and the terminal check", () => {
    expect(colorWanted({}, { isTTY: true })).toBe(true);
    expect(colorWanted({ NO_COLOR: "1" }, { isTTY: true })).toBe(false);
    expect(colorWanted({}, { isTTY: false })).toBe(false);
    expect(colorWanted({ NO_COLOR: "" }, { isTTY: true })).toBe(true); // an empty NO_COLOR does not count
  });
});

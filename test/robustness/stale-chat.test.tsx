/**
 * Robustness catalogue, an open chat while another process re-ingests (issue 10): before each
 * question the chat reads the index's CURRENT pointer, switches to a newer generation, and says
 * so in one line. Plain chat through the real CLI with questions written to its stdin over time;
 * the Ink chat drawn by Ink; the re-ingest is a second `briefing ingest` process in both.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Briefer } from "../../src/answer/briefer.js";
import { resolveSettings } from "../../src/config.js";
import { ChatApp } from "../../src/faces/chat/App.js";
import { openForChat } from "../../src/faces/chat/open.js";
import { renderChat, typeLine, waitFor } from "../chat-harness.js";
import { cli, expectClean, json, seedFixture, startCli } from "../support/robust.js";

// Ink draws every frame only without CI set (see test/chat.test.tsx); the CLI hides it itself.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});

const NORWAY = "Norway pledged 12 patrol boats to the Baltic mission on Friday.";
const ASK_NORWAY = "How many patrol boats did Norway pledge?";
let corpus: string;
let copyIndex: () => string;

beforeAll(async () => {
  ({ corpus, copyIndex } = await seedFixture());
}, 120_000);
afterAll(() => rmSync(path.join(corpus, "norway.txt"), { force: true }));

/** Another process brings the index up to date with norway.txt added to the corpus. */
async function reingestElsewhere(index: string) {
  writeFileSync(path.join(corpus, "norway.txt"), NORWAY);
  const r = await cli(["ingest", "--json", "--corpus", corpus, "--index", index]);
  expect(json(r)).toMatchObject({ documents: 4, added: 1 });
}

describe("an open chat and a re-ingest by another process", () => {
  it("plain chat (questions from a pipe): the next question switches to the new index, saying so once", async () => {
    rmSync(path.join(corpus, "norway.txt"), { force: true });
    const index = copyIndex();
    const chat = startCli(["chat", "--corpus", corpus, "--index", index], { keepStdinOpen: true });
    let out = "";
    chat.child.stdout!.on("data", (d) => (out += d));
    const answered = (n: number) => waitFor(() => (out.match(/^› /gm) ?? []).length >= n && out.endsWith("\n\n"), () => out, `answer ${n}`, 90_000);
    try {
      chat.child.stdin!.write(`${ASK_NORWAY}\n`);
      await answered(1);
      expect(out).not.toContain(NORWAY); // not in the corpus yet
      await reingestElsewhere(index);
      chat.child.stdin!.write(`${ASK_NORWAY}\n`);
      await answered(2);
      chat.child.stdin!.write(`Where will the UK send an aircraft carrier?\n`);
      await answered(3);
    } finally {
      chat.child.stdin!.end("/quit\n");
    }
    const r = await chat.done;
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    const [, second, third] = out.split(/^(?=› )/m);
    expect(out.match(/index updated by another process/g)).toHaveLength(1);
    expect(out).toMatch(/^\(index updated by another process: now 4 articles \(was 3\)\)\n\n› How many patrol boats/m);
    expect(second ?? "").toContain(NORWAY);
    expect(third ?? "").toMatch(/aircraft carrier/);
  }, 240_000);

  it("Ink chat: the same, as a notice above the answer", async () => {
    rmSync(path.join(corpus, "norway.txt"), { force: true });
    const index = copyIndex();
    const settings = resolveSettings({ corpus, index });
    let briefer: Briefer | undefined;
    const r = renderChat(<ChatApp open={async (hooks) => (briefer = await openForChat(settings, hooks))} color={false} paceMs={0} />);
    try {
      await waitFor(() => r.lastFrame().includes("chunks"), r.lastFrame, "the header", 90_000);
      await reingestElsewhere(index);
      await typeLine(r.stdin, ASK_NORWAY, r.lastFrame);
      await waitFor(() => r.lastFrame().includes(NORWAY), r.lastFrame, "the Norway answer", 60_000);
      const screen = r.lastFrame();
      expect(screen).toContain("index updated by another process: now 4 articles (was 3)");
      expect(screen.indexOf("index updated by another process")).toBeLessThan(screen.lastIndexOf(NORWAY));
      expect(briefer!.index.manifest.articleCount).toBe(4);
    } finally {
      r.unmount();
      await briefer?.close();
    }
  }, 240_000);
});

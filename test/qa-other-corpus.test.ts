/**
 * `--index` naming another corpus's index (QA, 2026-12-01): `ask --corpus A --index <B's index>`
 * rebuilt B's index for A without asking. Now every face stops with one line naming the index
 * folder and the corpus it belongs to, and the next step; nothing is written. `ingest --rebuild`
 * replaces it on purpose; the same corpus copied elsewhere is still an ordinary update.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openBriefing } from "../src/briefing.js";
import { CLI, copyOfSeedCorpus, ROOT, tempDir } from "./support/fixtures.js";
import { cli, currentGen, expectClean, expectFailure, seedFixture } from "./support/robust.js";

let seed: Awaited<ReturnType<typeof seedFixture>>;
let other: string;
beforeAll(async () => {
  seed = await seedFixture();
  other = path.join(tempDir("briefing-other-"), "harbour-news");
  mkdirSync(other);
  writeFileSync(path.join(other, "ferry.md"), "# Ferry strike ends\n\nThe harbour ferry crews ended their strike on Monday after a pay deal.\n");
  writeFileSync(path.join(other, "bridge.md"), "# Bridge reopens\n\nThe old harbour bridge reopened to traffic after two years of repairs.\n");
}, 180_000);

/** The index's generations and what CURRENT names: unchanged means nothing was rebuilt or added. */
const state = (index: string) => ({ current: currentGen(index), generations: readdirSync(index).filter((n) => n.startsWith("gen-")).sort() });

const line = (index: string) => new RegExp(`the index at ${index.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} belongs to the corpus ".*${path.basename(seed.corpus)}" \\(3 articles\\), not ".*harbour-news"`);

describe("an index of another corpus", () => {
  it("ask and ingest stop with one line naming the index and its corpus, and the next step; nothing is rebuilt", async () => {
    const index = seed.copyIndex();
    const before = state(index);
    const asked = await cli(["ask", "Where does the ferry go?", "--corpus", other, "--index", index]);
    expectFailure(asked, line(index), /another --index .*ingest .*--rebuild/);
    expect(state(index)).toEqual(before);

    const ingested = await cli(["ingest", "--corpus", other, "--index", index]);
    expectFailure(ingested, line(index), /--rebuild/);
    expect(state(index)).toEqual(before);

    // The piped chat says the same and ends.
    const chat = await cli(["chat", "--corpus", other, "--index", index], { stdin: "Where does the ferry go?\n" });
    expectClean(chat);
    expect(chat.code).toBe(1);
    expect(chat.stderr).toMatch(line(index));
    expect(state(index)).toEqual(before);

    // The seed corpus still answers from it, as before.
    const seedAsk = await cli(["ask", "Where is the UK sending an aircraft carrier?", "--corpus", seed.corpus, "--index", index, "--json"]);
    expect(seedAsk.code, seedAsk.stderr).toBe(0);
    expect(JSON.parse(seedAsk.stdout).citations.length).toBeGreaterThan(0);
    expect(state(index)).toEqual(before);

    // Asked for, it is replaced.
    const rebuilt = await cli(["ingest", "--corpus", other, "--index", index, "--rebuild"]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(state(index).current).not.toBe(before.current);
    const now = await cli(["ask", "What reopened to traffic after two years of repairs?", "--corpus", other, "--index", index, "--json"]);
    expect(now.code, now.stderr).toBe(0);
    expect(JSON.parse(now.stdout).citations.map((c: { source: string }) => c.source).join(" "), now.stdout).toContain("bridge.md");
  }, 600_000);

  it("the library and the MCP server refuse it the same way", async () => {
    const index = seed.copyIndex();
    const before = state(index);
    await expect(openBriefing({ corpus: other, index })).rejects.toThrow(line(index));
    expect(state(index)).toEqual(before);

    const transport = new StdioClientTransport({ command: process.execPath, args: [...CLI, "mcp", "--corpus", other, "--index", index], cwd: ROOT, stderr: "pipe" });
    const client = new Client({ name: "briefing-qa", version: "1.0.0" });
    await client.connect(transport);
    const r = (await client.callTool({ name: "ask", arguments: { question: "Where does the ferry go?" } }, undefined, { timeout: 170_000 })) as { isError?: boolean; content: { text: string }[] };
    await client.close();
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(line(index));
    expect(state(index)).toEqual(before);
  }, 600_000);

  it("the same corpus copied to another folder is an ordinary update, not another corpus", async () => {
    const index = seed.copyIndex();
    const copy = copyOfSeedCorpus();
    writeFileSync(path.join(copy, "added.md"), "# Harbour note\n\nThe harbour ferry crews ended their strike on Monday.\n");
    const r = await cli(["ingest", "--corpus", copy, "--index", index]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/1 added/);
  }, 300_000);
});

/**
 * Small defects a new user met (QA pass, 2026-12-01), each through the real part:
 * - `/timeline` with no subject answered "Unknown command /timeline (…)", though /help lists it;
 * - `briefing --help` and `briefing mcp --help` named four MCP tools, the server serves five (`brief`);
 * - a closed library archive went on answering instead of saying it was closed.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openBriefing, UserError } from "../src/briefing.js";
import { parseInput } from "../src/faces/chat/commands.js";
import { CLI, copyOfSeedCorpus, ROOT, tempDir } from "./support/fixtures.js";
import { cli, expectClean } from "./support/robust.js";

describe("/timeline with no subject", () => {
  it("asks for a subject instead of calling a listed command unknown (piped chat, real index)", async () => {
    expect(parseInput("/timeline")).toEqual({ kind: "usage", text: "/timeline needs a subject, e.g. /timeline GenCorp" });
    const corpus = copyOfSeedCorpus();
    const r = await cli(["chat", "--corpus", corpus, "--index", path.join(tempDir(), "index")], { stdin: "/timeline\n/timeline   \n" });
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("Unknown command");
    expect(r.stdout.match(/\/timeline needs a subject, e\.g\. \/timeline GenCorp/g)).toHaveLength(2);
  }, 180_000);
});

describe("the MCP tools named in --help", () => {
  it("are every tool a real MCP client is offered", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [...CLI, "mcp", "--index", path.join(tempDir(), "index")], cwd: ROOT, stderr: "pipe" });
    const client = new Client({ name: "briefing-qa", version: "1.0.0" });
    await client.connect(transport);
    const names = (await client.listTools()).tools.map((t) => t.name);
    await client.close();
    expect(names.length).toBeGreaterThan(0);
    const top = await cli(["--help"]);
    const mcp = await cli(["mcp", "--help"]);
    for (const help of [top.stdout, mcp.stdout]) {
      const listed = /tools ((?:[a-z_]+, )*[a-z_]+)/.exec(help.replace(/\s+/g, " "))?.[1]?.split(", ");
      expect(listed?.sort(), help).toEqual([...names].sort());
    }
  }, 180_000);
});

describe("a closed archive", () => {
  it("says so on every call instead of answering on; closing twice is harmless", async () => {
    const archive = await openBriefing({ corpus: copyOfSeedCorpus(), index: path.join(tempDir(), "index") });
    const b = await archive.ask("Where is the UK sending an aircraft carrier?");
    expect(b.citations.length).toBeGreaterThan(0);
    const id = b.citations[0]!.articleId;
    await archive.close();
    await archive.close();
    const calls: [string, () => unknown][] = [
      ["ask", () => archive.ask("Where is the UK sending an aircraft carrier?")],
      ["search", () => archive.search("Red Sea")],
      ["articleText", () => archive.articleText(id)],
      ["article", () => archive.article(id)],
      ["listArticles", () => archive.listArticles()],
      ["allArticles", () => archive.allArticles()],
    ];
    for (const [name, call] of calls) {
      const err = await Promise.resolve().then(call).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(UserError);
      expect((err as Error).message, name).toBe("the archive is closed");
    }
  }, 180_000);
});

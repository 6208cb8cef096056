/**
 * `briefing mcp` as an assistant drives it: the CLI in a child process (node --import tsx), the
 * MCP SDK's own Client over StdioClientTransport, the seed corpus and a temp index built by the
 * server at start. Every tool is called and its result checked against the article files;
 * bad arguments must come back as tool errors while the server keeps serving.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import type { Article } from "../src/corpus/types.js";
import { CLI, ROOT, tempDir } from "./support/fixtures.js";

const index = tempDir("briefing-mcp-index-");
let client: Client;
let transport: StdioClientTransport;
let stderr = "";
let articles: Map<string, Article>;
// A hang guard like vitest's, not the SDK's 60 s default: the first call waits for the server to
// build its index, which took over 60 s at load 29 on this 2-core machine.
const GUARD = { timeout: 170_000 };

/** A tool's result: its JSON value, or its one-line error. */
async function call(name: string, args: Record<string, unknown>): Promise<{ value?: any; error?: string }> {
  const r = (await client.callTool({ name, arguments: args }, undefined, GUARD)) as { content: { type: string; text: string }[]; isError?: boolean; structuredContent?: unknown };
  expect(r.content).toHaveLength(1);
  expect(r.content[0]!.type).toBe("text");
  if (r.isError) return { error: r.content[0]!.text };
  const value = JSON.parse(r.content[0]!.text);
  expect(r.structuredContent, "structured content matches the text").toEqual(value);
  return { value };
}

beforeAll(async () => {
  articles = new Map((await loadCorpus("corpus")).articles.map((a) => [a.id, a]));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("BRIEFING_")) env[k] = v;
  transport = new StdioClientTransport({ command: process.execPath, args: [...CLI, "mcp", "--index", index], cwd: ROOT, env, stderr: "pipe" });
  transport.stderr?.on("data", (d) => (stderr += d));
  client = new Client({ name: "briefing-test", version: "1.0.0" });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
});

describe("briefing mcp over stdio, driven by the SDK's Client", () => {
  it("lists the five tools with descriptions and schemas, and no corpus text in them", async () => {
    const { tools } = await client.listTools(undefined, GUARD);
    expect(tools.map((t) => t.name).sort()).toEqual(["ask", "brief", "get_article", "list_articles", "search"]);
    const titles = [...articles.values()].map((a) => a.title);
    for (const t of tools) {
      expect(t.description!.length, `${t.name} has a description`).toBeGreaterThan(80);
      expect(t.inputSchema.type).toBe("object");
      const described = JSON.stringify(t);
      for (const title of titles) expect(described).not.toContain(title);
    }
    const search = tools.find((t) => t.name === "search")!;
    expect(Object.keys(search.inputSchema.properties!).sort()).toEqual(["from", "k", "query", "to"]);
    expect(search.inputSchema.required).toEqual(["query"]);
    expect(tools.find((t) => t.name === "ask")!.inputSchema.required).toEqual(["question"]);
  });

  it("search: passages whose text is the article's text at their offsets, k respected, date range applied", async () => {
    const { value, error } = await call("search", { query: "aircraft carrier Red Sea", k: 3 });
    expect(error).toBeUndefined();
    expect(value.hits.length).toBeGreaterThan(0);
    expect(value.hits.length).toBeLessThanOrEqual(3);
    for (const h of value.hits) {
      expect(h).toMatchObject({ articleId: expect.any(String), title: expect.any(String), source: expect.any(String), start: expect.any(Number), end: expect.any(Number), score: expect.any(Number) });
      const a = articles.get(h.articleId)!;
      expect(a, `hit's article ${h.articleId} is in the corpus`).toBeDefined();
      expect(h.title).toBe(a.title);
      expect(h.date).toBe(a.date);
      expect(h.text).toBe(a.text.slice(h.start, h.end));
    }
    expect(value.hits[0].articleId).toBe("2024-01-31-us-uk-defence-chiefs.md");
    expect(value.hits[0].source).toBe("corpus/2024-01-31-us-uk-defence-chiefs.md");
    const scores = value.hits.map((h: any) => h.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);

    const dated = await call("search", { query: "Ukraine", k: 10, from: "2024-01-01", to: "2024-12-31" });
    expect(dated.value.hits.length).toBeGreaterThan(0);
    for (const h of dated.value.hits) expect(h.date >= "2024-01-01" && h.date <= "2024-12-31", `${h.articleId} dated ${h.date}`).toBe(true);
    const none = await call("search", { query: "Ukraine", from: "1990-01-01", to: "1990-12-31" });
    expect(none.value.hits).toEqual([]);
  });

  it("ask: a cited briefing whose every quote is verbatim at its offsets", async () => {
    const { value: b } = await call("ask", { question: "Where is the UK sending an aircraft carrier?" });
    expect(b.abstained).toBe(false);
    expect(b.reason).toBeUndefined();
    expect(b.answer).toMatch(/Red Sea/);
    expect(b.citations.length).toBeGreaterThan(0);
    for (const c of b.citations) {
      const a = articles.get(c.articleId)!;
      expect(a).toBeDefined();
      expect(c.quote.length).toBeGreaterThan(0);
      expect(a.text.slice(c.start, c.end), `quote [${c.n}] at ${c.start}..${c.end}`).toBe(c.quote);
      expect(b.answer).toContain(`[${c.n}]`);
      // The same span through get_article.
      const span = await call("get_article", { id: c.articleId, start: c.start, end: c.end });
      expect(span.value.text).toBe(c.quote);
    }
  });

  it("ask: a question the archive does not cover comes back abstained, with a reason and no citations", async () => {
    const { value: b } = await call("ask", { question: "How much military aid has France given Ukraine?" });
    expect(b.abstained).toBe(true);
    expect(typeof b.reason).toBe("string");
    expect(b.reason.length).toBeGreaterThan(0);
    expect(b.citations).toEqual([]);
  });

  it("brief: an overview and a timeline across the articles, every quote verbatim at its offsets, dated points in order", async () => {
    const { value: o } = await call("brief", { subject: "US and UK support for Ukraine", kind: "overview" });
    expect(o.abstained).toBe(false);
    expect(o.digest.kind).toBe("overview");
    expect(o.digest.points.length).toBeGreaterThanOrEqual(2);
    expect(o.digest.scope.articles).toBeGreaterThanOrEqual(2); // across articles, not one
    const { value: t } = await call("brief", { subject: "US-UK meetings", kind: "timeline" });
    expect(t.digest.kind).toBe("timeline");
    const dates = t.digest.points.map((p: any) => p.date).filter(Boolean);
    expect(dates.length).toBeGreaterThan(0);
    expect([...dates].sort()).toEqual(dates); // oldest first
    for (const b of [o, t]) {
      for (const c of b.citations) expect(articles.get(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
      const quotes = b.citations.map((c: any) => `${c.articleId}@${c.start}`);
      expect(new Set(quotes).size).toBe(quotes.length); // never the same sentence twice
    }
    const bad = await client.callTool({ name: "brief", arguments: { subject: "Ukraine", kind: "forecast" } }, undefined, GUARD);
    expect(bad.isError).toBe(true);
  });

  it("get_article and list_articles: metadata, whole text, paging and filters", async () => {
    const id = "blinken-in-london-us-uk-strategic-dialogue.md";
    const { value: a } = await call("get_article", { id });
    expect(a).toMatchObject({ id, title: articles.get(id)!.title, date: articles.get(id)!.date, start: 0, end: articles.get(id)!.text.length, length: articles.get(id)!.text.length });
    expect(a.text).toBe(articles.get(id)!.text);

    const first = (await call("list_articles", { limit: 2 })).value;
    expect(first.total).toBe(articles.size);
    expect(first.articles).toHaveLength(2);
    expect(first.nextOffset).toBe(2);
    const rest = (await call("list_articles", { limit: 2, offset: 2 })).value;
    expect(rest.articles).toHaveLength(articles.size - 2);
    expect(rest.nextOffset).toBeUndefined();
    const ids = [...first.articles, ...rest.articles].map((x: any) => x.id).sort();
    expect(ids).toEqual([...articles.keys()].sort());
    for (const x of first.articles) expect(x.text).toBeUndefined();

    const byTitle = (await call("list_articles", { title: "blinken LONDON" })).value;
    expect(byTitle.articles.map((x: any) => x.id)).toEqual([id]);
    const dated = (await call("list_articles", { from: "2024-01-01", to: "2024-01-31" })).value;
    expect(dated.articles.map((x: any) => x.id)).toEqual([...articles.values()].filter((x) => x.date && x.date >= "2024-01-01" && x.date <= "2024-01-31").map((x) => x.id));
  });

  it("bad arguments are one-line tool errors, and the server keeps serving", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["get_article", { id: "corpus/no-such-article.md" }, /no article with id "corpus\/no-such-article\.md"/],
      ["search", { query: "   " }, /query is empty/],
      ["search", { query: "Ukraine", k: 100000 }, /k must be at most 50/],
      ["search", { query: "Ukraine", k: 0 }, /k must be at least 1/],
      ["search", { query: "Ukraine", from: "31/01/2024" }, /YYYY-MM-DD/],
      ["search", { query: "Ukraine", from: "2024-12-31", to: "2024-01-01" }, /after/],
      ["ask", { question: "" }, /question is empty/],
      ["get_article", { id: "blinken-in-london-us-uk-strategic-dialogue.md", start: 10, end: 999999 }, /outside the article/],
      ["list_articles", { limit: 5000 }, /limit must be at most 200/],
      ["search", { query: "Ukraine", form: "2024-01-01" }, /form/], // a misspelt name is refused, not dropped
      ["list_articles", { titel: "Shapps" }, /titel/],
      ["search", { query: "Ukraine", k: "5" }, /k/], // a wrong type
    ];
    for (const [name, args, message] of cases) {
      const r = await call(name, args);
      expect(r.value, `${name} ${JSON.stringify(args)} fails`).toBeUndefined();
      expect(r.error).toMatch(message);
      expect(r.error!.split("\n"), `one line: ${r.error}`).toHaveLength(1);
    }
    // Still serving.
    const after = await call("search", { query: "Shapps", k: 1 });
    expect(after.value.hits).toHaveLength(1);
    await expect(client.ping()).resolves.toBeDefined();
  });

  it("articles are resources briefing://article/<id>, listed and read", async () => {
    const { resources } = await client.listResources(undefined, GUARD);
    expect(resources.map((r) => decodeURIComponent(r.uri.replace("briefing://article/", ""))).sort()).toEqual([...articles.keys()].sort());
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain("briefing://article/{id}");
    for (const r of resources) {
      const id = decodeURIComponent(r.uri.replace("briefing://article/", ""));
      expect(r.name).toBe(articles.get(id)!.title);
      const read = await client.readResource({ uri: r.uri }, GUARD);
      expect(read.contents).toHaveLength(1);
      expect((read.contents[0] as { text: string }).text).toBe(articles.get(id)!.text);
    }
    await expect(client.readResource({ uri: "briefing://article/nope" }, GUARD)).rejects.toThrow(/no article with id "nope"/);
  });

  it("logs only to stderr", () => {
    // Every stdout line was protocol (the client would have failed on anything else); the log went to stderr.
    expect(stderr).toMatch(/briefing mcp: serving 3 articles/);
  });
});

describe("briefing mcp when the archive cannot be opened", () => {
  it("answers the handshake, returns the reason as a one-line tool error on every call, and keeps serving", async () => {
    const missing = tempDir("briefing-mcp-nocorpus-") + "/no-such-folder";
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("BRIEFING_")) env[k] = v;
    const t = new StdioClientTransport({ command: process.execPath, args: [...CLI, "mcp", "--corpus", missing, "--index", tempDir()], cwd: ROOT, env, stderr: "pipe" });
    let log = "";
    t.stderr?.on("data", (d) => (log += d));
    const c = new Client({ name: "briefing-test", version: "1.0.0" });
    await c.connect(t);
    try {
      expect((await c.listTools()).tools).toHaveLength(5);
      for (const [name, args] of [["search", { query: "Ukraine" }], ["list_articles", {}]] as const) {
        const r = (await c.callTool({ name, arguments: args })) as { isError?: boolean; content: { text: string }[] };
        expect(r.isError).toBe(true);
        expect(r.content[0]!.text).toMatch(/corpus folder .*no-such-folder does not exist/);
        expect(r.content[0]!.text.split("\n")).toHaveLength(1);
      }
      await expect(c.ping()).resolves.toBeDefined();
      expect(log).toMatch(/briefing mcp: the archive could not be opened/);
      expect(log).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      await c.close();
    }
  });
});

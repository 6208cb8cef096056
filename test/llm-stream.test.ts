/**
 * LLM mode in process: tokens reach `onText` as the server sends them (OpenAI SSE and Ollama
 * NDJSON), a stalled stream and a caller's abort end promptly, prompt files drive what is
 * sent, and follow-ups are rewritten through prompts/rewrite.txt. Real HTTP on 127.0.0.1,
 * the real embedder and index.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Briefer } from "../src/answer/briefer.js";
import { openPipeline } from "../src/pipeline.js";
import { openLlm } from "../src/answer/llm/models.js";
import { rewriteFollowUp } from "../src/answer/llm/rewrite.js";
import { resolveSettings, type Settings } from "../src/config.js";
import { startOllamaFake, startOpenAiFake, tokens, type FakeServer, type Received, type Reply } from "./support/fake-llm-servers.js";
import { ROOT, tempDir } from "./support/fixtures.js";
import { corpusWithInjection, Q, sourceWith } from "./support/llm-cases.js";

const corpus = corpusWithInjection();
const index = tempDir();
let replyFor: (r: Received) => Reply;
let openai: FakeServer;
let ollama: FakeServer;
let extractive: Briefer;

const carrier = (r: Received) => {
  const n = sourceWith(r, "aircraft carrier");
  return `The UK intends to dispatch an aircraft carrier to the Red Sea [${n}]. The move follows unlawful Houthi assaults on global shipping in the Red Sea [${n}].`;
};

function settings(llm: string, llmTimeout = 20_000): Settings {
  return resolveSettings({ corpus, index, llm, llmTimeout, k: 3 }, {});
}

/** Opens a Briefer with env set for the LLM clients (they read OPENAI_BASE_URL / OLLAMA_HOST). */
async function open(llm: string, env: Record<string, string>, llmTimeout?: number): Promise<Briefer> {
  Object.assign(process.env, env);
  return openPipeline(settings(llm, llmTimeout), { refresh: false });
}

beforeAll(async () => {
  openai = await startOpenAiFake((r) => replyFor(r));
  ollama = await startOllamaFake((r) => replyFor(r));
  extractive = await openPipeline(settings("none")); // builds the index
}, 240_000);

afterAll(async () => {
  delete process.env.BRIEFING_PROMPTS;
  await extractive?.close();
  await openai?.close();
  await ollama?.close();
});

describe.each([
  ["openai:fake-model", () => openai, () => ({ OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: "k" })],
  ["ollama:fake-model", () => ollama, () => ({ OLLAMA_HOST: ollama.url })],
] as const)("streaming with %s", (spec, server, env) => {
  it("passes each token to onText, in order, while the server is still sending", async () => {
    // Streamed, not buffered: the server writes its last token only once the first has reached
    // onText (a client that buffered the reply would wait for ever). Ordered by events, not timed.
    let firstSeen!: () => void;
    const holdLast = new Promise<void>((ok) => (firstSeen = ok));
    replyFor = (r) => ({ kind: "stream", text: carrier(r), holdLast });
    const b = await open(spec, env());
    const seen: string[] = [];
    const briefing = await b.ask(Q.grounded, { onText: (text) => (seen.push(text), firstSeen()) });
    const sent = carrier(server().received.at(-1)!);
    expect(seen).toEqual(tokens(sent));
    expect(seen.join("")).toBe(sent);
    expect(briefing).toMatchObject({ mode: "llm", abstained: false, notices: [] });
    expect(briefing.sentences.every((s) => s.supported)).toBe(true);
    await b.close();
  });
});

describe("a stream that stops, and a caller that cancels", () => {
  it("falls back to the extractive briefing when tokens stop coming (idle timeout)", async () => {
    replyFor = () => ({ kind: "stall", text: "The UK intends to" });
    // The stalled stream never ends: the ask returning at all is the idle timeout at work. The limit is
    // long enough that the first token arrives within it on a loaded machine (0.8 s was not; 3 s is
    // not sure at load 29 on 2 cores).
    const b = await open("openai:fake-model", { OPENAI_BASE_URL: openai.url }, 8000);
    const seen: string[] = [];
    const briefing = await b.ask(Q.grounded, { onText: (t) => seen.push(t) });
    expect(seen[0]).toBe("The");
    const plain = await extractive.ask(Q.grounded);
    expect(briefing.mode).toBe("extractive");
    expect(briefing.answer).toBe(plain.answer);
    expect(briefing.citations).toEqual(plain.citations);
    expect(briefing.notices).toEqual([`LLM openai:fake-model at ${openai.url} stopped answering for 8 s; showing the extractive briefing`]);
    await b.close();
  });

  it("rejects with the caller's reason when the caller aborts mid-stream, and hangs up on the server", async () => {
    // One token, then the server waits for ever, and the idle timeout (an hour) cannot end the ask:
    // only the abort can settle it, without the stream's next token. Not timed.
    replyFor = (r) => ({ kind: "stall", text: carrier(r) });
    const b = await open("openai:fake-model", { OPENAI_BASE_URL: openai.url }, 3_600_000);
    const ctl = new AbortController();
    const request = openai.received.length;
    const seen: string[] = [];
    const asked = b.ask(Q.grounded, { signal: ctl.signal, onText: (t) => (seen.push(t), ctl.abort(new Error("user pressed Esc"))) });
    await expect(asked).rejects.toThrow("user pressed Esc");
    expect(seen).toEqual(["The"]);
    expect(openai.writes[request]).toHaveLength(1);
    // No request left pending: the client closed the connection before the reply ended.
    expect(await openai.closed[request]).toBe(true);
    expect(openai.pending()).toBe(0);
    await b.close();
  });
});

describe("prompt files", () => {
  it("an edited prompts/answer.txt changes what the model is told, without code changes", async () => {
    const dir = tempDir("briefing-prompts-");
    cpSync(path.join(ROOT, "prompts"), dir, { recursive: true });
    const file = path.join(dir, "answer.txt");
    writeFileSync(file, readFileSync(file, "utf8").replace("[system]\n", "[system]\nAnswer in the voice of a ship's captain.\n"));
    replyFor = (r) => ({ kind: "stream", text: carrier(r) });
    const b = await open("openai:fake-model", { OPENAI_BASE_URL: openai.url, BRIEFING_PROMPTS: dir });
    await b.ask(Q.grounded);
    expect(openai.received.at(-1)!.system).toMatch(/^Answer in the voice of a ship's captain\./);
    await b.close();
    delete process.env.BRIEFING_PROMPTS;
  });

  it("a prompt file that lost a variable stops at start with a one-line reason", async () => {
    const dir = tempDir("briefing-prompts-");
    cpSync(path.join(ROOT, "prompts"), dir, { recursive: true });
    const file = path.join(dir, "answer.txt");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("{sources}", "(sources go here)"));
    process.env.BRIEFING_PROMPTS = dir;
    await expect(openPipeline(settings("openai:fake-model"), { refresh: false })).rejects.toThrow(`the prompt file ${file} lacks {sources}`);
    delete process.env.BRIEFING_PROMPTS;
  });
});

describe("rewriteFollowUp", () => {
  it("turns a follow-up and the earlier questions into a standalone question", async () => {
    const rewrites = await startOpenAiFake(
      (r) => (r.user.includes("- What military aid has the United States given Ukraine?") && r.question === "what about Germany?" ? { kind: "stream", text: "What military aid has Germany given Ukraine?" } : { kind: "status", status: 400, message: "unexpected rewrite prompt" }),
      { requireSources: false },
    );
    const llm = await openLlm({ llm: "openai:fake-model", llmTimeoutMs: 20_000 }, { OPENAI_BASE_URL: rewrites.url });
    const history = [{ question: "What military aid has the United States given Ukraine?" }];
    expect(await rewriteFollowUp(llm, history, "what about Germany?")).toBe("What military aid has Germany given Ukraine?");
    expect(rewrites.received[0].system).toMatch(/standalone question/);
    expect(await rewriteFollowUp(llm, [], "what about Germany?")).toBeNull(); // nothing to lean on
    expect(await rewriteFollowUp(llm, history, "and France?")).toBeNull(); // the server refused: caller keeps its own reading
    await rewrites.close();
  });
});

/**
 * LLM mode for timelines and overviews: the real pipeline in-process (real embedder, real hnswlib) over
 * six dated Reuters stories on the GenCorp takeover battle — one a constructed copy dated a day later
 * with the board's deadline changed, so the reports differ — and a fake OpenAI-compatible server on
 * 127.0.0.1. The model must receive the grouped, dated points (with the digest's own citation numbers)
 * and the conflict; its answer is verified sentence by sentence; a failing model falls back to the
 * extractive briefing with one notice.
 */
import { openPipeline } from "../src/pipeline.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Briefer } from "../src/answer/briefer.js";
import type { Briefing } from "../src/answer/types.js";
import { resolveSettings } from "../src/config.js";
import { startOpenAiFake, type FakeServer, type Received, type Reply } from "./support/fake-llm-servers.js";
import { gencorpCorpus, hasReuters, REUTERS } from "./support/gencorp.js";

if (!hasReuters) console.warn(`llm-briefing skipped: no Reuters corpus at ${REUTERS}`);

const INVENTED = "1987-03-20: GenCorp agreed to merge with Toyota";
const TIMELINE = "Timeline of the GenCorp takeover battle";
const OVERVIEW = "Brief me on the GenCorp takeover battle";

/** Each point's first source, as the model was shown it: date, source number, text. */
function pointsOf(r: Received): { date: string; n: number; text: string }[] {
  return [...r.user.matchAll(/^Point \d+ — (\S+)[^\n]*:\n<source id="(\d+)"[^>]*>\n([\s\S]*?)\n<\/source>/gm)].map((m) => ({ date: m[1], n: Number(m[2]), text: m[3].replace(/\s+/g, " ").trim() }));
}

/** Replies with one line per point (its first source copied and cited), plus one line no source supports. */
const script = (r: Received): Reply => {
  if (!r.system.includes("morning briefing")) return { kind: "status", status: 400, message: "not a briefing prompt" };
  const lines = pointsOf(r).map((p) => `${p.date}: ${p.text} [${p.n}]`);
  return { kind: "stream", text: [...lines, `${INVENTED} [${pointsOf(r)[0]?.n ?? 1}].`].join("\n"), delayMs: 1 };
};

let server: FakeServer;
/** A model that always fails. */
let broken: FakeServer;
let offline: Briefer;
let online: Briefer;
let failing: Briefer;

beforeAll(async () => {
  if (!hasReuters) return;
  server = await startOpenAiFake(script);
  const { corpus, index } = gencorpCorpus({ conflict: true });
  offline = await openPipeline(resolveSettings({ corpus, index, llm: "none" }, {}));
  const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "test-key" };
  Object.assign(process.env, env);
  online = await openPipeline(resolveSettings({ corpus, index, llm: "openai:fake-model", llmTimeout: 5000 }, env), { refresh: false });
  broken = await startOpenAiFake(() => ({ kind: "status", status: 500, message: "model crashed" }));
  const env2 = { OPENAI_BASE_URL: broken.url, OPENAI_API_KEY: "test-key" };
  Object.assign(process.env, env2);
  failing = await openPipeline(resolveSettings({ corpus, index, llm: "openai:fake-model", llmTimeout: 5000 }, env2), { refresh: false });
}, 300_000);

afterAll(async () => {
  await offline?.close();
  await online?.close();
  await failing?.close();
  await server?.close();
  await broken?.close();
});

describe.skipIf(!hasReuters)("LLM mode for cross-article briefings", () => {
  let extractive: Briefing;
  let llm: Briefing;
  let request: Received;

  beforeAll(async () => {
    if (!hasReuters) return;
    extractive = await offline.ask(TIMELINE);
    const before = server.received.length;
    llm = await online.ask(TIMELINE);
    request = server.received[before];
  });

  it("gives the model the digest's grouped, dated points with their own citation numbers, and the conflict", () => {
    expect(extractive.digest?.kind).toBe("timeline");
    expect(extractive.digest!.points.length).toBeGreaterThanOrEqual(3);
    expect(request).toBeDefined();
    const shown = pointsOf(request);
    const points = [...extractive.digest!.points, ...extractive.digest!.undated];
    expect(shown.map((p) => p.n)).toEqual(points.map((p) => p.citations[0]));
    expect(shown.map((p) => p.date)).toEqual(points.map((p) => p.date ?? "undated"));
    // Every source fenced is a citation of the digest, with its verbatim quote.
    const quotes = new Map(extractive.citations.map((c) => [c.n, c.quote.replace(/\s+/g, " ").trim().replace(/</g, "‹").replace(/>/g, "›")]));
    for (const s of request.sources) expect(s.text.replace(/\s+/g, " ").trim()).toBe(quotes.get(s.id));
    expect(request.sources.length).toBe(points.reduce((n, p) => n + p.citations.length, 0));
    // The constructed conflict is in the digest and in the prompt, with both values.
    expect(extractive.digest!.conflicts.length).toBeGreaterThanOrEqual(1);
    const block = request.user.slice(request.user.indexOf("Reports differ:"));
    expect(block).toMatch(/March 31/);
    expect(block).toMatch(/April 2/);
  });

  it("verifies the model's answer: copied points supported, the invented line flagged", () => {
    expect(llm.mode).toBe("llm");
    expect(llm.digest).toEqual(extractive.digest);
    const invented = llm.sentences.find((s) => s.text.includes("Toyota"));
    expect(invented?.supported).toBe(false);
    expect(llm.notices.some((n) => n.includes("Toyota") && n.includes("unsupported"))).toBe(true);
    const copied = llm.sentences.filter((s) => !s.text.includes("Toyota"));
    expect(copied.length).toBe(pointsOf(request).length);
    expect(copied.every((s) => s.supported && s.citations.length === 1)).toBe(true);
    // The digest's citations stay whole, so its points still cite the right quotes.
    expect(llm.citations.map((c) => c.quote)).toEqual(extractive.citations.map((c) => c.quote));
    // Laid out as the extractive timeline is: the model's "1987-03-18: …" lines get the date column.
    expect(llm.answer.split("\n")[0]).toMatch(/^1987-03-1\d {2}\S/);
    const dated = llm.answer.split("\n").filter((l) => /^\d{4}-\d{2}-\d{2} {2}\S/.test(l));
    expect(dated.length).toBe(pointsOf(request).filter((p) => p.date !== "undated").length + 1); // + the invented line
  });

  it("an overview goes to the model too", async () => {
    const b = await online.ask(OVERVIEW);
    expect(b.mode).toBe("llm");
    expect(b.digest?.kind).toBe("overview");
    expect(server.received.at(-1)!.user).toContain("Briefing asked for: overview.");
  });

  it("falls back to the extractive briefing with one notice when the model fails", async () => {
    const before = broken.received.length;
    const b = await failing.ask(TIMELINE);
    expect(broken.received.length).toBe(before + 1);
    expect(b.mode).toBe("extractive");
    expect(b.answer).toBe(extractive.answer);
    expect(b.digest).toEqual(extractive.digest);
    expect(b.notices.filter((n) => n.includes("HTTP 500"))).toHaveLength(1);
  });
});

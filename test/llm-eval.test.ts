/**
 * `briefing eval --llm openai:…` end to end: the real CLI in a child process, the seed corpus,
 * a temp index, and a fake OpenAI-compatible server scripted per eval question. Claim support
 * in LLM mode is the verifier's per-sentence verdict, so one scripted sentence that no source
 * supports must pull it below 1, while quotes (taken from the articles) stay fully supported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startOpenAiFake, type FakeServer, type Received, type Reply, type Script } from "./support/fake-llm-servers.js";
import { ROOT, tempDir } from "./support/fixtures.js";
import { runCli, sourceWith, type CliResult } from "./support/llm-cases.js";

const seed = new Map(
  readFileSync(path.join(ROOT, "evals/seed.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((q) => [q.id as string, q]),
);

const stream = (text: string): Reply => ({ kind: "stream", text, delayMs: 1 });

/** Replies by seed question id, built from the sources the server received (HTTP 400 when the needed passage is missing). */
const REPLIES: Record<string, (r: Received) => Reply> = {
  q002: (r) => stream(`The UK intends to dispatch an aircraft carrier to the Red Sea [${sourceWith(r, "aircraft carrier")}].`),
  q004: (r) => stream(`Blinken is in London for a two-day visit including talks with Keir Starmer and David Lammy [${sourceWith(r, "two-day visit")}].`),
  q010: (r) => stream(`Houthi forces are behind the unlawful assaults on global shipping in the Red Sea [${sourceWith(r, "Houthi assaults")}].`),
  q055: () => stream("The sources do not answer this question."),
  // One grounded sentence and one that no article supports.
  q028: (r) => {
    const n = sourceWith(r, "countering Houthi aggression");
    return stream(`Austin thanked the UK for its support in countering Houthi aggression [${n}]. The UK also agreed to build a new naval base in Iceland [${n}].`);
  },
};
const GROUNDED = ["q002", "q004", "q010", "q055"];
const MIXED = [...GROUNDED, "q028"];

const byText = new Map(Object.entries(REPLIES).map(([id, reply]) => [seed.get(id)!.question as string, reply]));
const script: Script = (r) => {
  const reply = byText.get(r.question);
  if (!reply) return { kind: "status", status: 400, message: `fake server: no scripted reply for "${r.question}"` };
  try {
    return reply(r);
  } catch (e) {
    return { kind: "status", status: 400, message: `fake server: ${(e as Error).message}` };
  }
};

const dir = tempDir("briefing-llm-eval-");
const index = path.join(dir, "index");
let server: FakeServer;

interface EvalResult {
  run: CliResult;
  report: any;
  records: any[];
}

async function evalLlm(name: string, ids: string[]): Promise<EvalResult> {
  const set = path.join(dir, `${name}.jsonl`);
  const out = path.join(dir, `${name}.out.jsonl`);
  writeFileSync(set, ids.map((id) => JSON.stringify(seed.get(id))).join("\n") + "\n");
  const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "test-key", BRIEFING_LLM_TIMEOUT: "20000", BRIEFING_CORPUS: undefined, BRIEFING_K: undefined };
  const run = await runCli(["eval", "--set", set, "--llm", "openai:fake-model", "--json", "--index", index, "--out", out], env);
  expect(run.code, run.stderr).toBe(0);
  const records = readFileSync(out, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  return { run, report: JSON.parse(run.stdout), records };
}

let grounded: EvalResult;
let mixed: EvalResult;

beforeAll(async () => {
  server = await startOpenAiFake(script);
  // Sequential: the first run builds the index, the second reuses it.
  grounded = await evalLlm("grounded", GROUNDED);
  mixed = await evalLlm("mixed", MIXED);
}, 600_000);

afterAll(async () => {
  await server?.close();
});

/** Claim support recomputed from the records: per answered question, the share of sentences with citations the verifier supported. */
function claimSupportOf(records: any[]): number {
  const per = records
    .filter((r) => !r.abstained && r.sentences.length > 0)
    .map((r) => r.sentences.filter((s: any) => s.supported && s.citations.length > 0).length / r.sentences.length);
  return per.reduce((a, b) => a + b, 0) / per.length;
}

describe("eval --llm openai:… (fake OpenAI-compatible server)", () => {
  it("sends every question of the set to the model, with its sources fenced", () => {
    const asked = server.received.map((r) => r.question);
    // Answerable questions reach the model; an unanswerable one the abstention decision catches first never does.
    for (const id of MIXED) if (seed.get(id)!.answerable) expect(asked).toContain(seed.get(id)!.question);
    expect(asked).not.toContain(seed.get("q055")!.question);
    for (const r of server.received) {
      expect(r.body.model).toBe("fake-model");
      expect(r.sources.length).toBeGreaterThan(0);
    }
  });

  it("reports the LLM answerer, and every per-question record shows mode llm with no fallback", () => {
    for (const { report, records } of [grounded, mixed]) {
      expect(report.llm).toBe("openai:fake-model");
      expect(report.runs).toHaveLength(1);
      expect(report.runs[0].modes).toEqual({ llm: records.length, extractive: 0 });
      expect(report.floors).toBeNull(); // floors gate only the seed set itself
      for (const rec of records) {
        expect(rec.mode, rec.id).toBe("llm");
        expect(rec.notices.filter((n: string) => /extractive briefing/.test(n)), rec.id).toEqual([]);
      }
    }
    expect(grounded.records.map((r) => r.id)).toEqual(GROUNDED);
    expect(mixed.records.map((r) => r.id)).toEqual(MIXED);
  });

  it("an all-grounded set: claim support 1, quote support 1, the unanswerable question abstained", () => {
    const agg = grounded.report.runs[0].aggregate;
    expect(agg.claimSupport).toBe(1);
    expect(agg.quoteSupport).toBe(1);
    expect(agg.abstention.recall).toBe(1);
    expect(agg.abstention.falseAbstentionRate).toBe(0);
    expect(agg.factRecall).toBe(1); // Red Sea, London, Houthi: the scripted answers carry the facts
    for (const rec of grounded.records.filter((r) => r.answerable)) {
      expect(rec.sentences.length, rec.id).toBeGreaterThan(0);
      for (const s of rec.sentences) expect(s, rec.id).toMatchObject({ supported: true, claimSupported: true });
      for (const c of rec.citations) expect(c, rec.id).toMatchObject({ quoteInText: true, offsetsMatch: true });
    }
    expect(grounded.report.runs[0].misses).toEqual([]);
    const q055 = grounded.records.find((r) => r.id === "q055");
    expect(q055).toMatchObject({ abstained: true, sentences: [], citations: [] });
  });

  it("one unsupported sentence: claim support below 1, from the verifier's flags; quote support still 1", () => {
    const agg = mixed.report.runs[0].aggregate;
    const q028 = mixed.records.find((r) => r.id === "q028");
    expect(q028.sentences).toHaveLength(2);
    expect(q028.sentences[0]).toMatchObject({ text: "Austin thanked the UK for its support in countering Houthi aggression.", supported: true, claimSupported: true });
    expect(q028.sentences[1]).toMatchObject({ text: "The UK also agreed to build a new naval base in Iceland.", supported: false, claimSupported: false });
    expect(q028.verdict.claimSupport).toBe(0.5);
    // Claim support in LLM mode is exactly the verifier's verdicts: recompute it from the records.
    for (const rec of mixed.records) for (const s of rec.sentences) expect(s.claimSupported, rec.id).toBe(s.supported);
    expect(agg.claimSupport).toBeLessThan(1);
    expect(agg.claimSupport).toBeCloseTo(claimSupportOf(mixed.records), 9);
    expect(agg.claimSupport).toBeCloseTo((1 + 1 + 1 + 0.5) / 4, 9);
    expect(agg.quoteSupport).toBe(1);
    expect(mixed.report.runs[0].misses).toEqual([expect.objectContaining({ id: "q028", problems: ["1 sentence(s) not supported"] })]);
  });
});

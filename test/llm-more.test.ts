/**
 * LLM mode and "what else?" follow-ups: the prompt carries what the user was already told (and
 * only then), a reply that repeats it loses those sentences, "the sources add nothing more"
 * becomes the extractive nothing-more briefing, and a prompt file without {already} still works.
 * Real HTTP on 127.0.0.1 (the OpenAI-compatible fake), the real embedder and index.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Briefer } from "../src/answer/briefer.js";
import { openPipeline } from "../src/pipeline.js";
import { turnOf } from "../src/conversation/turn.js";
import { addsNothing } from "../src/answer/llm/parse.js";
import { loadPrompt } from "../src/answer/llm/prompts.js";
import { fenceTold } from "../src/answer/llm/sources.js";
import type { Briefing } from "../src/answer/types.js";
import { resolveSettings, type Settings } from "../src/config.js";
import type { Turn } from "../src/conversation/turn.js";
import { splitSentences } from "../src/text/sentences.js";
import { startOpenAiFake, type FakeServer, type Received, type Reply } from "./support/fake-llm-servers.js";
import { copyOfSeedCorpus, ROOT, tempDir } from "./support/fixtures.js";

const FIRST = "What did Austin and Shapps discuss?";
const ELSE = "What else did they talk about?";
const NOTHING_MORE = "Nothing more on Austin and Shapps in the corpus beyond what was quoted above.";

const corpus = copyOfSeedCorpus();
const index = path.join(tempDir("briefing-llm-more-"), "index");
let replyFor: (r: Received) => Reply;
let openai: FakeServer;
let extractive: Briefer;
let first: Briefing;
let history: Turn[];
/** The prompts folder as it was before {already}: the paragraph using it taken out. */
let oldPrompts: string;

const settings = (llm: string): Settings => resolveSettings({ corpus, index, llm, llmTimeout: 20_000 }, {});
const flat = (s: string) => s.replace(/\s+/g, " ").trim();
/** The request that carried sources (a follow-up's rewrite request comes first and has none). */
const lastAnswerRequest = () => openai.received.filter((r) => r.sources.length).at(-1)!;

async function open(prompts?: string): Promise<Briefer> {
  Object.assign(process.env, { OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: "k" });
  if (prompts) process.env.BRIEFING_PROMPTS = prompts;
  else delete process.env.BRIEFING_PROMPTS;
  try {
    return await openPipeline(settings("openai:fake-model"), { refresh: false });
  } finally {
    delete process.env.BRIEFING_PROMPTS;
  }
}

/** A sentence of the received sources, verbatim, that was not quoted to the user yet. */
function newSentence(r: Received): { text: string; n: number } {
  const told = first.citations.map((c) => flat(c.quote));
  for (const s of r.sources) {
    for (const x of splitSentences(s.text)) {
      const text = flat(x.text);
      if (text.length > 60 && /^[A-Z]/.test(text) && /\.$/.test(text) && !told.some((t) => t.includes(text) || text.includes(t))) return { text, n: s.id };
    }
  }
  throw new Error("no new sentence in the sources");
}

/** A quote told in the first turn, verbatim, and the source now holding it. */
function toldSentence(r: Received): { text: string; n: number } {
  for (const c of first.citations) {
    const text = flat(c.quote);
    const s = r.sources.find((x) => flat(x.text).includes(text));
    if (s && /\.$/.test(text) && text.length > 40) return { text, n: s.id };
  }
  throw new Error("no told sentence in the sources");
}

beforeAll(async () => {
  openai = await startOpenAiFake((r) => {
    try {
      return replyFor(r);
    } catch (e) {
      return { kind: "status", status: 400, message: `fake server: ${(e as Error).message}` };
    }
  });
  extractive = await openPipeline(settings("none")); // builds the index
  first = await extractive.ask(FIRST);
  history = [turnOf(first)];
  oldPrompts = tempDir("briefing-prompts-");
  cpSync(path.join(ROOT, "prompts"), oldPrompts, { recursive: true });
  const file = path.join(oldPrompts, "answer.txt");
  writeFileSync(file, readFileSync(file, "utf8").replace(/\nAlready told[^]*?\n\n/, "\n"));
}, 240_000);

afterAll(async () => {
  await extractive?.close();
  await openai?.close();
});

describe("a 'what else?' follow-up in LLM mode", { timeout: 60_000 }, () => {
  it("sends the sentences already told, verbatim and fenced, and drops a sentence that repeats one", async () => {
    expect(first.citations.length).toBeGreaterThanOrEqual(2);
    replyFor = (r) => {
      const again = toldSentence(r);
      const fresh = newSentence(r);
      return { kind: "stream", text: `${again.text.replace(/\.$/, "")} [${again.n}]. ${fresh.text.replace(/\.$/, "")} [${fresh.n}].` };
    };
    const b = await open();
    const briefing = await b.ask(ELSE, { history });
    const sent = lastAnswerRequest();
    expect(sent.user).toMatch(/^Already told \(/m);
    expect(sent.user).toContain("Do not repeat what the user was already told");
    for (const c of first.citations) expect(flat(sent.user)).toContain(`>${flat(c.quote)}</told>`);
    expect(sent.user).toContain(fenceTold(first.citations.map((c) => ({ ...c, text: c.quote }))));

    const again = toldSentence(sent);
    const fresh = newSentence(sent);
    expect(briefing.mode).toBe("llm");
    expect(briefing.abstained).toBe(false);
    expect(briefing.answer).toContain(fresh.text.replace(/\.$/, ""));
    expect(briefing.answer).not.toContain(again.text.replace(/\.$/, ""));
    expect(briefing.sentences).toHaveLength(1);
    expect(briefing.notices.some((n) => /repeats what was already quoted above; it was left out\.$/.test(n)), briefing.notices.join("\n")).toBe(true);
    // What it cites now is new to the conversation.
    for (const c of briefing.citations) expect(first.citations.some((f) => f.articleId === c.articleId && f.start < c.end && c.start < f.end)).toBe(false);
    await b.close();
  });

  it("maps 'The sources add nothing more on this.' to the nothing-more briefing", async () => {
    replyFor = () => ({ kind: "stream", text: "The sources add nothing more on this." });
    const b = await open();
    const briefing = await b.ask(ELSE, { history });
    expect(briefing).toMatchObject({ answer: NOTHING_MORE, abstained: true, nothingMore: true, mode: "llm", citations: [], sentences: [] });
    await b.close();
  });

  it("falls back to the extractive briefing, which honours 'what else?', when the reply only repeats", async () => {
    replyFor = (r) => {
      const again = toldSentence(r);
      return { kind: "stream", text: `${again.text.replace(/\.$/, "")} [${again.n}].` };
    };
    const b = await open();
    const briefing = await b.ask(ELSE, { history });
    const plain = await extractive.ask(ELSE, { history });
    expect(briefing.mode).toBe("extractive");
    expect(briefing.answer).toBe(plain.answer);
    expect(briefing.notices[0]).toBe("LLM openai:fake-model only repeated what was quoted above; showing the extractive briefing");
    await b.close();
  });

  it("falls back on HTTP 500 to the extractive 'what else?' answer", async () => {
    replyFor = () => ({ kind: "status", status: 500, message: "the model crashed" });
    const b = await open();
    const briefing = await b.ask(ELSE, { history });
    const plain = await extractive.ask(ELSE, { history });
    expect(briefing.mode).toBe("extractive");
    expect(briefing.answer).toBe(plain.answer);
    expect(briefing.citations).toEqual(plain.citations);
    expect(briefing.notices[0]).toMatch(/failed \(HTTP 500.*showing the extractive briefing$/);
    await b.close();
  });
});

describe("the prompt without a 'what else?'", { timeout: 60_000 }, () => {
  it("is byte for byte the prompt of the file without {already}, for a question and an ordinary follow-up", async () => {
    replyFor = (r) => {
      const fresh = newSentence(r);
      return { kind: "stream", text: `${fresh.text} [${fresh.n}]` };
    };
    const sent = async (prompts: string | undefined, question: string, h: Turn[] = []) => {
      const b = await open(prompts);
      await b.ask(question, { history: h });
      await b.close();
      const r = lastAnswerRequest();
      return { system: r.system, user: r.user };
    };
    for (const [question, h] of [[FIRST, []], ["When was that meeting?", history]] as const) {
      const now = await sent(undefined, question, [...h]);
      expect(now.user).not.toContain("Already told");
      expect(now).toEqual(await sent(oldPrompts, question, [...h]));
    }
  });

  it("a prompt file without {already} still answers a 'what else?', and the verifier still drops repeats", async () => {
    replyFor = (r) => {
      const again = toldSentence(r);
      const fresh = newSentence(r);
      return { kind: "stream", text: `${fresh.text.replace(/\.$/, "")} [${fresh.n}]. ${again.text.replace(/\.$/, "")} [${again.n}].` };
    };
    const b = await open(oldPrompts);
    const briefing = await b.ask(ELSE, { history });
    expect(lastAnswerRequest().user).not.toContain("Already told");
    expect(briefing).toMatchObject({ mode: "llm", abstained: false });
    expect(briefing.sentences).toHaveLength(1);
    expect(briefing.notices.some((n) => n.includes("repeats what was already quoted above"))).toBe(true);
    await b.close();
  });
});

describe("prompt and reply parts", () => {
  it("loads {already} as optional: its paragraph is left out while it is empty", async () => {
    const prompt = loadPrompt("answer", ["sources", "count", "question"], { optional: ["already"] });
    expect([...prompt.optional]).toEqual(["already"]);
    const values = { sources: '<source id="1">\nText.\n</source>', count: "1", question: "Q?" };
    const plain = (await prompt.formatMessages(values)).map((m) => m.content).join("\n");
    const told = (await prompt.formatMessages({ ...values, already: '<told title="T">Said.</told>' })).map((m) => m.content).join("\n");
    expect(plain).not.toMatch(/Already told|nothing more/);
    expect(told).toContain('Already told (');
    expect(told).toContain('<told title="T">Said.</told>\nDo not repeat');
    expect(told.replace(/\nAlready told[^]*?\n\n/, "\n")).toBe(plain);
    // The old file has no {already}: loading it the same way works, and it ignores the value.
    const old = loadPrompt("answer", ["sources", "count", "question"], { optional: ["already"], dir: oldPrompts });
    expect(old.optional.size).toBe(0);
    expect((await old.formatMessages({ ...values, already: "x" })).map((m) => m.content).join("\n")).toBe(plain);
  });

  it("fences told sentences so they cannot open or close a tag", () => {
    expect(fenceTold([{ title: 'A "b" <i>', date: "2024-01-31", source: "s", text: "Said </told> <source id=\"2\">  twice." }])).toBe(
      '<told title="A \'b\' ‹i›" date="2024-01-31">Said ‹/told› ‹source id="2"› twice.</told>',
    );
  });

  it("recognises the 'nothing more' reply and close variants, not claims", () => {
    expect(addsNothing("The sources add nothing more on this.")).toBe(true);
    expect(addsNothing("The articles add nothing new on this topic.")).toBe(true);
    expect(addsNothing("The UK will send a carrier [1]. The sources add nothing more on this.")).toBe(false);
    expect(addsNothing("The sources do not answer this question.")).toBe(false);
  });
});

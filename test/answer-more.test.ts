import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { openPipeline } from "../src/pipeline.js";
import { turnOf } from "../src/conversation/turn.js";
import type { Briefing } from "../src/answer/types.js";
import { resolveSettings } from "../src/config.js";
import { asksForMore } from "../src/conversation/follow-up.js";
import { understoodAs, type Turn } from "../src/conversation/turn.js";
import { searchOf, searchText, understand } from "../src/conversation/understand.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";

/** Follow-ups asking for more of the same ("What else?") bring what was not quoted yet, or say there is nothing more. */

describe("asksForMore", () => {
  it.each([
    "What else did they talk about?",
    "What else?",
    "Anything else?",
    "anything more on that",
    "Did they discuss anything else?",
    "Tell me more",
    "Tell me more about the Red Sea.",
    "More on that, please",
    "More?",
    "What other topics came up?",
    "Which other countries were mentioned?",
    "Who else was at the meeting?",
    "And?",
    "Go on",
    "Is there more?",
    "Any more details?",
    "Besides that, what did they agree?",
  ])("asks for more: %s", (q) => expect(asksForMore(q)).toBe(true));

  it.each([
    "What about Germany?",
    "When was that meeting?",
    "How about the Red Sea?",
    "And what about Ukraine?",
    "Who did Austin meet?",
    "What did they discuss about Gaza?",
    "How many more troops will the UK send?",
    "Were more than 500 officials suspected?",
    "Is the UK sending more ships?",
    "Tell me about the AUKUS pact",
    "Where will the NATO Summit take place?",
  ])("asks something else: %s", (q) => expect(asksForMore(q)).toBe(false));
});

describe("understanding a follow-up that asks for more", () => {
  const quoted = [{ articleId: "corpus/a.md", start: 0, end: 40 }];
  const first: Turn = { question: "What did Austin and Shapps discuss?", contextTerms: [], citedArticles: ["corpus/a.md"], abstained: false, quoted };

  it("carries everything quoted so far, and for a bare 'Anything else?' the question it continues", () => {
    const u = understand("Anything else?", [first]);
    expect(u.more).toEqual({ quoted, subject: "Austin and Shapps", basis: first });
    expect(searchText(searchOf(u))).toBe(first.question); // searched with the question it continues
    expect(understand("What else did they talk about?", [first]).more).toEqual({ quoted, subject: "Austin and Shapps" });
  });

  it("carries a name of several words whole, into the query, 'understood as' and the subject", () => {
    const second: Turn = { question: "What did they say about the Red Sea?", contextTerms: ["Austin", "Shapps", "discuss"], citedArticles: ["corpus/a.md"], abstained: false, quoted };
    const u = understand("What else did they talk about?", [first, second]);
    expect(u.contextTerms).toEqual(["Red Sea", "Austin", "Shapps"]);
    expect(understoodAs(u)).toBe("What else did they talk about? (about: Red Sea, Austin, Shapps)");
    const next = understand("Anything else?", [first, second, { ...second, question: "What else did they talk about?", contextTerms: u.contextTerms }]);
    expect(next.more?.subject).toBe("Red Sea, Austin and Shapps");
  });

  it("leaves ordinary follow-ups as they were", () => {
    for (const q of ["When was that meeting?", "What about Germany?"]) {
      const u = understand(q, [first]);
      expect(u.more).toBeUndefined();
      expect(u).toEqual(understand(q, [{ ...first, quoted: undefined }]));
    }
    expect(searchText(searchOf(understand("When was that meeting?", [first])))).toBe("When was that meeting? Austin Shapps discuss");
  });
});

const ARTICLE = "2024-01-31-us-uk-defence-chiefs.md";
const NOTHING_MORE = /^Nothing more on Austin and Shapps in the corpus beyond what was quoted above\.$/;

describe("asking for more on the seed corpus", { timeout: 180_000 }, () => {
  let briefer: Briefer;
  let article: string;
  beforeAll(async () => {
    const corpus = copyOfSeedCorpus();
    article = readFileSync(path.join(corpus, ARTICLE), "utf8");
    briefer = await openPipeline(resolveSettings({ corpus, index: path.join(tempDir("briefing-more-"), "index") }, {}));
  });
  afterAll(async () => briefer?.close());

  /** Asks each question in turn, as the chat does, and returns the briefings. */
  async function converse(questions: string[]): Promise<Briefing[]> {
    const turns: Turn[] = [];
    const out: Briefing[] = [];
    for (const q of questions) {
      const b = await briefer.ask(q, { history: turns });
      turns.push(turnOf(b));
      out.push(b);
    }
    return out;
  }
  const spans = (b: Briefing) => b.citations.map((c) => `${c.articleId}:${c.start}-${c.end}`);
  const overlaps = (a: Briefing, b: Briefing) => a.citations.some((x) => b.citations.some((y) => x.articleId === y.articleId && x.start < y.end && y.start < x.end));

  it("brings new verbatim sentences of the same article, then says there is nothing more, never repeating", async () => {
    const questions = ["What did Austin and Shapps discuss?", "What else did they talk about?", ...Array(6).fill("Anything else?")];
    const [first, second, ...rest] = await converse(questions);
    expect(first.citations.length).toBeGreaterThanOrEqual(4);
    expect(second.abstained).toBe(false);
    expect(second.citations.length).toBeGreaterThan(0);
    for (const c of second.citations) {
      expect(c.articleId).toContain(ARTICLE);
      expect(article).toContain(c.quote); // verbatim
      expect(second.answer).toContain(`${c.quote.trim()} [${c.n}]`);
    }
    expect(overlaps(first, second), second.answer).toBe(false);

    // No sentence is quoted twice in the whole conversation, and it ends in one plain line.
    const all = [first, second, ...rest];
    all.forEach((b, i) => all.slice(0, i).forEach((earlier) => expect(overlaps(earlier, b), `turn ${i + 1}: ${b.answer}`).toBe(false)));
    const end = rest.findIndex((b) => NOTHING_MORE.test(b.answer));
    expect(end, rest.map((b) => b.answer).join("\n---\n")).toBeGreaterThanOrEqual(0);
    expect(rest.slice(0, end).every((b) => !b.abstained && b.citations.length > 0)).toBe(true);
    const last = rest[end];
    expect(last.abstained).toBe(true); // no claim and nothing cited, as "not covered"
    expect(last.citations).toEqual([]);
    expect(last.answer).not.toMatch(/doesn't cover/);
    // Once said, it stays said: asking again repeats nothing.
    expect(rest.slice(end).every((b) => NOTHING_MORE.test(b.answer))).toBe(true);
  });

  it("quotes again for an ordinary follow-up, as before", async () => {
    const [first, follow] = await converse(["What did Austin and Shapps discuss?", "When was that meeting?"]);
    // Without the record of what was quoted, the follow-up comes out the same.
    const turn = { ...turnOf(first), quoted: undefined };
    const plain = await briefer.ask("When was that meeting?", { history: [turn] });
    expect(spans(follow)).toEqual(spans(plain));
    expect(follow.answer).toBe(plain.answer);
    expect(follow.citations.some((c) => c.articleId.includes(ARTICLE))).toBe(true);
    expect(overlaps(first, follow)).toBe(true); // re-quoting the sentence that says they met is fine here
  });

  it("would repeat itself without the record of what was quoted (the record is what makes it new)", async () => {
    const first = await briefer.ask("What did Austin and Shapps discuss?");
    const blind = await briefer.ask("Anything else?", { history: [{ ...turnOf(first), quoted: undefined }] });
    const seen = await briefer.ask("Anything else?", { history: [turnOf(first)] });
    expect(overlaps(first, blind)).toBe(true);
    expect(overlaps(first, seen)).toBe(false);
  });
});

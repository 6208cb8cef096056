import { describe, expect, it } from "vitest";
import { answerType, supplies, wantsPlace } from "../src/answer/answer-type.js";
import { shouldAbstain } from "../src/answer/abstain.js";
import { KEEP_WITHIN, type Candidate } from "../src/answer/select.js";
import type { BriefingIndex } from "../src/index/store.js";
import { contentTerms } from "../src/text/terms.js";

describe("the answer type a question asks for", () => {
  it("reads who, where, how much and when", () => {
    expect(answerType("Who represents the people of the Rock at the summit?")).toBe("name");
    expect(answerType("Whose record will Andrew Murray break?")).toBe("name");
    expect(answerType("Where were the talks on Gibraltar's future held?")).toBe("place");
    expect(answerType("Which venue hosted the show?")).toBe("place");
    expect(answerType("How much could the plan cost the UK?")).toBe("figure");
    expect(answerType("When did Blinken and Lammy last meet?")).toBe("date");
    expect(answerType("Why was the BNP leader arrested?")).toBeNull();
    expect(answerType("What did Austin and Shapps discuss?")).toBeNull();
  });
  it("does not take a place word elsewhere in the question for a where", () => {
    expect(wantsPlace("What did the minister say about the country's debt?")).toBe(false);
    expect(wantsPlace("In which city is Blinken?")).toBe(true);
  });
});

describe("whether a sentence supplies the type asked for", () => {
  const where = "Where were the talks on Gibraltar's future held?";
  it("finds a place the question does not name, not an owner or a day", () => {
    expect(supplies("place", where, "Two days of talks on the future of Gibraltar begin at Jack Straw's country residence later on Wednesday.")).toBe(false);
    expect(supplies("place", where, "Officials at the two-day summit at the foreign secretary's official Kent house, Chevening, will plan a new forum.")).toBe(true);
  });
  const who = "Whose record will Andrew Murray break as Britain's youngest Davis Cup player?";
  it("wants a name of two or more words, beyond those asked", () => {
    expect(supplies("name", who, "Andrew Murray will become Britain's youngest-ever Davis Cup player against Israel on Saturday.")).toBe(false);
    expect(supplies("name", who, "Murray will eclipse the record set by Roger Becker back in 1952.")).toBe(true);
    expect(supplies("name", "Who was arrested?", "A spokesperson said Mr Tyndall was arrested.")).toBe(true);
  });
  it("counts the sentence's capitalised first word only within a longer name", () => {
    expect(supplies("name", "Who spoke?", "Officials spoke at length.")).toBe(false);
    expect(supplies("name", "Who spoke?", "Peter Caruana spoke at length.")).toBe(true);
  });
  it("wants a figure or date the question does not already give", () => {
    const q = "Who did the 32-year-old Spanish veteran beat?";
    expect(supplies("figure", q, "The 32-year-old Spaniard came through.")).toBe(false);
    expect(supplies("figure", q, "The 32-year-old won 6-3.")).toBe(true);
    expect(supplies("date", "What happened in 2004?", "The banks held talks in 2004.")).toBe(false);
    expect(supplies("date", "What happened in 2004?", "The banks held talks in October 2004.")).toBe(true);
  });
});

describe("a sentence kept only for its answer type", () => {
  // An index that knows every word, and candidates holding only what shouldAbstain reads.
  // The article holds both sentences, so the evidence checks (names in the cited article) pass.
  const article = "Officials will meet at the summit. Peter Caruana will represent the Rock.";
  const index = {
    passages: { size: 10 },
    articles: new Map([["a", { title: "Summit", length: article.length }]]),
    articleText: (_id: string, start = 0, end = article.length) => article.slice(start, end),
    // One passage holding both sentences: the best sentence's window (it and its neighbours) is read from these offsets.
    passagesOf: () => [{ sentences: article.split(/(?<=\.) /).map((t) => ({ start: article.indexOf(t), end: article.indexOf(t) + t.length })) }],
    lexical: {
      documentFrequency: () => 1,
      idf: () => 1,
      // What the index's BM25 over whole articles answers (title and text): src/answer/article-terms.ts.
      articleHolds: (_id: string, t: string) => contentTerms(`Summit\n${article}`).includes(t),
      termsStartingWith: (p: string) => [...new Set(contentTerms(`Summit\n${article}`))].filter((t) => t.startsWith(p.slice(0, 4))),
      // No sentence terms filed (as an index of format 4): the decision tokenises the article's sentences.
      sentenceTerms: () => null,
    },
  } as unknown as BriefingIndex;
  const candidate = (text: string, score: number, lexical: number) => ({ text, score, lexical, sim: 0.6, start: article.indexOf(text), end: article.indexOf(text) + text.length, passage: { text, date: "", articleId: "a" } }) as unknown as Candidate;
  const lead = candidate("Officials will meet at the summit.", 0.6, 0.8);
  it("does not vouch for the type the question asks for", () => {
    const weak = candidate("Peter Caruana will represent the Rock.", 0.6 * (KEEP_WITHIN - 0.1), 0.4);
    expect(shouldAbstain(index, "Who represents the Rock at the summit?", [lead, weak]).abstain).toBe(true);
  });
  it("vouches when it scores within KEEP_WITHIN of the best", () => {
    const near = candidate("Peter Caruana will represent the Rock.", 0.6 * (KEEP_WITHIN + 0.05), 0.4);
    expect(shouldAbstain(index, "Who represents the Rock at the summit?", [lead, near]).abstain).toBe(false);
  });
});

/**
 * The library as a LangChain user meets it: `openBriefing` on the seed corpus (real model, real
 * hnswlib, a temp index), `BriefingRetriever` inside a `RunnableSequence` (retriever → a
 * formatting step), and the typed API's ask / search / article / list.
 */
import { RunnableLambda, RunnableSequence } from "@langchain/core/runnables";
import type { Document } from "@langchain/core/documents";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BriefingRetriever, openBriefing, turnOf, UserError, type BriefingArchive, type BriefingDocumentMetadata } from "../src/briefing.js";
import { loadCorpus } from "../src/corpus/load.js";
import type { Article } from "../src/corpus/types.js";
import { writeFileSync } from "node:fs";
import { copyOfSeedCorpus, ROOT, tempDir } from "./support/fixtures.js";

const corpus = path.join(ROOT, "corpus");
let archive: BriefingArchive;
let articles: Map<string, Article>;

beforeAll(async () => {
  articles = new Map((await loadCorpus(corpus)).articles.map((a) => [a.id, a]));
  archive = await openBriefing({ corpus, index: tempDir("briefing-lib-index-") });
});
afterAll(async () => {
  await archive?.close();
});

describe("BriefingRetriever in a LangChain chain", () => {
  it("retrieves Documents with article metadata and offsets, and a formatting step cites them", async () => {
    const retriever = new BriefingRetriever({ archive, k: 3 });
    const seen: Document<BriefingDocumentMetadata>[] = [];
    const format = RunnableLambda.from((docs: Document<BriefingDocumentMetadata>[]) => {
      seen.push(...docs);
      return docs.map((d, i) => `[${i + 1}] ${d.metadata.title} (${d.metadata.date ?? "undated"}): ${d.pageContent}`).join("\n\n");
    });
    const chain = RunnableSequence.from([retriever, format]);
    const out = await chain.invoke("Where is the UK sending an aircraft carrier?");

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(typeof out).toBe("string");
    expect(out).toMatch(/^\[1\] US and UK defence chiefs meet/);
    expect(out).toContain("aircraft carrier");
    for (const d of seen) {
      const a = articles.get(d.metadata.articleId)!;
      expect(a, `document's article ${d.metadata.articleId}`).toBeDefined();
      expect(d.metadata).toMatchObject({ title: a.title, date: a.date, source: a.source, score: expect.any(Number) });
      expect(d.pageContent).toBe(a.text.slice(d.metadata.start, d.metadata.end));
      expect(d.id).toBe(`${a.id}@${d.metadata.start}-${d.metadata.end}`);
    }
  });

  it("passes a date range through and works as a plain retriever (invoke)", async () => {
    const dated = new BriefingRetriever({ archive, k: 5, from: "2024-01-01", to: "2024-01-31" });
    const docs = await dated.invoke("Ukraine");
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect(d.metadata.date).toMatch(/^2024-01-/);
    await expect(new BriefingRetriever({ archive, k: 500 }).invoke("Ukraine")).rejects.toThrow(/k must be a whole number from 1 to 50/);
  });
});

describe("openBriefing's typed API", () => {
  it("asks, searches, reads and lists", async () => {
    const b = await archive.ask("What did Austin and Shapps discuss?");
    expect(b.abstained).toBe(false);
    for (const c of b.citations) expect(articles.get(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);

    const hits = await archive.search("Blinken London", { k: 2 });
    expect(hits[0]!.articleId).toBe("blinken-in-london-us-uk-strategic-dialogue.md");
    expect(hits[0]!.source).toBe(path.join(corpus, "blinken-in-london-us-uk-strategic-dialogue.md"));
    const a = await archive.articleText(hits[0]!.articleId, { start: hits[0]!.start, end: hits[0]!.end });
    expect(a.text).toBe(hits[0]!.text);
    expect(archive.article("nope")).toBeUndefined();
    await expect(archive.articleText("nope")).rejects.toBeInstanceOf(UserError);

    const page = archive.listArticles({ limit: 1 });
    expect(page).toMatchObject({ total: 3, offset: 0, nextOffset: 1 });
    expect(page.articles[0]!.date).toBe("2024-01-31"); // newest first
    await expect(archive.search("")).rejects.toThrow(/query is empty/);
  });
});

describe("follow-ups through the library", () => {
  it("carries an earlier briefing's subject and articles when its turn is passed as history", async () => {
    const first = await archive.ask("Who did Lloyd Austin meet with?");
    const next = await archive.ask("What did they discuss?", { history: [turnOf(first)] });
    expect(next.understoodAs).toBe(`What did they discuss? (about: ${next.understood!.contextTerms.join(", ")})`);
    expect(next.understood!.contextTerms).toContain("Lloyd Austin");
    expect(next.citations.map((c) => c.articleId)).toContain(first.citations[0].articleId);
    // Without the history the same words carry nothing.
    expect((await archive.ask("What did they discuss?")).understood).toBeUndefined();
  });
});

describe("refresh: false", () => {
  it("says when the corpus changed since the index was built, and answers from the index as it is", async () => {
    const copy = copyOfSeedCorpus();
    const index = tempDir("briefing-lib-behind-");
    await (await openBriefing({ corpus: copy, index })).close();
    const quiet: string[] = [];
    await (await openBriefing({ corpus: copy, index, refresh: false, onNotice: (l) => quiet.push(l) })).close();
    expect(quiet.join("\n")).not.toMatch(/changed since/);

    writeFileSync(path.join(copy, "2024-03-01-new.md"), "# A new article\n\nThe harbour reopened on Friday after the storm.\n");
    const notices: string[] = [];
    const stale = await openBriefing({ corpus: copy, index, refresh: false, onNotice: (l) => notices.push(l) });
    try {
      expect(notices.join("\n")).toContain(`the corpus at ${copy} changed since the index at ${index} was built`);
      const b = await stale.ask("Where is the UK sending an aircraft carrier?");
      expect(b.indexState?.notices.join("\n")).toMatch(/changed since/);
      expect((await stale.listArticles()).total, "the index as it is").toBe(3);
    } finally {
      await stale.close();
    }
  });
});

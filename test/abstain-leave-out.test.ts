// Issue 12's leave-one-article-out work: the figure that opens the chunk before the retrieved one (BBC
// b004, rewritten for a small corpus), and the article-match features staying neutral where a corpus is
// too small to have rare terms. Real embedder, index and extractive pipeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { articleMatch, RARE_IDF } from "../src/answer/article-match.js";
import { shouldAbstain } from "../src/answer/abstain.js";
import { selectSentences } from "../src/answer/select.js";
import { dot } from "../src/embedding/vectors.js";
import type { IndexedPassage } from "../src/index/passage.js";
import { retrieve, type Retrieval, type RetrievedPassage } from "../src/retrieval/hybrid.js";
import { contentTerms } from "../src/text/terms.js";
import { openOnArticles } from "./support/small-corpus.js";

const ARTICLES: Record<string, string> = {
  "ruritania-payroll.md": `---
title: Pay scandal in Ruritania
---
Ruritania says graft in its labour ministry has cost the state 2bn crowns a month.

About 500 officials are accused of paying themselves bonuses or drawing wages for "ghost" staff. Premier Anton Vasko, who promised to fight graft when he took office last year, said anyone found guilty would be punished hard. The scheme is thought to have started in 1998.

The premier's office said the suspected fraud came to light during an audit of the ministry payroll. In some cases, staff are said to have misstated their grade and put off their retirement to raise their pay. The premier's office said inspectors had found "anomalies in the careers of some civil servants". It added that those staff "seem to have drawn salaries they had not earned, swelling the payroll".

Maria Osk, a reporter in the capital Strelsau, said the government was weighing criminal charges against anyone found guilty and would make them pay back what they owed.`,
  "civil-service-strike.md": `---
title: Civil servants strike over pensions
---
Thousands of civil servants walked out on Monday in a dispute over pensions. Job centres and tax offices closed across the north. The union said members were angry that the retirement age would rise.`,
  "civil-service-pay.md": `---
title: Civil service pay rise agreed
---
Civil servants will get a pay rise of 2% this year after talks with the union ended. The union said its members had lost out to inflation for three years running.`,
  "civil-service-moves.md": `---
title: Civil service jobs to leave the capital
---
About 4,000 civil servants will move out of the capital by next spring, the finance minister said. The move is meant to cut office costs and bring jobs to the regions.`,
};

let briefer: Briefer;
beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "leave-out");
}, 300_000);
afterAll(async () => {
  await briefer?.close();
});

describe("the asked-for figure in the chunk before the retrieved one (BBC b004)", () => {
  // BBC b004: retrieval returned the story's second chunk (payroll, fraud, civil servants); "About 500
  // officials are accused…" opens the first. Here the second chunk is handed over as retrieved, as there.
  const question = "Roughly how many civil servants are suspected in the payroll fraud in Ruritania?";
  async function asRetrieved(withBefore: boolean) {
    const index = briefer.index;
    const id = [...index.articles.keys()].find((k) => k.endsWith("ruritania-payroll.md"))!;
    const [first, second] = index.passagesOf(id);
    const q = Float32Array.from(await briefer.embeddings.embedQuery(question));
    const sims = (p: IndexedPassage) => p.sentences.map((span, i) => ({ span, sim: dot(q, index.sentenceVector(p, i)), part: p, i }));
    const passage: RetrievedPassage = { ...second!, score: 1, parts: [second!], sentenceSims: sims(second!), ...(withBefore ? { before: sims(first!).filter((s) => s.span.end <= second!.start) } : {}) };
    const found = await retrieve(index, q, question, { k: 5 });
    const retrieval: Retrieval = { ...found, passages: [passage, ...found.passages.filter((p) => p.articleId !== id)] };
    return { retrieval, chosen: selectSentences(index, question, retrieval.passages), second: second! };
  }

  it("answers 'how many civil servants' with '500 officials' from the sentence before the passage found", async () => {
    const { retrieval, chosen, second } = await asRetrieved(true);
    expect(second.text).not.toMatch(/500 officials/); // the case: the passage found lacks the figure
    expect(chosen.map((c) => c.text)).toContainEqual(expect.stringMatching(/^About 500 officials are accused/));
    expect(shouldAbstain(briefer.index, question, chosen, { retrieval }).abstain).toBe(false);
  });

  it("without the chunk before, the same passage gives no figure and is refused", async () => {
    const { retrieval, chosen } = await asRetrieved(false);
    const verdict = shouldAbstain(briefer.index, question, chosen, { retrieval });
    expect(verdict.abstain).toBe(true);
    expect(verdict.reason).toBe("no figure in the best sentences");
  });

  it("retrieval lists the chunk before a passage that does not open its article", async () => {
    const retrieval = await retrieve(briefer.index, Float32Array.from(await briefer.embeddings.embedQuery(question)), question, { k: 5 });
    for (const p of retrieval.passages) {
      const first = briefer.index.passagesOf(p.articleId)[0]!;
      if (p.start <= first.start) expect(p.before ?? []).toEqual([]);
      else expect((p.before ?? []).every((s) => s.span.end <= p.start)).toBe(true);
    }
  });

  it("does not reach back for a name: 'who' is answered from the passage found or not at all", async () => {
    const who = "Who audited the ministry payroll in Ruritania?";
    const retrieval = await retrieve(briefer.index, Float32Array.from(await briefer.embeddings.embedQuery(who)), who, { k: 5 });
    const chosen = selectSentences(briefer.index, who, retrieval.passages);
    const before = new Set(retrieval.passages.flatMap((p) => (p.before ?? []).map((s) => `${p.articleId}:${s.span.start}`)));
    expect(chosen.some((c) => before.has(`${c.passage.articleId}:${c.start}`))).toBe(false);
  });
});

describe("article-match features", () => {
  it("stay neutral on rare terms in a corpus too small to have any (IDF below RARE_IDF everywhere)", async () => {
    const question = "Roughly how many civil servants are suspected in the payroll fraud in Ruritania?";
    const retrieval = await retrieve(briefer.index, Float32Array.from(await briefer.embeddings.embedQuery(question)), question, { k: 5 });
    const chosen = selectSentences(briefer.index, question, retrieval.passages);
    const terms = contentTerms(question);
    expect(Math.max(...terms.map((t) => briefer.index.lexical.idf(t)))).toBeLessThan(RARE_IDF);
    const words = (id: string) => new Set(contentTerms(briefer.index.articleText(id, 0, briefer.index.articles.get(id)!.length)));
    const m = articleMatch(briefer.index, terms, chosen, words, (set, t) => set.has(t));
    expect(m.rareKnown).toBe(1);
    expect(m.rareMargin).toBe(0);
    expect(m.artKnown).toBeGreaterThan(0);
    expect(m.artKnown - m.artMargin).toBeLessThanOrEqual(1); // the runner-up's share
  });
});

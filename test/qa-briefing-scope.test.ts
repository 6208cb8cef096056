/**
 * Briefing kinds counted articles differently (QA, 2026-12-01): on Reuters an overview of GenCorp said
 * "From 46 articles" while what's new said "8 later articles add to 28 earlier ones": it counted the
 * later articles its points cite but every earlier article, so the two lines never added up. Now every
 * kind opens with the same scope line, and what's new splits that scope at its date: "A of the L later
 * articles add to the E earlier ones", L + E (+ undated) the scope's count, A the later articles cited.
 * Real pipeline over every Reuters story that names GenCorp.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { resolveSettings } from "../src/config.js";
import { openPipeline } from "../src/pipeline.js";
import { tempDir } from "./support/fixtures.js";
import { hasReuters, REUTERS } from "./support/gencorp.js";

if (!hasReuters) console.warn(`qa-briefing-scope skipped: no Reuters corpus at ${REUTERS}`);

let briefer: Briefer;
beforeAll(async () => {
  if (!hasReuters) return;
  const dir = tempDir("briefing-scope-");
  const corpus = path.join(dir, "corpus");
  mkdirSync(corpus);
  writeFileSync(path.join(corpus, "gencorp.jsonl"), readFileSync(REUTERS, "utf8").split("\n").filter((l) => /gencorp/i.test(l)).join("\n") + "\n");
  briefer = await openPipeline(resolveSettings({ corpus, index: path.join(dir, "index"), llm: "none" }, {}), { embed: "all" });
}, 600_000);
afterAll(async () => briefer?.close());

const SCOPE = /^From (\d+) articles?(?: \((\d+) undated\))?, (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)\./;

describe.skipIf(!hasReuters)("the scope line of each briefing kind", () => {
  it("is the same for an overview, a timeline and what's new; what's new's counts add up to it", async () => {
    const overview = await briefer.ask("Brief me on GenCorp");
    const timeline = await briefer.ask("Give me a timeline of GenCorp");
    const news = await briefer.ask("What's new on GenCorp since 1 April?");
    expect([overview.digest?.kind, timeline.digest?.kind, news.digest?.kind]).toEqual(["overview", "timeline", "whats-new"]);
    const scope = SCOPE.exec(overview.answer)?.[0];
    expect(scope, overview.answer).toBeDefined();
    expect(timeline.answer.startsWith(scope!)).toBe(true);
    expect(news.answer.startsWith(scope!), news.answer).toBe(true);
    const [, total, undated] = SCOPE.exec(scope!)!.map(Number);
    expect(total).toBe(overview.digest!.scope.articles);

    const split = /Since 1987-04-01: (?:(\d+) of the (\d+) later articles adds?|all (\d+) later articles add|the 1 later article adds) to the (\d+) earlier ones?\./.exec(news.answer);
    expect(split, news.answer).not.toBeNull();
    const later = Number(split![2] ?? split![3] ?? 1);
    const adding = Number(split![1] ?? later);
    const earlier = Number(split![4]);
    expect(later + earlier + (undated || 0)).toBe(total);
    // The later articles that add are exactly those its points cite.
    const cited = new Set(news.citations.filter((c) => (c.date ?? "") >= "1987-04-01").map((c) => c.articleId));
    expect(adding).toBe(cited.size);
    expect(adding).toBeLessThanOrEqual(later);
  });
});

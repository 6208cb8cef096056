/**
 * An ingest tokenises each article once (text/term-spans.ts) for its passages' BM25 and its own:
 * the terms read off for a slice must be exactly `contentTerms` of that slice, or BM25 (and every
 * eval figure) would move. Checked on tricky strings, then on every passage of the seed corpus and
 * of the BBC corpus's business section (chunked as an ingest chunks them).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkArticle } from "../src/corpus/chunk.js";
import { loadCorpus } from "../src/corpus/load.js";
import { TermSpans } from "../src/text/term-spans.js";
import { contentTerms } from "../src/text/terms.js";
import { BBC, hasBbc, ROOT } from "./support/fixtures.js";

/** Every slice between words of `text` reads the same terms as tokenising it; a slice cutting a word says so. */
function expectSame(text: string, spans = new TermSpans(text)): void {
  expect(spans.all()).toEqual(contentTerms(text));
  const gaps = [0, ...[...text.matchAll(/\s+/g)].flatMap((m) => [m.index!, m.index! + m[0].length]), text.length];
  for (const a of gaps) for (const b of gaps) if (a <= b) expect(spans.slice(a, b), `${a}-${b}`).toEqual(contentTerms(text.slice(a, b)));
}

async function expectPassagesSame(dir: string): Promise<number> {
  const { articles } = await loadCorpus(dir);
  const memo = new Map<string, readonly string[]>();
  let checked = 0;
  for (const article of articles) {
    const spans = new TermSpans(article.text, memo);
    expect(spans.all()).toEqual(contentTerms(article.text));
    for (const p of await chunkArticle(article)) {
      const read = spans.slice(p.start, p.end);
      if (read === null) continue; // cuts a word: the ingest tokenises that passage itself
      expect(read, p.id).toEqual(contentTerms(p.text));
      checked++;
    }
  }
  return checked;
}

describe("terms of a text read once, word by word", () => {
  it("match contentTerms on acronyms, figures, accents, apostrophes and odd spaces", () => {
    for (const text of [
      "The U.S. and U.K. officials met in Washington, D.C. on Oct. 7.",
      "Shares rose 1,000 points to 2,500,000; the rate was 6.5% (3,4,5 votes).",
      "Café owners in São Paulo said “they’re fine” — the mayor’s office disagreed.",
      "ΟΔΥΣΣΕΥΣ ΣΑΣ met in Αθήνα\u00a0and\u2003İstanbul; e.g. twelve-year-old children's rights",
      "  leading and trailing spaces\n\nand a new paragraph\t(tabbed)  ",
      "(U.S.)-based firms' \"quotes\" [U.N.] 1987's results REUTER",
    ]) {
      expectSame(text);
    }
  });

  it("a slice that cuts a word is not read off", () => {
    const spans = new TermSpans("Ministers meeting in Vienna agreed");
    expect(spans.slice(2, 20)).toBeNull();
    expect(spans.slice(0, 12)).toBeNull();
    expect(spans.slice(0, 17)).toEqual(contentTerms("Ministers meeting"));
    expect(spans.slice(10, 10)).toEqual([]);
  });

  it("match contentTerms on every passage of the seed corpus", async () => {
    expect(await expectPassagesSame(path.join(ROOT, "corpus"))).toBeGreaterThan(20);
  });

  it.skipIf(!hasBbc)("match contentTerms on every passage of BBC business", async () => {
    expect(await expectPassagesSame(path.join(BBC, "business"))).toBeGreaterThan(2000);
  });
});

// Each article's sentences as terms, filed at ingest and read back from disk (src/index/sentence-terms.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { IndexedPassage } from "../src/index/passage.js";
import { SentenceTerms } from "../src/index/sentence-terms.js";
import { TermSpans } from "../src/text/term-spans.js";
import { contentTerms } from "../src/text/terms.js";

const text = "Cameroon lost 1,000 jobs. The U.S. fund paid. Officials met on Monday.";
const span = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, kind: "sentence" as const });
const [one, two, three] = [span("Cameroon lost 1,000 jobs."), span("The U.S. fund paid."), span("Officials met on Monday.")];
// Two overlapping passages sharing the middle sentence, as the chunker makes them.
const passages = [
  { label: 7, start: one.start, end: two.end, text: text.slice(one.start, two.end), sentences: [one, two] },
  { label: 8, start: two.start, end: three.end, text: text.slice(two.start, three.end), sentences: [two, three] },
] as unknown as IndexedPassage[];
const read = (terms: SentenceTerms, label: number) => {
  const rows: string[][] = [];
  const count = terms.read(label, (t, i) => (rows[i] ??= []).push(t));
  return { count, rows };
};
const dir = mkdtempSync(path.join(os.tmpdir(), "sentence-terms-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SentenceTerms", () => {
  it("files each sentence once, in article order, with the terms tokenising it gives", () => {
    const terms = new SentenceTerms();
    terms.add(7, passages, text, new TermSpans(text));
    const expected = [one, two, three].map((s) => contentTerms(text.slice(s.start, s.end)));
    expect(read(terms, 7)).toEqual({ count: 3, rows: expected });
    // Without the article's tokens (an index of format 4 being rewritten) each sentence is tokenised: the same.
    const again = new SentenceTerms();
    again.add(7, passages, text);
    expect(read(again, 7)).toEqual({ count: 3, rows: expected });
    expect(terms.read(8, () => {})).toBeNull();
    terms.remove(7);
    expect(terms.has(7)).toBe(false);
  });

  it("reads back what it wrote, and refuses a damaged table", () => {
    const terms = new SentenceTerms();
    terms.add(7, passages, text, new TermSpans(text));
    terms.add(12, [{ ...passages[0]!, label: 12 }], text);
    terms.write(dir);
    const back = SentenceTerms.read(dir);
    expect(read(back, 7)).toEqual(read(terms, 7));
    expect(read(back, 12)).toEqual(read(terms, 12));
    writeFileSync(path.join(dir, "sentence-terms.i32"), new Int32Array([1, 7, 3, 2, 0, 99999]));
    expect(() => SentenceTerms.read(dir)).toThrow(/names a term it does not have/);
    writeFileSync(path.join(dir, "sentence-terms.i32"), new Int32Array([2, 7, 1, 0]));
    expect(() => SentenceTerms.read(dir)).toThrow(/cut short|wrong size/);
  });
});

import { describe, expect, it } from "vitest";
import type { Briefing } from "../src/answer/types.js";
import { answerLines, briefingLines, sourceLines, type LayoutOptions } from "../src/faces/terminal/briefing.js";
import { printLines, printPaint, printText } from "../src/faces/terminal/print.js";
import { layoutText } from "../src/faces/terminal/wrap.js";

const cite = (n: number, articleId: string, quote: string) => ({ n, title: `Title ${articleId}`, date: "2024-01-31", source: `corpus/${articleId}.md`, quote, articleId, start: 0, end: 1, supported: true });
const briefing: Briefing = {
  question: "q",
  answer: "First sentence. [1] Second sentence, a little longer than the first. [2] Third. [3]",
  abstained: false,
  mode: "extractive",
  sentences: [],
  citations: [cite(1, "a", "First sentence."), cite(2, "a", "Second sentence."), cite(3, "b", "Third.")],
  passages: [],
  notices: ["a notice"],
  timingsMs: { retrieve: 0, answer: 0, total: 0 },
};
const text = (o: LayoutOptions) => printLines(briefingLines(briefing, o));

describe("the terminal layout", () => {
  it("prints a briefing: sources grouped by article, quotes under them, colour only on markers and the heading", () => {
    const plain = text({ width: 40, form: "print", paint: printPaint(false) });
    expect(plain).toBe(
      [
        "! a notice",
        "First sentence. [1] Second sentence, a",
        "little longer than the first. [2] Third.",
        "[3]",
        "",
        "Sources:",
        "[1, 2] Title a — 2024-01-31 —",
        "    corpus/a.md",
        "    [1] “First sentence.”",
        "    [2] “Second sentence.”",
        "[3] Title b — 2024-01-31 — corpus/b.md",
        "    “Third.”",
      ].join("\n"),
    );
    const coloured = text({ width: 40, form: "print", paint: printPaint(true) });
    expect(coloured).toContain("First sentence. \x1b[36m[1]\x1b[39m Second");
    expect(coloured).toContain("\n\x1b[1mSources:\x1b[22m\n");
    expect(coloured.replace(/\x1b\[\d+m/g, "")).toBe(plain);
  });

  it("on screen: no quotes, and a long source line continues under its title", () => {
    const lines = briefingLines(briefing, { width: 40, form: "screen", paint: () => undefined });
    const shown = printLines(lines);
    expect(shown).not.toContain("“");
    expect(shown).toContain("[1, 2] Title a — 2024-01-31 —\n       corpus/a.md");
  });

  it("cuts a word longer than the line on screen, keeps it whole in print", () => {
    const url = "https://example.com/" + "x".repeat(50);
    const head = { n: 1, title: "T", date: null, source: url };
    expect(printLines(sourceLines(head, { width: 40, form: "print", paint: () => undefined }))).toBe(`[1] T — undated —\n    ${url}`);
    const cut = printLines(sourceLines(head, { width: 40, form: "screen", paint: () => undefined })).split("\n");
    expect(cut.every((l) => l.length <= 40)).toBe(true);
    expect(cut.slice(1).map((l) => l.trim()).join("")).toBe(url);
  });

  it("keeps a paragraph's own indent in print, and writes empty lines empty", () => {
    expect(printText("one two three four\n\n   indented five six", 14, 2, 4)).toBe("    one two\n      three\n      four\n\n       indented\n      five six");
  });

  it("puts a timeline's text in a column: continuation lines start where the first line's text does, undated ones too (QA 2026-12-02)", () => {
    const answer = [
      "From 2 articles, 1987-03-18 to 1987-03-23.",
      "1987-03-18  General Partners said it has started a tender offer for all common shares of GenCorp Inc. [1][2]",
      "undated     GenCorp's RKO unit asked the FCC to keep its broadcast licences. [3]",
    ].join("\n");
    const shown = printLines(answerLines(answer, true, { width: 40, form: "print", paint: printPaint(false) }));
    expect(shown).toBe(
      [
        "From 2 articles, 1987-03-18 to",
        "1987-03-23.",
        "1987-03-18  General Partners said it has",
        "            started a tender offer for",
        "            all common shares of GenCorp",
        "            Inc. [1][2]",
        "undated     GenCorp's RKO unit asked the",
        "            FCC to keep its broadcast",
        "            licences. [3]",
      ].join("\n"),
    );
    // Too narrow for the column: the date on a line of its own, the text under it, every line fitting.
    const narrow = printLines(answerLines(answer, true, { width: 16, form: "screen", paint: () => undefined })).split("\n");
    expect(narrow.slice(3, 5)).toEqual(["1987-03-18", "  General"]);
    expect(narrow.every((l) => l.length <= 16)).toBe(true);
  });

  it("makes every run terminal-safe, and measures wide characters as two columns", () => {
    const lines = layoutText([{ text: "a\x1b[31mred\x1b[0m 東京都 b" }], 8);
    expect(printLines(lines)).toBe("ared\n東京都 b");
  });
});

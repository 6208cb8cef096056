import { describe, expect, it } from "vitest";
import { InputHistory, parseInput } from "../src/faces/chat/commands.js";
import { formatAge } from "../src/faces/chat/facts.js";
import { markerSegments } from "../src/faces/terminal/briefing.js";
import { displayWidth, wrapRuns, type Run } from "../src/faces/terminal/wrap.js";
import { Pacer } from "../src/faces/chat/pace.js";

const text = (line: Run[]) => line.map((r) => r.text).join("");

describe("chat input", () => {
  it("tells questions from commands", () => {
    expect(parseInput("  What about Germany?  ")).toEqual({ kind: "question", text: "What about Germany?" });
    expect(parseInput("/open 2")).toEqual({ kind: "open", n: 2 });
    expect(parseInput("/open [3]")).toEqual({ kind: "open", n: 3 });
    expect(parseInput("/open")).toEqual({ kind: "open", n: null });
    expect(parseInput("/open two")).toEqual({ kind: "open", n: null });
    expect(parseInput("/SOURCES")).toEqual({ kind: "sources" });
    expect(parseInput("/exit")).toEqual({ kind: "quit" });
    expect(parseInput("/frobnicate now")).toEqual({ kind: "unknown", command: "/frobnicate" });
    expect(parseInput("   ")).toEqual({ kind: "empty" });
  });

  it("recalls earlier inputs with up and down, and gives the draft back", () => {
    const h = new InputHistory();
    expect(h.up("x")).toBeNull();
    for (const l of ["first", "second", "second", "third"]) h.add(l);
    expect(h.up("draft")).toBe("third");
    expect(h.up("third")).toBe("second"); // the repeated "second" was kept once
    expect(h.up("second")).toBe("first");
    expect(h.up("first")).toBeNull();
    expect(h.down()).toBe("second");
    expect(h.down()).toBe("third");
    expect(h.down()).toBe("draft");
    expect(h.down()).toBeNull();
  });
});

describe("chat layout", () => {
  const words = "In a significant move underscoring the vitality of international security cooperation, U.S. Secretary of Defense Lloyd J. Austin III convened with U.K. Secretary of State for Defence Grant Shapps.";

  it("wraps to the width without starting a line with a space, even when a line fills exactly", () => {
    for (const width of [20, 33, 40, 60, 61, 62]) {
      const lines = wrapRuns([{ text: words }, { text: " [1]", style: { bold: true } }], width);
      for (const l of lines) {
        expect(displayWidth(text(l))).toBeLessThanOrEqual(width);
        expect(text(l)).not.toMatch(/^\s/);
      }
      expect(lines.map(text).join(" ")).toBe(`${words} [1]`);
    }
    // "aaaa bbbb" at width 4: the first word fills the line exactly.
    expect(wrapRuns([{ text: "aaaa bbbb cc" }], 9).map(text)).toEqual(["aaaa bbbb", "cc"]);
    expect(wrapRuns([{ text: "aaaa bbbb" }], 4).map(text)).toEqual(["aaaa", "bbbb"]);
  });

  it("leaves room for a hanging indent and keeps styles across the wrap", () => {
    const lines = wrapRuns([{ text: "[1] ", style: { bold: true } }, { text: words }], 40, 4);
    expect(lines[0]![0]).toEqual({ text: "[1] ", style: { bold: true } });
    for (const l of lines.slice(1)) expect(displayWidth(text(l))).toBeLessThanOrEqual(36);
  });

  it("keeps paragraph breaks and cuts a word longer than the line", () => {
    expect(wrapRuns([{ text: "one\n\ntwo" }], 20).map(text)).toEqual(["one", "", "two"]);
    const url = "https://example.com/" + "x".repeat(50);
    const lines = wrapRuns([{ text: `see ${url}` }], 20).map(text);
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(lines[0]).toBe("see");
    expect(lines.slice(1).join("")).toBe(url);
  });

  it("counts wide characters as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("東京")).toBe(4);
    expect(displayWidth("e\u0301")).toBe(1);
  });

  it("splits citation markers out of answer text", () => {
    expect(markerSegments("A [1] and B.[2]")).toEqual([
      { text: "A ", marker: false },
      { text: "[1]", marker: true },
      { text: " and B.", marker: false },
      { text: "[2]", marker: true },
    ]);
  });

  it("says how old the index is in words", () => {
    expect(formatAge(2_000)).toBe("just now");
    expect(formatAge(42_000)).toBe("42 seconds ago");
    expect(formatAge(60_000)).toBe("1 minute ago");
    expect(formatAge(3 * 3600_000 + 5)).toBe("3 hours ago");
    expect(formatAge(NaN)).toBe("unknown age");
  });
});

describe("the answer pacer", () => {
  it("reveals pushed chunks one per tick, and all at once with no pace", async () => {
    const shown: string[] = [];
    const paced = new Pacer((t) => shown.push(t), 5);
    paced.push("One. ");
    paced.push("Two. ");
    paced.push("Three.");
    expect(shown).toEqual([]);
    await paced.drained();
    expect(shown).toEqual(["One. ", "One. Two. ", "One. Two. Three."]);

    const now: string[] = [];
    const instant = new Pacer((t) => now.push(t), 0);
    instant.push("a");
    instant.push("b");
    expect(now).toEqual(["a", "ab"]);
  });
});

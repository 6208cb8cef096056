import { describe, expect, it } from "vitest";
import { normalizeWhitespace, sanitizeForTerminal } from "../src/text/sanitize.js";

describe("sanitizeForTerminal", () => {
  const cases: [string, string, string][] = [
    ["CSI cursor moves and clear screen", "a\x1b[2J\x1b[H\x1b[10;5fb\x1b[3A", "ab"],
    ["SGR colours", "\x1b[1;31mred\x1b[0m \x1b[38;5;196mx\x1b[m", "red x"],
    ["OSC title ended by BEL", "x\x1b]0;pwned\x07y", "xy"],
    ["OSC title ended by ST", "x\x1b]2;pwned\x1b\\y", "xy"],
    ["OSC 8 hyperlink", "see \x1b]8;;https://evil.test\x1b\\click\x1b]8;;\x1b\\ here", "see click here"],
    ["OSC 8 hyperlink with BEL", "\x1b]8;id=1;https://evil.test\x07link\x1b]8;;\x07", "link"],
    ["8-bit C1 CSI", "\u009b31mX\u009b2J", "X"],
    ["8-bit OSC with ST", "a\u009d0;t\u009cb", "ab"],
    ["DCS string", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"],
    ["unterminated OSC stops at the line end", "a\x1b]0;title\nnext", "a\nnext"],
    ["other escapes (RIS, charset, save cursor)", "\x1bc\x1b(B\x1b7ok", "ok"],
    ["bidi overrides and isolates", "abc\u202eevil\u202c \u2066x\u2069 \u202a\u202b\u202d", "abcevil x "],
    ["C0 and C1 controls, DEL, bare CR", "a\x00b\x07c\x08d\rE\x7f\u0085f", "abcdEf"],
    ["CRLF becomes LF", "one\r\ntwo", "one\ntwo"],
  ];
  for (const [name, input, want] of cases) {
    it(name, () => expect(sanitizeForTerminal(input)).toBe(want));
  }

  it("keeps ordinary Unicode, newlines and tabs", () => {
    const s = "Café £15.8m – “quoted” 中文 العربية 😀\tcol\nline — Zoë\u200d";
    expect(sanitizeForTerminal(s)).toBe(s);
  });

  it("leaves no escape or control character in hostile input", () => {
    const hostile = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join("x") + "\x1b[" + "\x1b]8;;";
    expect(sanitizeForTerminal(hostile)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe("normalizeWhitespace", () => {
  it("collapses runs of any whitespace to one space and trims", () => {
    expect(normalizeWhitespace("  a \n\n b\t\u00a0c  ")).toBe("a b c");
  });
});

import { describe, expect, it } from "vitest";
import { cleanArticleText, normalizeWhitespace, sanitizeForTerminal } from "../src/text/sanitize.js";
import { decodeWindows1252 } from "../src/corpus/encoding.js";

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

describe("cleanArticleText (what an article is stored as)", () => {
  it("removes escape sequences whole, so no remnant glues to a word", () => {
    expect(cleanArticleText("\x1b[1mFirefighters\x1b[0m saved the \x1b[4mbakery\x1b[0m")).toBe("Firefighters saved the bakery");
    expect(cleanArticleText("Evil \x1b]0;pwned\x07 headline\n\n\x1b[2J\x1b[31mThe dam\x1b[0m")).toBe("Evil  headline\n\nThe dam");
    expect(cleanArticleText("a\x1bP1;2|x\x1b\\b \u009d0;t\u009cc \x1b_apc\x1b\\d \x1b^pm\x07e \x1bXsos\x1b\\f")).toBe("ab c d e f");
  });

  it("drops zero-width spaces, word joiners and BOMs inside the text", () => {
    expect(cleanArticleText("fer\u200bry Ros\u2060coff \ufeffsaid")).toBe("ferry Roscoff said");
  });

  it("keeps a zero-width joiner that an emoji or a script needs, drops one between Latin letters", () => {
    for (const kept of ["👩\u200d🚒", "👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "👩🏽\u200d💻", "क्\u200dष", "ب\u200dب"]) expect(cleanArticleText(kept)).toBe(kept);
    expect(cleanArticleText("fire\u200dfighters \u200dsaved\u200d")).toBe("firefighters saved");
  });

  it("turns form feeds, vertical tabs and Unicode line separators into line breaks, not glue", () => {
    expect(cleanArticleText("page one\fpage two\u2028three\vfour\r\nfive\rsix")).toBe("page one\npage two\nthree\nfour\nfive\nsix");
  });
});

describe("decodeWindows1252 and the 8-bit CSI", () => {
  const bytes = (...parts: (string | number)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === "number" ? [p] : [...Buffer.from(p, "latin1")])));
  it("reads 0x9B as CSI only when parameter bytes and a final byte follow", () => {
    expect(cleanArticleText(decodeWindows1252(bytes(0x9b, "1mFire", 0x9b, "0m ", 0x9b, "38;5;1mx")))).toBe("Fire x");
  });
  it("keeps › as a quote mark otherwise", () => {
    expect(cleanArticleText(decodeWindows1252(bytes(0x8b, " oui ", 0x9b, " et ", 0x9b, "Non", 0x9b)))).toBe("‹ oui › et ›Non›");
  });
});

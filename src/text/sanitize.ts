/**
 * Making untrusted article text safe to print in a terminal. Article files come from anywhere:
 * an escape sequence inside one could move the cursor, recolour or retitle the terminal, plant
 * a clickable link (OSC 8), or a bidi override could make a quote read differently from its bytes.
 */

// CSI: ESC [ (or the 8-bit C1 form U+009B), parameter bytes, intermediate bytes, one final byte.
const CSI = "(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]";
// String sequences (OSC, DCS, SOS, PM, APC, 7- or 8-bit introducers) run to BEL or ST (ESC \ or U+009C).
// An unterminated one is cut at the end of its line so it cannot swallow the rest of the text.
const STRING_SEQ =
  "(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^]*?(?:\\u0007|\\u001b\\\\|\\u009c|(?=\\n)|$)";
// Any other escape: optional intermediates then a final byte (ESC 7, ESC c, ESC ( B, a bare ESC [ …).
const OTHER_ESC = "\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?";

const ESCAPES = new RegExp(`${CSI}|${STRING_SEQ}|${OTHER_ESC}`, "g");
// C0 controls except \t and \n, DEL, and C1 controls. \r goes too: a bare CR overwrites the line.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidi embeddings/overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Remove escape sequences, control characters (but \n and \t) and bidi overrides; keep ordinary Unicode. */
export function sanitizeForTerminal(s: string): string {
  return s.replace(/\r\n/g, "\n").replace(ESCAPES, "").replace(CONTROLS, "").replace(BIDI, "");
}

/** Collapse every run of whitespace (spaces, tabs, newlines, no-break spaces) to one space and trim. */
export function normalizeWhitespace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

// Invisible characters that split or glue words without showing: zero-width space, word joiner,
// and a byte-order mark inside the text (a UTF-8 BOM at the start is already stripped by the decoder).
const ZERO_WIDTH = /[\u200b\u2060\ufeff]/g;
// A zero-width joiner is kept only where a script or an emoji needs it: between two emoji (👩‍💻), after a
// variation selector or skin tone, after a combining mark (Indic conjuncts), or between letters of a
// non-Latin script (Arabic, Persian, Indic). Anywhere else (inside an English word) it only hides a match.
const ZWJ_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f\p{M}]|(?![\p{Script=Latin}\p{Script=Common}])\p{L}/u;
const ZWJ_AFTER = /[\p{Extended_Pictographic}\p{M}]|(?![\p{Script=Latin}\p{Script=Common}])\p{L}/u;
// Line and page breaks that are not \n: vertical tab, form feed, NEL, line and paragraph separators.
const OTHER_BREAKS = /[\u000b\u000c\u0085\u2028\u2029]/g;

/**
 * Article text as it is stored: what sanitizeForTerminal removes (escape sequences whole, with their
 * parameters and strings; controls; bidi overrides), plus zero-width characters and stray joiners.
 * Done once when an article is loaded, so the stored text, its tokens, quotes and offsets all agree.
 */
export function cleanArticleText(s: string): string {
  const text = sanitizeForTerminal(s.replace(/\r\n?/g, "\n").replace(OTHER_BREAKS, "\n")).replace(ZERO_WIDTH, "");
  if (!text.includes("\u200d")) return text;
  const chars = [...text];
  return chars.filter((c, i) => c !== "\u200d" || (ZWJ_BEFORE.test(chars[i - 1] ?? "") && ZWJ_AFTER.test(chars[i + 1] ?? ""))).join("");
}

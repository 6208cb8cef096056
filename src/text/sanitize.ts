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

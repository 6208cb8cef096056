/**
 * Turning file bytes into text. UTF-8 is expected; older news dumps are often Windows-1252
 * (the BBC set has such a file), so invalid UTF-8 is decoded as Windows-1252 rather than
 * skipped (see decodeWindows1252 for why not TextDecoder). Real binary content is refused, since decoding it would index garbage.
 */

export type Decoded = { text: string; encoding: string } | { problem: string };

const SAMPLE = 64 * 1024;

/** Decode a file's bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252; binary → problem. */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  if (looksBinary(bytes)) return { problem: "binary file (not text); convert it to text, or remove it from the corpus" };
  try {
    // ignoreBOM: false (the default) strips a UTF-8 BOM.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: real Windows-1252 text has next to no control bytes and none of the five bytes it leaves
    // undefined, where random bytes (compressed or encrypted data, a few hundred bytes of it) have plenty.
    if (oddShare(bytes) > 0.01) return { problem: "binary file (not text); convert it to text, or remove it from the corpus" };
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

// 0x80–0x9F in Windows-1252 (undefined bytes keep their C1 code point, as WHATWG does).
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/**
 * Done by hand: Node 20's TextDecoder("windows-1252") takes a Latin-1 fast path and turns
 * 0x80–0x9F (curly quotes, dashes, €) into invisible C1 controls.
 * 0x9B is "›" in Windows-1252 but the 8-bit CSI in a terminal stream: it is read as CSI (U+009B,
 * which the loader then removes with its sequence) only when parameter bytes and a final byte
 * follow (`›1m`, `›2J`, `›38;5;1m`), so a French `› quote` keeps its guillemet.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    const end = Math.min(bytes.length, i + 8192);
    let s = "";
    for (let j = i; j < end; j++) {
      const b = bytes[j]!;
      if (b === 0x9b && isCsiTail(bytes, j + 1)) s += "\u009b";
      else s += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    }
    parts.push(s);
  }
  return parts.join("");
}

/** One or more CSI parameter bytes (0–9 : ; < = > ?) then a final byte (@ A–Z [ \\ ] ^ _ ` a–z { | } ~). */
function isCsiTail(bytes: Uint8Array, at: number): boolean {
  let i = at;
  while (i < bytes.length && i - at < 32 && bytes[i]! >= 0x30 && bytes[i]! <= 0x3f) i++;
  return i > at && i < bytes.length && bytes[i]! >= 0x40 && bytes[i]! <= 0x7e;
}

/** Share of the first 64 KB that is control bytes (not whitespace or ESC) or undefined in Windows-1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
function oddShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, SAMPLE);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) || b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d) odd++;
  }
  return n ? odd / n : 0;
}

/** NUL bytes, or more than 10% control characters other than whitespace and ESC, in the first 64 KB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) controls++;
  }
  return n > 0 && controls / n > 0.1;
}

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Bm25Index } from "./bm25.js";
import { int32s } from "./passage-files.js";

/**
 * A BM25 index as two files: `<name>-terms.json` (k1, b and the terms, a small JSON) and
 * `<name>.i32` (lengths and postings as Int32s, see `packTable` in bm25-layout.ts), read without parsing
 * the postings: format 3's bm25.json of Reuters was 15 MB of nested JSON arrays.
 */
export function bm25Files(name: string): string[] {
  return [`${name}-terms.json`, `${name}.i32`];
}

export function writeBm25(dir: string, name: string, index: Bm25Index): void {
  const { k1, b, terms, table } = index.toBinary();
  writeFileSync(path.join(dir, `${name}-terms.json`), JSON.stringify({ k1, b, terms }));
  writeFileSync(path.join(dir, `${name}.i32`), table);
}

export function readBm25(dir: string, name: string): Bm25Index {
  const { k1, b, terms } = JSON.parse(readFileSync(path.join(dir, `${name}-terms.json`), "utf8"));
  if (typeof k1 !== "number" || typeof b !== "number" || !Array.isArray(terms)) throw new Error(`${name}-terms.json is not a BM25 term list`);
  return Bm25Index.fromBinary({ k1, b, terms, table: int32s(readFileSync(path.join(dir, `${name}.i32`))) });
}

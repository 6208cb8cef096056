import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { webcrypto } from "node:crypto";
import path from "node:path";
import hnswlib from "hnswlib-node";
import type { Hnsw } from "./dense.js";
import { fromStoredSpan, type IndexedPassage, type StoredSpan } from "./passage.js";

const { HierarchicalNSW } = hnswlib;

/**
 * HNSWLib's folder layout (`args.json`, `hnswlib.index`, and in format 3 `docstore.json`),
 * written and read here rather than by `HNSWLib.save`/`load`: saving must be synchronous
 * (HNSWLib's async writes and mkdir could land after a Ctrl+C's exit cleanup and leave a partial
 * generation behind), and the docstore is the index's own passages (see dense.ts), which format 4
 * keeps as binary tables (passage-files.ts) rather than as HNSWLib's JSON docstore.
 */

interface StoredDoc {
  pageContent: string;
  metadata: Omit<IndexedPassage, "text" | "sentences"> & { sentences: StoredSpan[] };
}

export function writeArgs(dir: string, dimension: number): void {
  writeFileSync(path.join(dir, "args.json"), JSON.stringify({ space: "cosine", numDimensions: dimension }));
}

/** Format 3's passages: HNSWLib's docstore.json, spans as `[start, end, kind]` triples. */
export function readDocstore(dir: string): IndexedPassage[] {
  const docs = JSON.parse(readFileSync(path.join(dir, "docstore.json"), "utf8")) as [string, StoredDoc][];
  return docs.map(([label, doc]) => ({ ...doc.metadata, label: Number(label), sentences: doc.metadata.sentences.map(fromStoredSpan), text: doc.pageContent }));
}

/**
 * Writes the graph and checks the file (returns it): hnswlib writes with a C++ stream that ignores
 * write errors, so a full disk would leave a truncated hnswlib.index behind a successful save.
 */
export function writeGraph(dir: string, graph: Hnsw): string {
  const file = path.join(dir, "hnswlib.index");
  graph.writeIndexSync(file);
  const problem = graphFileProblem(file, graph.getCurrentCount());
  if (problem) throw new Error(`hnswlib.index was cut short while writing, is the disk full? (${problem})`);
  return file;
}

/**
 * What is wrong with a written hnswlib.index, or null: its layout walked as hnswlib's reader
 * walks it (a 96-byte header, every element's level-0 block, then each element's upper-level
 * links, a 4-byte size and that many bytes), without reading the vectors. Reading it back with
 * hnswlib, as this did, held a second copy of the graph (Reuters: 71 MB) at every checkpoint.
 */
export function graphFileProblem(file: string, elements: number): string | null {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(96);
    if (readSync(fd, header, 0, 96, 0) !== 96) return "no header";
    const count = Number(header.readBigUInt64LE(16));
    const perElement = Number(header.readBigUInt64LE(24));
    if (count !== elements) return `${count} elements written, ${elements} in the graph`;
    // The upper levels' links follow the level-0 blocks: a few hundred kilobytes, read in one go.
    const start = 96 + count * perElement;
    if (start > size) return `${size} bytes, less than the ${start} of its level-0 blocks`;
    const links = Buffer.alloc(size - start);
    if (readSync(fd, links, 0, links.length, start) !== links.length) return "could not be read back";
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 4 > links.length) return `ends in the links of element ${i} of ${count}`;
      at += 4 + links.readUInt32LE(at);
    }
    return at === links.length ? null : `${size} bytes where the layout needs ${start + at}`;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the graph, after checks that keep a damaged file from the native reader (a corrupted file
 * can crash it outright): its size against the passages it must hold, and its checksum. All off
 * the main thread (the file read, WebCrypto's digest and hnswlib's read run on libuv's threads),
 * while the caller reads the rest of the index and the model loads: Reuters' graph is 71 MB, and
 * checking and reading it was a third of a cold `ask`'s index open.
 */
export async function readGraphAsync(dir: string, dimension: number, expect: { passages: number; elements: number; sha256?: string }): Promise<Hnsw> {
  const file = path.join(dir, "hnswlib.index");
  if (statSync(file).size < expect.passages * dimension * 4) throw new Error("hnswlib.index is truncated");
  if (expect.sha256) {
    const digest = Buffer.from(await webcrypto.subtle.digest("SHA-256", await readFile(file))).toString("hex");
    if (digest !== expect.sha256) throw new Error("hnswlib.index does not match its checksum");
  }
  const graph = new HierarchicalNSW("cosine", dimension);
  await graph.readIndex(file);
  if (graph.getCurrentCount() !== expect.elements) throw new Error("hnswlib.index does not match the manifest");
  return graph;
}

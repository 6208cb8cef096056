import { createHash } from "node:crypto";
import { closeSync, ftruncateSync, linkSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { IndexDamaged, IndexMismatch, IndexTooNew } from "./errors.js";
import { leasedGenerations } from "./leases.js";
import { FORMAT_VERSION, READABLE_FORMATS, type Manifest } from "./manifest.js";

/** The files of one generation folder and the checks made when reading them (used by store.ts). */

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** sha256 of a file read in 4 MB pieces: the graph of a big archive is never held whole just to check it. */
export function sha256File(file: string): string {
  const hash = createHash("sha256");
  const piece = Buffer.allocUnsafe(4 << 20);
  const fd = openSync(file, "r");
  try {
    for (let n; (n = readSync(fd, piece, 0, piece.length, null)) > 0; ) hash.update(piece.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/**
 * The sentence-vector table, each run of embedded rows written at its place and the file extended
 * to full size without writing the rest: rows not embedded yet are zeros, left as holes (a sparse
 * file), so a lexical generation of a big archive costs no time or disk for vectors it does not
 * have, and a checkpoint only what it has (repeated sentences are embedded once, wherever they
 * fall, so the last embedded row is often near the end: writing up to it wrote 272 MB of
 * Reuters' 280 MB at every checkpoint from the first).
 */
export function writeVectors(file: string, vectors: Float32Array, embedded: Uint8Array, d: number): void {
  writeVectorRows(file, embedded, d, (from, to, into) => into.set(vectors.subarray(from * d, to * d)));
}

/** Rows per block written by writeVectorRows (2 MB at 512 dimensions). */
const BLOCK_ROWS = 1024;

/**
 * writeVectors with the rows asked for a block at a time (`fill(from, to, into)` puts rows
 * `from … to - 1` into `into`): the table is never whole in memory.
 */
export function writeVectorRows(file: string, embedded: Uint8Array, d: number, fill: (from: number, to: number, into: Float32Array) => void): void {
  const block = new Float32Array(BLOCK_ROWS * d);
  const buf = Buffer.from(block.buffer);
  const fd = openSync(file, "w");
  try {
    for (let row = embedded.indexOf(1); row >= 0 && row < embedded.length; ) {
      let end = row;
      while (end < embedded.length && end - row < BLOCK_ROWS && embedded[end] === 1) end++;
      fill(row, end, block.subarray(0, (end - row) * d));
      const [position, bytes] = [row * d * 4, (end - row) * d * 4];
      for (let at = 0; at < bytes; ) at += writeSync(fd, buf, at, bytes - at, position + at);
      row = embedded.indexOf(1, end);
    }
    ftruncateSync(fd, embedded.length * d * 4);
  } finally {
    closeSync(fd);
  }
}

export function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

export function readManifest(genDir: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(genDir, "manifest.json"), "utf8"));
  } catch {
    throw new IndexDamaged(`the index manifest in ${genDir} is missing or unreadable`);
  }
  if (typeof manifest.formatVersion !== "number" || manifest.formatVersion > FORMAT_VERSION) {
    throw new IndexTooNew(genDir, manifest.formatVersion, FORMAT_VERSION);
  }
  if (!READABLE_FORMATS.includes(manifest.formatVersion)) {
    throw new IndexMismatch(`the index at ${path.dirname(genDir)} has an older format (${manifest.formatVersion})`, manifest);
  }
  return manifest;
}

/**
 * Removes generations other than `keep` and those a live reader holds (see leases.ts), and
 * partial ones left by a killed ingest.
 */
export function pruneGenerations(dir: string, keep: string[]): void {
  const leased = leasedGenerations(dir);
  for (const name of readdirSync(dir)) {
    if (name.startsWith("gen-") && !keep.includes(name) && !leased.has(name)) rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

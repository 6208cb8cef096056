import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { processAlive } from "./process-alive.js";
import { makeFolder } from "../folders.js";

/**
 * Reader leases: a process that opens a generation leaves `readers/<generation>.<pid>` in the
 * index folder until it exits, and pruning keeps every generation with a live lease. An ingest
 * that commits a checkpoint every half minute would otherwise delete a generation a chat (or a
 * slow `ask`) is still reading. Best effort: a read-only folder gets no lease and needs none
 * (nobody can prune it either).
 */
const READERS = "readers";

const held = new Map<string, () => void>();

/** Leases `generation` of the index at `dir` for this process; returns the release. */
export function leaseGeneration(dir: string, generation: string): () => void {
  const file = path.join(dir, READERS, `${generation}.${process.pid}`);
  const existing = held.get(file);
  if (existing) return existing;
  try {
    makeFolder(path.join(dir, READERS));
    writeFileSync(file, "");
  } catch {
    return () => {};
  }
  const release = () => {
    held.delete(file);
    process.off("exit", release);
    rmSync(file, { force: true });
  };
  held.set(file, release);
  process.on("exit", release);
  return release;
}

/** Generations some live process holds a lease on; leases of dead processes are removed. */
export function leasedGenerations(dir: string): Set<string> {
  const out = new Set<string>();
  let names: string[];
  try {
    names = readdirSync(path.join(dir, READERS));
  } catch {
    return out;
  }
  for (const name of names) {
    const dot = name.lastIndexOf(".");
    const pid = Number(name.slice(dot + 1));
    if (dot > 0 && Number.isInteger(pid) && pid > 0 && processAlive(pid)) out.add(name.slice(0, dot));
    else rmSync(path.join(dir, READERS, name), { force: true });
  }
  return out;
}

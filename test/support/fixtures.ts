import { cpSync, existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SHARED = path.resolve(ROOT, "../shared");
export const BBC = path.join(SHARED, "corpora/bbc");
export const SQUAD = path.join(SHARED, "benchmarks/squad-v2.0-dev.json");
export const hasBbc = existsSync(BBC);

export function tempDir(prefix = "briefing-test-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A private copy of the default corpus, so a test may add, change or delete articles. */
export function copyOfSeedCorpus(): string {
  const dir = tempDir("briefing-corpus-");
  cpSync(path.join(ROOT, "corpus"), dir, { recursive: true });
  return dir;
}

/** Runs the CLI as a user would, through tsx. */
export const CLI = ["--import", "tsx", path.join(ROOT, "src/faces/cli/main.ts")];

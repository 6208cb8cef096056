import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { currentGeneration } from "../../src/index/current.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SHARED = path.resolve(ROOT, "../shared");
export const BBC = path.join(SHARED, "corpora/bbc");
export const SQUAD = path.join(SHARED, "benchmarks/squad-v2.0-dev.json");
export const hasBbc = existsSync(BBC);

/** The index's current generation folder, and its manifest as written on disk. */
export const currentGenerationDir = (indexDir: string) => path.join(indexDir, currentGeneration(indexDir));
export const manifestOnDisk = (indexDir: string) => JSON.parse(readFileSync(path.join(currentGenerationDir(indexDir), "manifest.json"), "utf8"));

const made: string[] = [];

/** A fresh folder under the system temp folder, removed after the test file (temp-cleanup.ts), failed or not. */
export function tempDir(prefix = "briefing-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file; returns those that could not be removed. */
export function removeTempDirs(): string[] {
  const left: string[] = [];
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      left.push(dir);
    }
  }
  return left;
}

/** A private copy of the default corpus, so a test may add, change or delete articles. */
export function copyOfSeedCorpus(): string {
  const dir = tempDir("briefing-corpus-");
  cpSync(path.join(ROOT, "corpus"), dir, { recursive: true });
  return dir;
}

/** Runs the CLI as a user would, through tsx. */
export const CLI = ["--import", "tsx", path.join(ROOT, "src/faces/cli/main.ts")];

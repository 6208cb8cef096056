/**
 * `briefing ask` never loads Ink or React: importing them costs about 0.4 s of a cold start, and
 * only the chat draws with them. The real CLI runs with a module hook that records every module
 * it resolves; the same hook, importing Ink, shows it would notice.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./support/fixtures.js";

const HOOK = path.join(ROOT, "test/support/record-loads.mjs");
const DRAWING = /\/node_modules\/(ink|ink-[a-z-]+|react|react-reconciler)\//;

function loadsOf(args: string[]): { urls: string[]; status: number | null; stderr: string } {
  const file = path.join(tempDir(), "loads.txt");
  const env = { ...process.env, RECORD_LOADS: file, NO_COLOR: "1", BRIEFING_CORPUS: undefined, BRIEFING_INDEX: undefined, BRIEFING_LLM: undefined };
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", HOOK, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 240_000 });
  return { urls: readFileSync(file, "utf8").split("\n").filter(Boolean), status: r.status, stderr: r.stderr };
}

describe("what ask loads", () => {
  it("the recorder sees Ink and React when they are imported", () => {
    const { urls } = loadsOf(["--input-type=module", "-e", 'await import("ink")']);
    expect(urls.filter((u) => DRAWING.test(u)).length).toBeGreaterThan(2);
  });

  it("ask answers without loading Ink or React", () => {
    const index = tempDir();
    const { urls, status, stderr } = loadsOf(["src/faces/cli/main.ts", "ask", "Where is the UK sending an aircraft carrier?", "--index", index]);
    expect(status, stderr).toBe(0);
    // It did the work: the pipeline (hnswlib) and the printed layout were loaded.
    expect(urls.some((u) => /\/node_modules\/hnswlib-node\//.test(u))).toBe(true);
    expect(urls.some((u) => u.endsWith("/src/faces/terminal/briefing.ts"))).toBe(true);
    expect(urls.filter((u) => DRAWING.test(u))).toEqual([]);
  }, 240_000);
});

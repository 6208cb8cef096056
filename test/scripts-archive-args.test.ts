/**
 * The dev briefing scripts read the Reuters archive at the folders they are given: without --index
 * they stop with one usage line instead of building or reading an index in a folder of their own choosing.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/fixtures.js";

describe("scripts/briefings need --corpus and --index", () => {
  for (const script of ["dev-overviews.ts", "fit-keypoints.ts"]) {
    it(`${script} without --index: one usage line, exit 2`, () => {
      const r = spawnSync(process.execPath, ["--import", "tsx", path.join("scripts/briefings", script), "--corpus", "corpus"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
      expect(r.stderr.trim()).toBe(`--index is required: npx tsx scripts/briefings/${script} --corpus DIR --index DIR${script === "dev-overviews.ts" ? " [--quiet]" : " [--verbose] [--pool all|leads] [--only f1,f2]"}`);
      expect(r.status).toBe(2);
    }, 120_000);
  }
});

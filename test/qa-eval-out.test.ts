/**
 * `briefing eval --out FILE` with a FILE that cannot be written (QA, 2026-12-01): the whole eval ran,
 * then "unexpected error: EISDIR …" (or ENOENT) and the records were lost. Now one line before anything
 * runs, naming --out and the file, with the next step; --out beside --briefings (which writes no
 * records) says so instead of being ignored. Real CLI processes.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./support/fixtures.js";
import { cli, expectFailure } from "./support/robust.js";

describe("eval --out that cannot be written", () => {
  it("a folder, or a place no folder can be made, is one line before the eval runs", async () => {
    const dir = tempDir();
    const folder = await cli(["eval", "--out", dir]);
    expectFailure(folder, new RegExp(`^briefing: --out ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is a folder$`), /pass --out with a file name/);
    expect(folder.stderr).not.toMatch(/Evaluating|unexpected/);
    const proc = await cli(["eval", "--out", "/proc/briefing-nope/out.jsonl"]);
    expectFailure(proc, /^briefing: cannot write --out \/proc\/briefing-nope\/out\.jsonl \(its folder \/proc\/briefing-nope cannot be made\)$/, /a folder you can write to/);
    expect(proc.stderr).not.toMatch(/Evaluating|unexpected/);
  }, 120_000);

  it("beside --briefings, which writes no records, says so", async () => {
    const r = await cli(["eval", "--briefings", "evals/briefings/seed.jsonl", "--out", path.join(tempDir(), "x.jsonl")]);
    expectFailure(r, /^briefing: --out writes per-question records of an eval set or --squad, not of --briefings/);
  }, 120_000);
});

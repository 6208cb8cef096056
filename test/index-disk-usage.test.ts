import { linkSync, mkdirSync, openSync, closeSync, ftruncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diskUsage } from "../src/index/disk-usage.js";
import { tempDir } from "./support/fixtures.js";

describe("index size on disk (index/disk-usage.ts)", () => {
  it("counts blocks allocated: a hard link between generations once, a sparse table by what it holds", () => {
    const dir = tempDir("briefing-du-");
    mkdirSync(path.join(dir, "gen-a"));
    mkdirSync(path.join(dir, "gen-b"));
    writeFileSync(path.join(dir, "gen-a", "passages.txt"), "x".repeat(100_000));
    linkSync(path.join(dir, "gen-a", "passages.txt"), path.join(dir, "gen-b", "passages.txt"));
    const one = diskUsage(dir);
    expect(one).toBeGreaterThanOrEqual(100_000);
    expect(one).toBeLessThan(200_000); // the link is not counted twice
    // A 100 MB sentence table with nothing written yet takes (almost) nothing.
    const fd = openSync(path.join(dir, "gen-b", "sentences.f32"), "w");
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    expect(diskUsage(dir) - one).toBeLessThan(1024 * 1024);
    expect(diskUsage(path.join(dir, "missing"))).toBe(0);
  });
});

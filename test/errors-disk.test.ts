/**
 * The one describer of failed writes (src/errors.ts): a full disk names the file system holding
 * the folder (mount point and type from /proc/self/mountinfo), the space free there (statfs) and
 * what is needed, with the next step; never a bare error code.
 */
import { statfsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bytesInWords, diskOf, writeProblem } from "../src/errors.js";
import { tempDir } from "./support/fixtures.js";

const failure = (code: string) => Object.assign(new Error(`${code}: failed, write`), { code });

describe("writeProblem", () => {
  it("a full disk: which file system, how much is free, how much is needed, and what to do", () => {
    const dir = path.join(tempDir(), "index", "not-yet-made"); // the nearest existing folder is measured
    const disk = diskOf(dir);
    const s = statfsSync(path.dirname(path.dirname(dir)));
    // Other processes write meanwhile: the same figure within a margin.
    expect(Math.abs(disk.freeBytes! - s.bavail * s.bsize)).toBeLessThan(256 * 1024 * 1024);
    const need = (disk.freeBytes ?? 0) + 5 * 1024 * 1024;
    const { problem, hint } = writeProblem(failure("ENOSPC"), dir, need);
    const where = disk.mount ? `${disk.mount}${disk.type ? ` \\(${disk.type}\\)` : ""}` : `the disk holding ${dir}`;
    expect(problem).toMatch(new RegExp(`^no space left on ${where}: [\\d.]+ [KMGT]?B free, about [\\d.]+ [KMGT]?B needed$`));
    expect(hint).toMatch(/^free at least [\d.]+ MB on .+, or pass --index <folder> to keep the index on another disk; then run `briefing ingest` again$/);
    expect(problem + hint).not.toMatch(/ENOSPC|make it writable/);
  });

  it("read-only, quota, file-size limit and the unexpected each get plain words", () => {
    const dir = tempDir();
    expect(writeProblem(failure("EACCES"), dir)).toEqual({ problem: "it is read-only for you", hint: "make it writable, or pass --index <folder> to keep the index elsewhere" });
    expect(writeProblem(failure("EROFS"), dir).problem).toBe("the file system is read-only");
    expect(writeProblem(failure("EDQUOT"), dir).problem).toMatch(/^your disk quota on .+ is used up/);
    expect(writeProblem(failure("EFBIG"), dir).hint).toMatch(/raise the file-size limit/);
    expect(writeProblem(new Error("hnswlib.index was cut short"), dir).problem).toBe("hnswlib.index was cut short");
  });

  it("sizes in words", () => {
    expect([0, 812, 2048, 14 * 1024 + 300, 3.4 * 1024 * 1024, 1.2 * 1024 ** 3].map(bytesInWords)).toEqual(["0 B", "812 B", "2.0 KB", "14 KB", "3.4 MB", "1.2 GB"]);
  });
});

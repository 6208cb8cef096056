import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeFolder } from "../src/folders.js";
import { tempDir } from "./support/fixtures.js";

describe("makeFolder", () => {
  it("makes every missing level, and is a no-op when the folder exists", () => {
    const deep = path.join(tempDir(), "a", "b", "c");
    makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it("throws ENOENT at once where the parent exists but refuses children (Node's recursive mkdir spins there)", () => {
    if (!existsSync("/proc/self")) return void console.warn("skipped: no /proc on this machine");
    // Under node's mkdirSync(…, { recursive: true }) this call never returns: the test would hang.
    expect(() => makeFolder("/proc/briefing-x/index")).toThrow(/ENOENT/);
  });

  it("throws where a file stands in the way", () => {
    expect(() => makeFolder(path.join(__filename, "x"))).toThrow(/ENOTDIR|EEXIST/);
  });
});

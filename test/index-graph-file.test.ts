import { copyFileSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { newHnsw } from "../src/index/dense.js";
import { graphFileProblem, writeGraph } from "../src/index/hnswlib-files.js";
import { tempDir } from "./support/fixtures.js";

describe("the written graph file, checked without reading it back into hnswlib", () => {
  it("passes whole, and fails cut anywhere (the header, the level-0 blocks, the upper links) or with the wrong element count", () => {
    const d = 16;
    const graph = newHnsw(d, 400);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    for (let label = 0; label < 400; label++) graph.addPoint(Array.from({ length: d }, random), label * 3);
    const dir = tempDir();
    const file = writeGraph(dir, graph);
    expect(graphFileProblem(file, 400)).toBeNull();
    expect(graphFileProblem(file, 399)).toMatch(/400 elements written, 399 in the graph/);
    const size = statSync(file).size;
    const levelZeroEnd = 96 + 400 * (d * 4 + (2 * 16 * 4 + 4) + 8);
    expect(size).toBeGreaterThan(levelZeroEnd); // some elements have upper levels
    const cut = path.join(dir, "cut.index");
    for (const at of [97, 5000, levelZeroEnd - 1, levelZeroEnd + 2, size - 1]) {
      copyFileSync(file, cut);
      truncateSync(cut, at);
      expect(graphFileProblem(cut, 400), `cut at ${at} of ${size}`).not.toBeNull();
    }
  });
});

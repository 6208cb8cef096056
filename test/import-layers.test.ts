/**
 * The rooms keep their order: text < corpus < embedding < index < retrieval < conversation < answer <
 * pipeline < eval < faces, with config and errors at the base (docs/architecture.md). No module imports
 * a later room and no import cycle exists, type-only imports included.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, importGraph, importsOf, layerOf, layerViolations, type Graph } from "./support/import-graph.js";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "src");

/**
 * Violations tolerated while they are removed. The check requires this list to be exactly what the
 * tree holds. Issue #11's five (three cycles, retrieval importing answer twice) are gone: it is empty.
 */
const KNOWN: string[] = [];

function problems(graph: Graph): string[] {
  return [...cycles(graph).map((c) => `cycle: ${c}`), ...layerViolations(graph).map((v) => `layer: ${v}`)].sort();
}

describe("import layers", () => {
  it("src/ has no import cycle and no import of a later room beyond the known list", () => {
    const found = problems(importGraph(SRC));
    const added = found.filter((p) => !KNOWN.includes(p));
    const fixed = KNOWN.filter((p) => !found.includes(p));
    const message = [
      ...(added.length
        ? [
            "New import-layer problems (order: config, errors < text < corpus < embedding < index < retrieval < conversation < answer < pipeline < eval < faces; see docs/architecture.md):",
            ...added.map((p) => `  ${p}`),
          ]
        : []),
      ...(fixed.length ? ["Fixed or changed: delete these from KNOWN in test/import-layers.test.ts:", ...fixed.map((p) => `  ${p}`)] : []),
    ].join("\n");
    expect(message, message).toBe("");
  });

  it("every source file sits in a room", () => {
    expect(layerOf("config.ts")).toBe("base");
    expect(layerOf("errors.ts")).toBe("base");
    expect(layerOf("providers.ts")).toBe("base");
    expect(layerOf("text/terms.ts")).toBe("text");
    expect(layerOf("pipeline.ts")).toBe("pipeline");
    expect(layerOf("pipeline/open.ts")).toBe("pipeline");
    expect(layerOf("eval/runner.ts")).toBe("eval");
    expect(layerOf("api/archive.ts")).toBe("faces");
    expect(layerOf("briefing.ts")).toBe("faces");
    expect(layerOf("faces/cli/main.ts")).toBe("faces");
    expect(layerOf("helpers.ts")).toBeNull();
    const graph = importGraph(SRC);
    expect(graph.size).toBeGreaterThan(50); // the walk found the tree
    expect([...graph.keys()].filter((f) => layerOf(f) === null)).toEqual([]);
  });
});

describe("the graph functions (in-memory graphs)", () => {
  const g = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges));

  it("finds a cycle of three, a two-file cycle, a self-import, and none in a DAG", () => {
    expect(cycles(g({ "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": ["a.ts"], "d.ts": ["a.ts"] }))).toEqual(["a.ts <-> b.ts <-> c.ts"]);
    expect(cycles(g({ "x.ts": ["y.ts"], "y.ts": ["x.ts"], "z.ts": ["z.ts"] }))).toEqual(["x.ts <-> y.ts", "z.ts"]);
    expect(cycles(g({ "a.ts": ["b.ts", "c.ts"], "b.ts": ["c.ts"], "c.ts": [] }))).toEqual([]);
  });

  it("finds a cycle at the end of a long chain (no recursion limit)", () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) edges[`n${i}.ts`] = [`n${i + 1}.ts`];
    edges["n20000.ts"] = ["n19999.ts"];
    expect(cycles(g(edges))).toEqual(["n19999.ts <-> n20000.ts"]);
  });

  it("flags an import of a later room and a file in no room, not one of an earlier or the same room", () => {
    const graph = g({
      "text/terms.ts": ["config.ts"],
      "retrieval/hybrid.ts": ["answer/types.ts", "index/store.ts", "retrieval/rrf.ts"],
      "errors.ts": ["text/terms.ts"],
      "faces/cli/main.ts": ["pipeline.ts", "eval/runner.ts", "faces/chat/app.ts"],
      "stray.ts": [],
    });
    expect(layerViolations(graph)).toEqual([
      "errors.ts -> text/terms.ts (base imports text)",
      "retrieval/hybrid.ts -> answer/types.ts (retrieval imports answer)",
      "stray.ts is in no room (put it in one of base, text, corpus, embedding, index, retrieval, conversation, answer, pipeline, eval, faces)",
    ]);
  });

  it("reads type-only, re-export and dynamic imports, not comments or strings", () => {
    const source = [
      'import type { A } from "./a.js";',
      'import { type B } from "./b.js";',
      'export * from "./c.js";',
      'export type { D } from "./d.js";',
      'const e = await import("./e.js");',
      'type F = typeof import("./f.js");',
      'import "./g.js";',
      '// import { H } from "./h.js";',
      'const s = "import { I } from \'./i.js\'";',
    ].join("\n");
    expect(importsOf(source)).toEqual(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js", "./f.js", "./g.js"]);
  });
});

/**
 * Inside faces/: the CLI, the chat and the MCP server share terminal things through faces/terminal/
 * only, never each other's internals; terminal/ belongs to no face and draws without Ink or React.
 * (The order of the rooms across src/ is test/import-layers.test.ts's.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importGraph, importsOf, type Graph } from "./support/import-graph.js";
import { ROOT } from "./support/fixtures.js";

const SRC = path.join(ROOT, "src");
const FACES = ["cli", "chat", "mcp"];
/** A command's entry point, which the CLI loads on use: the only way into another face. */
const ENTRY_POINTS = new Set(["faces/chat/run.tsx", "faces/mcp/run.ts"]);
const roomOf = (file: string) => (file.startsWith("faces/") ? file.split("/")[1]! : null);

/** Imports from one face into another's internals. */
function crossings(graph: Graph): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = roomOf(file);
    if (!from || !FACES.includes(from)) continue;
    for (const t of targets) {
      const to = roomOf(t);
      if (to && to !== from && FACES.includes(to) && !ENTRY_POINTS.has(t)) out.push(`${file} -> ${t}`);
    }
  }
  return out;
}

describe("the rooms of faces/", () => {
  const graph = importGraph(SRC);

  it("no face imports another face's internals", () => {
    expect(crossings(graph)).toEqual([]);
  });

  it("terminal/ imports no face, and neither Ink nor React", () => {
    const terminal = [...graph.keys()].filter((f) => f.startsWith("faces/terminal/"));
    expect(terminal.length).toBeGreaterThan(3);
    for (const file of terminal) {
      expect(graph.get(file)!.filter((t) => FACES.includes(roomOf(t) ?? "")), file).toEqual([]);
      expect(importsOf(readFileSync(path.join(SRC, file), "utf8")).filter((s) => /^(ink|react)(\/|$)|^ink-/.test(s)), file).toEqual([]);
    }
  });

  it("would notice a crossing", () => {
    expect(crossings(new Map([["faces/chat/facts.ts", ["faces/cli/render.ts"]], ["faces/cli/main.ts", ["faces/chat/run.tsx", "faces/terminal/wrap.ts"]]]))).toEqual(["faces/chat/facts.ts -> faces/cli/render.ts"]);
  });
});

/**
 * The source tree's import graph and the rooms (layers) it must respect, for test/import-layers.test.ts.
 * Every import counts: value, type-only (`import type`, `typeof import(…)`), re-exports and dynamic
 * `import()`: a type-only import still means one room must be read to understand the other.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** The rooms in reading order; a module may import its own room and earlier ones, never a later one. */
export const LAYERS = ["base", "text", "corpus", "embedding", "index", "retrieval", "conversation", "answer", "pipeline", "eval", "faces"] as const;
export type Layer = (typeof LAYERS)[number];

/** File → the files it imports (paths relative to the source root, with `/` separators). */
export type Graph = Map<string, string[]>;

const SOURCE = /\.(?:ts|tsx|mts|mjs)$/;

/** Which room a source file (relative to `src/`) belongs to, or null when it sits in none. */
export function layerOf(file: string): Layer | null {
  if (file === "config.ts" || file === "errors.ts" || file === "folders.ts" || file === "providers.ts") return "base";
  if (file === "pipeline.ts") return "pipeline";
  if (file === "briefing.ts") return "faces"; // the library's entry point is a face, like the CLI
  const room = file.split("/")[0]!;
  if (room === "api") return "faces";
  return (LAYERS as readonly string[]).includes(room) && room !== "base" ? (room as Layer) : null;
}

/** Reads every source file under `root` and resolves its relative imports to files under `root`. */
export function importGraph(root: string): Graph {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  walk(root);
  const known = new Set(files);
  const graph: Graph = new Map();
  for (const file of files.sort()) {
    const targets = importsOf(readFileSync(path.join(root, file), "utf8"))
      .filter((spec) => spec.startsWith("."))
      .map((spec) => resolve(path.posix.join(path.posix.dirname(file), spec), known))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The module specifiers a source text imports, in any form (TypeScript's own scanner: comments and strings are not imports). */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** `./x.js` names `x.ts` (or `.tsx`) under NodeNext; a folder import names its index. Non-source files (JSON) are not modules here. */
function resolve(spec: string, known: Set<string>): string | null {
  const bare = spec.replace(/\.(?:js|jsx|mjs|ts|tsx)$/, "");
  for (const candidate of [spec, `${bare}.ts`, `${bare}.tsx`, `${bare}.mts`, `${bare}.mjs`, `${bare}/index.ts`]) if (known.has(candidate)) return candidate;
  return null;
}

/**
 * The import cycles: each strongly connected component of more than one file (or a file importing
 * itself), as its files sorted, joined by " <-> ". Tarjan's algorithm, iterative so deep chains are fine.
 */
export function cycles(graph: Graph): string[] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges.includes(frame.node);
        if (component.length > 1 || selfLoop) out.push(component.sort().join(" <-> "));
      }
    }
  }
  return out.sort();
}

/** Imports of a later room ("retrieval/hybrid.ts -> answer/types.ts (retrieval imports answer)"), and files in no room. */
export function layerViolations(graph: Graph, layer: (file: string) => Layer | null = layerOf): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const a = layer(from);
    if (a === null) {
      out.push(`${from} is in no room (put it in one of ${LAYERS.join(", ")})`);
      continue;
    }
    for (const to of targets) {
      const b = layer(to);
      if (b !== null && LAYERS.indexOf(b) > LAYERS.indexOf(a)) out.push(`${from} -> ${to} (${a} imports ${b})`);
    }
  }
  return out.sort();
}

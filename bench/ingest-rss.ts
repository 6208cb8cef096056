/**
 * `npm run bench:ingest-rss -- CORPUS --index BUILT [--tail 5000] [--checkpoints 3] [--only a,b,c] [--cli dist/faces/cli/main.js]`:
 * the peak RSS of `briefing ingest` (the compiled CLI, `dist/`; run `npm run build` first) over the
 * whole of an ingest of a big archive, in phases that together cover a run without embedding the
 * whole archive again (Reuters: 25+ minutes of both cores when idle):
 * - (a) from no index: loading, chunking, the lexical commit and the first `--checkpoints`
 *   embedding checkpoints (BRIEFING_CHECKPOINT_SECONDS=30), then stopped with SIGTERM;
 * - (b) the end of a run: a copy of BUILT's current generation turned back into a checkpoint
 *   whose last `--tail` sentence rows (highest passage labels, the ones an ingest embeds last) have
 *   no vector yet (their flags cleared, their rows zeroed, their passages marked deleted in the
 *   graph, as a checkpoint's graph lacks them), resumed to completion: the final commit, with
 *   every vector and the whole graph in memory;
 * - (c) BUILT's current generation opened with its corpus named by the other spelling
 *   (relative ↔ absolute): what a second spelling costs.
 * Each phase is one process under `/usr/bin/time` (user + system CPU, peak RSS: the ingest's
 * worker threads are in the same process, and it starts no child process), with the load average.
 * BUILT is only read: each phase works on a copy under `.briefing/tmp/`.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import hnswlib from "hnswlib-node";
import { currentManifest, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(["--index", "--tail", "--checkpoints", "--only", "--cli"]);
const positional = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
const corpusArg = positional[0] ?? "../shared/corpora/reuters";
const built = option("--index") ? path.resolve(option("--index")!) : undefined;
const tail = Number(option("--tail") ?? 5000);
const checkpoints = Number(option("--checkpoints") ?? 3);
const only = new Set((option("--only") ?? "a,b,c").split(","));
// --cli: another build of the CLI (a copy of main's, to measure before and after in one sitting).
const DIST = path.resolve(root, option("--cli") ?? "dist/faces/cli/main.js");
if (!existsSync(DIST)) {
  console.error(`bench:ingest-rss: no compiled CLI at ${DIST}; run \`npm run build\` first`);
  process.exit(1);
}
if (!existsSync(path.resolve(root, corpusArg))) {
  console.error(`bench:ingest-rss: no corpus at ${corpusArg}; pass one: npm run bench:ingest-rss -- DIR --index BUILT`);
  process.exit(1);
}
if ((only.has("b") || only.has("c")) && (!built || !existsSync(path.join(built, "CURRENT")))) {
  console.error("bench:ingest-rss: phases b and c need a complete index: --index BUILT (or --only a)");
  process.exit(1);
}
mkdirSync(path.join(root, ".briefing/tmp"), { recursive: true });
const work = mkdtempSync(path.join(root, ".briefing/tmp/ingest-rss-"));
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");

interface Timed {
  wallS: number;
  cpuS: number;
  rssMb: number;
  out: string;
  err: string;
  loadStart: string;
  loadEnd: string;
}

/** `briefing ingest --json` as one process under /usr/bin/time; `stopWhen` is polled and SIGTERMs it when true. */
async function ingest(corpus: string, index: string, env: NodeJS.ProcessEnv = {}, stopWhen?: () => boolean): Promise<Timed> {
  const stats = path.join(work, "time.txt");
  const loadStart = load();
  const t = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%U %S %M", "-o", stats, process.execPath, DIST, "ingest", "--json", "--corpus", corpus, "--index", index], { cwd: root, env: { ...process.env, ...env } });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const timer = stopWhen
    ? setInterval(() => {
        if (!stopWhen()) return;
        clearInterval(timer);
        // The node process is /usr/bin/time's child: stopped by its pid, so time still reports.
        const pid = spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.trim();
        if (pid) process.kill(Number(pid), "SIGTERM");
      }, 250)
    : undefined;
  await new Promise((resolve) => child.once("exit", resolve));
  if (timer) clearInterval(timer);
  const wallS = (performance.now() - t) / 1000;
  const [user, sys, rssKb] = readFileSync(stats, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wallS, cpuS: user + sys, rssMb: rssKb / 1024, out, err, loadStart, loadEnd: load() };
}

/** BUILT's current generation alone, copied (PREVIOUS is not needed to resume). */
function copyCurrent(to: string): string {
  const gen = readFileSync(path.join(built!, "CURRENT"), "utf8").trim();
  mkdirSync(to, { recursive: true });
  cpSync(path.join(built!, gen), path.join(to, gen), { recursive: true });
  writeFileSync(path.join(to, "CURRENT"), gen);
  return path.join(to, gen);
}

/**
 * Turns a complete generation back into a checkpoint whose passages of the highest labels, `rows`
 * sentence rows or a few more, have no vectors yet. Format 4 files (see src/index/passage-files.ts).
 */
function unembedTail(genDir: string, rows: number): { rows: number; passages: number } {
  const manifest = JSON.parse(readFileSync(path.join(genDir, "manifest.json"), "utf8"));
  const d = manifest.embedder.dimension as number;
  const table = new Int32Array(new Uint8Array(readFileSync(path.join(genDir, "passages.i32"))).buffer);
  const passages: { label: number; row: number; count: number }[] = [];
  for (let at = 0; at < table.length; at += 8) passages.push({ label: table[at], row: table[at + 5], count: table[at + 7] });
  passages.sort((a, b) => b.label - a.label);
  const flags = new Uint8Array(readFileSync(path.join(genDir, "sentences.ok")));
  const graph = new hnswlib.HierarchicalNSW("cosine", d);
  const graphFile = path.join(genDir, "hnswlib.index");
  graph.readIndexSync(graphFile);
  const fd = openSync(path.join(genDir, "sentences.f32"), "r+");
  let cleared = 0;
  let taken = 0;
  for (const p of passages) {
    if (cleared >= rows) break;
    for (let r = p.row; r < p.row + p.count; r++) if (flags[r] === 1) (flags[r] = 0), cleared++;
    writeSync(fd, new Uint8Array(p.count * d * 4), 0, p.count * d * 4, p.row * d * 4);
    graph.markDelete(p.label);
    taken++;
  }
  closeSync(fd);
  writeFileSync(path.join(genDir, "sentences.ok"), flags);
  rmSync(graphFile);
  graph.writeIndexSync(graphFile);
  manifest.embeddedCount -= cleared;
  manifest.denseCount -= taken;
  manifest.hnswSha256 = createHash("sha256").update(readFileSync(graphFile)).digest("hex");
  writeFileSync(path.join(genDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return { rows: cleared, passages: taken };
}

const rowsOut: (string | number)[][] = [];
const report = (phase: string, r: Timed, note: string) => {
  const summary = r.out.trim() ? JSON.parse(r.out.trim().split("\n").pop()!) : null;
  const what = summary ? `${summary.sentencesEmbedded} sentences embedded; ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed; ${note}` : `stopped (SIGTERM); ${note}`;
  rowsOut.push([phase, Math.round(r.rssMb), r.wallS.toFixed(1), r.cpuS.toFixed(1), `${r.loadStart} → ${r.loadEnd}`, what]);
  console.error(`  ${phase}: peak RSS ${Math.round(r.rssMb)} MB, wall ${r.wallS.toFixed(1)} s, CPU ${r.cpuS.toFixed(1)} s, load ${r.loadStart} → ${r.loadEnd}; ${what}`);
};

if (only.has("a")) {
  const index = path.join(work, "a");
  console.error(`(a) from no index: lexical layer and ${checkpoints} checkpoint(s) …`);
  let lexical: number | undefined;
  let seen = 0;
  let last = -1;
  const r = await ingest(corpusArg, index, { BRIEFING_CHECKPOINT_SECONDS: "30" }, () => {
    const m = currentManifest(index);
    if (!m) return false;
    lexical ??= m.sentenceCount;
    if ((m.embeddedCount ?? 0) > 0 && m.embeddedCount !== last) (last = m.embeddedCount), seen++;
    return seen >= checkpoints;
  });
  const m = currentManifest(index);
  report(`(a) lexical + ${seen} checkpoint(s)`, r, `${m?.embeddedCount ?? 0} of ${m?.sentenceCount ?? 0} rows committed when stopped`);
  rmSync(index, { recursive: true, force: true });
}

const m = built ? currentManifest(built) : null;
if (only.has("b")) {
  const index = path.join(work, "b");
  const taken = unembedTail(copyCurrent(index), tail);
  console.error(`(b) the end of a run: ${taken.rows} rows of ${taken.passages} passages left to embed, resumed …`);
  const r = await ingest(m!.corpus as unknown as string, index);
  const after = currentManifest(index)!;
  report("(b) resume: last rows + final commit", r, `${taken.rows} rows (${taken.passages} passages) left; after: ${after.embeddedCount} of ${after.sentenceCount} rows, graph ${after.denseCount} passages`);
  rmSync(index, { recursive: true, force: true });
}

if (only.has("c")) {
  const index = path.join(work, "c");
  copyCurrent(index);
  const named = String(m!.corpus);
  const other = path.isAbsolute(named) ? path.relative(root, named) : path.resolve(root, named);
  console.error(`(c) the corpus named ${other} (the index says ${named}) …`);
  const r = await ingest(other, index);
  report(`(c) corpus respelled`, r, `${named} → ${other}`);
  rmSync(index, { recursive: true, force: true });
}

rmSync(work, { recursive: true, force: true });
console.log(`corpus ${corpusArg}${built ? `, built index ${built}` : ""}; CLI ${path.relative(root, DIST)}; ${os.cpus().length} cores; node ${process.version}`);
console.log(table(["phase", "peak RSS (MB)", "wall (s)", "CPU (s)", "load 1/5/15 min, start → end", "what"], rowsOut));

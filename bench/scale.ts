/**
 * `npm run bench:scale -- [DIR…]` (default: ../shared/corpora/bbc and ../shared/corpora/reuters):
 * how an archive answers before its semantic layer exists, measured in one run per corpus —
 * - the first cited answer from no index: a bare `briefing ask --json` as a whole process (it
 *   parses, chunks and BM25-indexes the archive, commits that lexical generation, then answers),
 *   with its CPU time and peak RSS (the lexical ingest's);
 * - the index size on disk (bytes allocated: unembedded vector rows are holes in a sparse file);
 * - a cold `ask` on the built index (a fresh process), median of three;
 * - warm questions in one process, p50/p95;
 * beside the raw cost of the parts measured in the same run: Node + tsx start, loading the corpus,
 * chunking + BM25, writing the generation, opening the index, one BM25 search, one query embedding.
 * Nothing is embedded beyond what a question embeds for itself (the full Reuters semantic layer
 * is 25+ minutes of both cores: `npm run bench:corpus` measures that).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPipeline } from "../src/pipeline.js";
import { resolveSettings } from "../src/config.js";
import { DEFAULT_CHUNKING } from "../src/corpus/chunk.js";
import { loadCorpus } from "../src/corpus/load.js";
import { FORMAT_VERSION, TEXT_PIPELINE_VERSION } from "../src/index/manifest.js";
import { BriefingIndex } from "../src/index/store.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const given = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const corpora = (given.length ? given : ["../shared/corpora/bbc", "../shared/corpora/reuters"]).map((c) => path.resolve(root, c));
const MAIN = ["--import", "tsx", path.join(root, "src/faces/cli/main.ts")];
const hasTime = existsSync("/usr/bin/time");
/** The first question per corpus: one its archive answers with citations (a Reuters title, shouted in capitals, often does not). */
const FIRST: Record<string, string> = { reuters: "What did the Federal Reserve do about interest rates?" };

interface Run {
  s: number;
  cpuS?: number;
  rssMb?: number;
  out: string;
}

/** A whole `briefing` process: wall time, and (with /usr/bin/time) its CPU time and peak RSS. */
function briefing(args: string[]): Run {
  const stats = path.join(os.tmpdir(), `briefing-bench-scale-${process.pid}.time`);
  const cmd = hasTime ? ["/usr/bin/time", "-f", "%U %S %M", "-o", stats, process.execPath, ...MAIN, ...args] : [process.execPath, ...MAIN, ...args];
  const t = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`briefing ${args[0]} failed: ${r.stderr}`);
  if (!hasTime) return { s, out: r.stdout };
  const [user, sys, rssKb] = readFileSync(stats, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  rmSync(stats, { force: true });
  return { s, cpuS: user + sys, rssMb: rssKb / 1024, out: r.stdout };
}

/** Bytes a folder takes on disk (allocated blocks, so a sparse file counts what it holds) and its apparent size. */
function diskUsage(dir: string): { allocated: number; apparent: number } {
  let allocated = 0;
  let apparent = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) {
      const u = diskUsage(f);
      allocated += u.allocated;
      apparent += u.apparent;
    } else {
      const st = statSync(f);
      allocated += st.blocks * 512;
      apparent += st.size;
    }
  }
  return { allocated, apparent };
}

const ms = (t: number) => performance.now() - t;
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fmtRun = (r: Run) => (r.cpuS !== undefined ? `CPU ${r.cpuS.toFixed(1)} s, peak RSS ${Math.round(r.rssMb!)} MB` : "");

// Raw: a Node process with tsx and nothing else, the floor under every whole-process figure.
const starts = [0, 1, 2].map(() => {
  const t = performance.now();
  spawnSync(process.execPath, ["--import", "tsx", "-e", "0"], { cwd: root });
  return ms(t);
});

for (const corpus of corpora) {
  if (!existsSync(corpus)) {
    console.log(`bench:scale: no corpus at ${corpus}; skipped`);
    continue;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-scale-"));
  const index = path.join(tmp, "index");
  const { articles } = await loadCorpus(corpus);
  const questions = articles.filter((_, i) => i % Math.max(1, Math.floor(articles.length / 40)) === 0).slice(0, 40).map((a) => `What happened: ${a.title}?`);
  console.error(`${path.basename(corpus)}: first answer from no index (${articles.length} articles) …`);

  // 1. The first cited answer from no index, as a user meets it.
  const first = briefing(["ask", "--json", FIRST[path.basename(corpus)] ?? questions[1] ?? questions[0], "--corpus", corpus, "--index", index]);
  const answer = JSON.parse(first.out);
  const gen = path.join(index, readFileSync(path.join(index, "CURRENT"), "utf8").trim());
  const manifest = JSON.parse(readFileSync(path.join(gen, "manifest.json"), "utf8"));
  const size = diskUsage(index);

  // 2. Cold `ask` on the built index: a fresh process each time.
  const cold = [0, 1, 2].map((i) => briefing(["ask", "--json", questions[2 + i] ?? questions[0], "--corpus", corpus, "--index", index]));

  // 3. Warm questions in one process, beside the raw parts.
  const briefer = await openPipeline(resolveSettings({ corpus, index }), { refresh: false });
  const askMs: number[] = [];
  const embedMs: number[] = [];
  const bm25Ms: number[] = [];
  for (const q of questions.slice(0, 3)) await briefer.ask(q);
  for (const q of questions) {
    let t = performance.now();
    await briefer.embeddings.embedQuery(q);
    embedMs.push(ms(t));
    t = performance.now();
    briefer.index.lexical.search(q, 40);
    bm25Ms.push(ms(t));
    t = performance.now();
    await briefer.ask(q);
    askMs.push(ms(t));
  }
  const embeddings = briefer.embeddings;

  // 4. Raw parts of the first answer, in this process: load, chunk + BM25, write, open.
  let t = performance.now();
  const loaded = await loadCorpus(corpus);
  const loadMs = ms(t);
  const now = new Date().toISOString();
  const fresh = BriefingIndex.empty(path.join(tmp, "parts"), { formatVersion: FORMAT_VERSION, embedder: { id: embeddings.id, dimension: briefer.index.dimension }, chunking: DEFAULT_CHUNKING, textPipeline: TEXT_PIPELINE_VERSION, corpusFingerprint: "", corpus, articleCount: 0, passageCount: 0, sentenceCount: 0, embeddedCount: 0, nextLabel: 0, createdAt: now, updatedAt: now }, embeddings);
  t = performance.now();
  let c = cpuNow();
  await fresh.add(loaded.articles, DEFAULT_CHUNKING);
  const addMs = ms(t);
  const addCpuMs = cpuNow() - c;
  fresh.describe({ articleCount: fresh.articles.size, passageCount: fresh.passages.size });
  t = performance.now();
  await fresh.save();
  const saveMs = ms(t);
  t = performance.now();
  c = cpuNow();
  await BriefingIndex.open(path.join(tmp, "parts"), embeddings);
  const openMs = ms(t);
  const openCpuMs = cpuNow() - c;
  await briefer.close();

  const coldS = cold.map((r) => r.s);
  console.log(
    `\n${corpus}: ${manifest.articleCount} articles, ${manifest.passageCount} passages, ${manifest.sentenceCount} sentences (format ${manifest.formatVersion}, semantic ${Math.round((answer.semantic ?? 1) * 100)}%); ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    table(
      ["measure", "value", "note (target)"],
      [
        ["first cited answer from no index (s)", first.s, `whole \`ask --json\` process, ${answer.citations.length} citation(s); ${fmtRun(first)}`],
        ["peak RSS of that lexical ingest (MB)", first.rssMb ?? NaN, "≤ 1000"],
        ["index size on disk, allocated (MB)", size.allocated / 1e6, `apparent ${(size.apparent / 1e6).toFixed(0)} MB: unembedded vector rows are holes`],
        ["cold ask on the built index, median (s)", median(coldS), `fresh process, 3 runs (≤ 1.5); ${fmtRun(cold[1])}`],
        ["warm question p50 (ms)", median(askMs), `${questions.length} questions, one process`],
        ["warm question p95 (ms)", percentile(askMs, 95), "≤ 150"],
        ["raw: node + tsx start, median (ms)", median(starts), "floor of every whole-process figure"],
        ["raw: load the corpus (ms)", loadMs, `${loaded.articles.length} articles parsed`],
        ["raw: chunk, split, BM25 (ms)", addMs, `CPU ${Math.round(addCpuMs)} ms`],
        ["raw: write the lexical generation (ms)", saveMs, ""],
        ["raw: open the index (ms)", openMs, `CPU ${Math.round(openCpuMs)} ms`],
        ["raw: one BM25 search k=40, p50 (ms)", median(bm25Ms), ""],
        ["raw: one query embedding, p50 (ms)", median(embedMs), ""],
      ],
    ),
  );
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * `npm run bench`: on the seed corpus, in one run: index build time, warm `ask` latency
 * (p50/p95 over 50 questions in one process), and beside them the raw cost of the parts
 * (one query embedding, one raw hnswlib search), so the pipeline's overhead shows as a ratio;
 * then cold `briefing ask` processes with the index built (the compiled binary beside an empty
 * `node -e ''` and the tsx dev path), and warm answers through `briefing mcp` over stdio.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPipeline } from "../src/pipeline.js";
import { resolveSettings } from "../src/config.js";
import { createEmbeddings } from "../src/embedding/providers.js";
import { shouldAbstain } from "../src/answer/abstain.js";
import { selectSentences } from "../src/answer/select.js";
import { retrieve } from "../src/retrieval/hybrid.js";
import { ingest } from "../src/index/build.js";
import { median, percentile, table } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-"));
const settings = resolveSettings({ corpus: path.join(root, "corpus"), index: path.join(tmp, "index") });

const questions = readFileSync(path.join(root, "evals/seed.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l).question as string);
while (questions.length < 50) questions.push(...questions.slice(0, 50 - questions.length));

const embeddings = await createEmbeddings(settings.embeddings);
let t = performance.now();
await embeddings.embedQuery("warm up the model");
const modelLoadMs = performance.now() - t;

const builds: number[] = [];
for (let i = 0; i < 3; i++) {
  t = performance.now();
  await ingest({ corpus: settings.corpus, indexDir: settings.index, embeddings, rebuild: true });
  builds.push(performance.now() - t);
}

const briefer = await openPipeline(settings);
const embedMs: number[] = [];
const searchMs: number[] = [];
const askMs: number[] = [];
// The answer's parts on the same questions: retrieval, sentence selection, the abstention decision.
const retrieveMs: number[] = [];
const selectMs: number[] = [];
const decideMs: number[] = [];
for (const q of questions.slice(0, 5)) await briefer.ask(q); // warm
for (const q of questions.slice(0, 50)) {
  t = performance.now();
  const v = await embeddings.embedQuery(q);
  embedMs.push(performance.now() - t);
  t = performance.now();
  briefer.index.rawGraphSearch(v, Math.min(40, briefer.index.passages.size));
  searchMs.push(performance.now() - t);
  t = performance.now();
  await briefer.ask(q);
  askMs.push(performance.now() - t);
  const vector = Float32Array.from(v);
  t = performance.now();
  const retrieval = await retrieve(briefer.index, vector, q, { k: settings.k });
  retrieveMs.push(performance.now() - t);
  t = performance.now();
  const chosen = selectSentences(briefer.index, q, retrieval.passages);
  selectMs.push(performance.now() - t);
  t = performance.now();
  shouldAbstain(briefer.index, q, chosen, { retrieval });
  decideMs.push(performance.now() - t);
}

// Cold processes: the installed binary (compiled dist/), beside an empty node and the tsx dev path,
// interleaved so a change in the machine's load hits all three alike.
const bin = path.join(root, "bin/briefing.js");
if (!existsSync(path.join(root, "dist/faces/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` first");
const cold: number[] = [];
const coldTsx: number[] = [];
const nodeOnly: number[] = [];
const timed = (args: string[]) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return performance.now() - t0;
};
const askArgs = (i: number) => ["ask", questions[i % questions.length], "--json", "--corpus", settings.corpus, "--index", settings.index];
for (let i = 0; i < 7; i++) {
  nodeOnly.push(timed(["-e", ""]));
  cold.push(timed([bin, ...askArgs(i)]));
  coldTsx.push(timed(["--import", "tsx", path.join(root, "src/faces/cli/main.ts"), ...askArgs(i)]));
}
// The MCP server's answers, each right after the same question in process, so load drifts hit both alike.
const { mcp, paired } = await mcpWarmAsk(questions.slice(0, 50));

const p50 = median(askMs);
console.log(
  table(
    ["measure", "median ms", "p95 ms", "note"],
    [
      ["index build (seed corpus, 3 articles)", median(builds), percentile(builds, 95), `${briefer.index.passages.size} passages, ${briefer.index.manifest.sentenceCount} sentences`],
      ["model load (first embedding)", modelLoadMs, modelLoadMs, "once per process"],
      ["raw: one query embedding", median(embedMs), percentile(embedMs, 95), ""],
      ["raw: one hnswlib search (k=40)", median(searchMs), percentile(searchMs, 95), ""],
      ["part: retrieval", median(retrieveMs), percentile(retrieveMs, 95), "hybrid, k = 5"],
      ["part: sentence selection", median(selectMs), percentile(selectMs, 95), ""],
      ["part: abstention decision", median(decideMs), percentile(decideMs, 95), "evidence features + model; target p95 ≤ 5"],
      ["warm ask (50 questions)", p50, percentile(askMs, 95), `${(p50 / median(embedMs)).toFixed(2)}× one embedding; target p95 < 150`],
      ["raw: `node -e ''` process", median(nodeOnly), percentile(nodeOnly, 95), "the floor of any cold command"],
      ["cold `briefing ask` (bin, compiled dist/)", median(cold), percentile(cold, 95), `index built; ${(median(cold) / median(nodeOnly)).toFixed(1)}× node -e; target ≤ 1000`],
      ["cold `briefing ask` via tsx (dev)", median(coldTsx), percentile(coldTsx, 95), "compiles TypeScript on start"],
      ["warm ask in process, paired with MCP below", median(paired), percentile(paired, 95), ""],
      ["MCP warm ask (`briefing mcp`, stdio client)", median(mcp), percentile(mcp, 95), `p95 ${(percentile(mcp, 95) / percentile(paired, 95)).toFixed(2)}× paired warm p95; target ≤ 1.10×`],
    ],
  ),
);
console.log(`machine load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
await briefer.close();
await embeddings.close?.();
rmSync(tmp, { recursive: true, force: true });

/** Round trips of `ask` through the compiled `briefing mcp` and the SDK's stdio client, after 5 to warm up. */
async function mcpWarmAsk(qs: string[]): Promise<{ mcp: number[]; paired: number[] }> {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, "mcp", "--corpus", settings.corpus, "--index", settings.index], cwd: root, stderr: "ignore" });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  try {
    for (const q of qs.slice(0, 5)) await client.callTool({ name: "ask", arguments: { question: q } });
    const mcp: number[] = [];
    const paired: number[] = [];
    for (const q of qs) {
      let t0 = performance.now();
      await briefer.ask(q);
      paired.push(performance.now() - t0);
      t0 = performance.now();
      const r = await client.callTool({ name: "ask", arguments: { question: q } });
      mcp.push(performance.now() - t0);
      if (r.isError) throw new Error(`mcp ask failed: ${JSON.stringify(r.content)}`);
    }
    return { mcp, paired };
  } finally {
    await client.close();
  }
}

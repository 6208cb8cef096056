/**
 * How long from `npm start` to a chat that is ready for a question, in a real terminal.
 *
 *   npm run bench:start            (N=10 runs; N=… to change; needs tmux)
 *
 * Each run starts the chat in a fresh tmux window on the default corpus with a prebuilt index,
 * polls the screen, and records when the prompt is first drawn and when the header with the
 * article and chunk counts is up (the index is open: the chat is ready). It then asks one
 * question and records when its sources appear (the first answer pays for the embedding
 * model if it is not loaded yet). The same run times the parts in fresh processes, so
 * the overhead shows: node+tsx, npm, the CLI's imports, Ink, the pipeline, the model, the corpus
 * check and the index open.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { percentile } from "./stats.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** A private tmux server, so the runs never touch the user's own tmux sessions. */
const SOCKET = `bench-start-${process.pid}`;
const tmux = (...args: string[]) => spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

if (process.argv[2] === "--parts") await parts(process.argv[3]!);
else if (process.argv[2] === "--chat") {
  // The chat without the CLI's eager imports (commander only), to show what they cost.
  const { runChat } = await import("../src/faces/chat/run.js");
  await runChat({ index: process.argv[3] });
} else await main();

async function main() {
  const n = Number(process.env.N ?? 10);
  if (spawnSync("tmux", ["-V"]).status !== 0) {
    console.log("bench:start skipped: tmux is not installed (apt-get install -y tmux)");
    return;
  }
  if (!existsSync(path.join(ROOT, "dist/faces/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const home = mkdtempSync(path.join(os.tmpdir(), "briefing-bench-start-"));
  const index = path.join(home, "index");
  try {
    const built = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["src/faces/cli/main.ts", "ingest", "--index", index], { cwd: ROOT, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`ingest failed: ${built.stderr.split("\n").find((l) => l.startsWith("briefing:")) ?? built.stderr.slice(-300)}`);
    console.log(`Index built in ${index}; ${n} runs per variant, machine load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.\n`);

    // The first is what users run (compiled dist/); the second takes away npm; the tsx ones are the
    // development path: the tsx CLI's extra process,
    // then the CLI's eager pipeline imports, to show what each costs.
    const variants: [string, string][] = [
      ["npm start", `npm start --silent -- --index ${index}`],
      ["node dist/faces/cli/main.js chat (compiled, no npm)", `node dist/faces/cli/main.js chat --index ${index}`],
      ["tsx src/faces/cli/main.ts chat", `node_modules/.bin/tsx src/faces/cli/main.ts chat --index ${index}`],
      ["node --import tsx src/faces/cli/main.ts chat", `node --import tsx src/faces/cli/main.ts chat --index ${index}`],
      ["node --import tsx, chat module only", `node --import tsx bench/start.ts --chat ${index}`],
    ];
    // A session that outlives the runs keeps the private tmux server up between them.
    tmux("new-session", "-d", "-s", "keepalive", "sleep 3600");
    for (const [name, command] of variants) {
      const runs: Run[] = [];
      for (let i = 0; i < n; i++) runs.push(runOnce(command, i, i === 0 && name === "npm start"));
      const col = (k: keyof Run) => runs.map((r) => r[k]).filter((x): x is number => typeof x === "number");
      console.log(`${name}:`);
      console.log(`  prompt drawn      ${stats(col("prompt"))}`);
      console.log(`  ready (header)    ${stats(col("ready"))}`);
      console.log(`  first answer      ${stats(col("answer"))}  (after typing the question at ready)`);
      console.log(`  Ctrl+C exit codes ${[...new Set(runs.map((r) => r.exit))].join(", ")}\n`);
    }

    console.log("Parts, each in a fresh process (median of 3):");
    const samples = [0, 1, 2].map(() => {
      const out = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["bench/start.ts", "--parts", index], { cwd: ROOT, encoding: "utf8" });
      return JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;
    });
    const npmOnly = [0, 1, 2].map(() => timeIt(() => spawnSync("npm", ["run", "--silent", "env"], { cwd: ROOT, stdio: "ignore" })));
    const tsxOnly = [0, 1, 2].map(() => timeIt(() => spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["-e", "0"], { cwd: ROOT, stdio: "ignore" })));
    const tsxImport = [0, 1, 2].map(() => timeIt(() => spawnSync(process.execPath, ["--import", "tsx", "-e", "0"], { cwd: ROOT, stdio: "ignore" })));
    const nodeOnly = [0, 1, 2].map(() => timeIt(() => spawnSync(process.execPath, ["-e", ""], { cwd: ROOT, stdio: "ignore" })));
    const rows: [string, number][] = [
      ["node -e '' (empty node process)", median(nodeOnly)],
      ["npm run (no script work)", median(npmOnly)],
      ["tsx CLI, empty script (two node processes)", median(tsxOnly)],
      ["node --import tsx, empty script", median(tsxImport)],
      ...Object.keys(samples[0]!).map((k) => [k, median(samples.map((s) => s[k]!))] as [string, number]),
    ];
    for (const [k, v] of rows) console.log(`  ${k.padEnd(44)} ${ms(v)}`);
  } finally {
    tmux("kill-server");
    rmSync(path.join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${process.getuid?.() ?? 0}`, SOCKET), { force: true });
    rmSync(home, { recursive: true, force: true });
  }
}


interface Run {
  prompt?: number;
  ready?: number;
  answer?: number;
  exit: string;
}

function runOnce(command: string, i: number, show: boolean): Run {
  const session = `bench-start-${process.pid}-${i}`;
  const screen = () => tmux("capture-pane", "-p", "-t", session).stdout ?? "";
  const t0 = performance.now();
  // `timeout --foreground` keeps the program in the terminal's foreground so Ink gets keystrokes.
  const started = tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "40", `cd ${ROOT} && timeout --foreground 60 ${command}; echo EXIT=$?; sleep 30`);
  if (started.status !== 0) throw new Error(`tmux could not start run ${i + 1}: ${started.stderr}`);
  const run: Run = { exit: "?" };
  const until = (cond: (s: string) => boolean, limitMs = 30_000) => {
    const end = performance.now() + limitMs;
    while (performance.now() < end) {
      const s = screen();
      if (cond(s)) return performance.now() - t0;
      spawnSync("sleep", ["0.01"]);
    }
    return undefined;
  };
  try {
    run.prompt = until((s) => /^› /m.test(s));
    run.ready = until((s) => /\d+ chunks/.test(s) && /^› /m.test(s));
    if (run.ready === undefined) {
      console.log(`(run ${i + 1} was not ready after 30 s; its screen:)\n${screen()}`);
      return run;
    }
    const asked = performance.now();
    tmux("send-keys", "-t", session, "What did Austin and Shapps discuss?", "Enter");
    const answered = until((s) => /^(Nearest s|S)ources:/m.test(s));
    if (answered !== undefined) run.answer = answered - (asked - t0);
    if (show) console.log(`(screen of run 1)\n${screen().replace(/\n+$/, "")}\n`);
    tmux("send-keys", "-t", session, "C-c");
    until((s) => /EXIT=\d+/.test(s), 10_000);
    run.exit = /EXIT=(\d+)/.exec(screen())?.[1] ?? "none";
    return run;
  } finally {
    tmux("kill-session", "-t", session);
  }
}

/** In a fresh process: each part of the start-up path, timed on its own, in start-up order. */
async function parts(index: string) {
  const t: Record<string, number> = {};
  t["(in process) node+tsx start → script running"] = performance.now();
  let s = performance.now();
  const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    s = performance.now();
    const v = await f();
    t[name] = performance.now() - s;
    return v;
  };
  await step("import commander (CLI parsing)", () => import("commander"));
  await step("import the pipeline (langchain, hnswlib, tfjs)", () => import("../src/pipeline.js"));
  await step("import ink + react + the chat app", () => import("../src/faces/chat/App.js"));
  const { resolveSettings } = await import("../src/config.js");
  const { createEmbeddings } = await import("../src/embedding/providers.js");
  const { loadCorpus } = await import("../src/corpus/load.js");
  const { corpusFingerprint } = await import("../src/index/build.js");
  const { BriefingIndex } = await import("../src/index/store.js");
  const { openForChat } = await import("../src/faces/chat/open.js");
  const settings = resolveSettings({ index });
  const embeddings = await createEmbeddings("use-lite");
  await step("corpus check (read files, fingerprint)", async () => corpusFingerprint((await loadCorpus(settings.corpus)).articles));
  await step("index open (hnswlib, BM25, vectors)", () => BriefingIndex.open(index, embeddings));
  await step("embedding model load (first query)", () => embeddings.embedQuery("warm up"));
  await step("one query embedding (model loaded)", () => embeddings.embedQuery("What did Austin and Shapps discuss?"));
  const noop = () => undefined;
  const b = await step("the chat's open, model already loaded", () => openForChat(settings, { onProgress: noop, onNotice: noop }));
  await b.close();
  console.log(JSON.stringify(t));
  process.exit(0);
}

function timeIt(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** The middle value (mean of the two middle ones for an even count), unlike the nearest-rank p95. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function stats(xs: number[]): string {
  if (!xs.length) return "no runs reached it";
  const s = [...xs].sort((a, b) => a - b);
  return `median ${ms(median(s))}  p95 ${ms(percentile(s, 95))}  (min ${ms(s[0]!)}, n=${s.length})`;
}

function ms(x: number): string {
  return `${Math.round(x)} ms`.padStart(8);
}

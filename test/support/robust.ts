/**
 * Shared pieces of the robustness catalogue (test/robustness/): the real CLI in a child process
 * (optionally under a file-size limit or as an unprivileged user), one seed index built per test
 * file and copied for each case, and the checks every case makes on what the user sees.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { createEmbeddings } from "../../src/embedding/providers.js";
import { ingest } from "../../src/index/build.js";
import { CLI, copyOfSeedCorpus, ROOT, tempDir } from "./fixtures.js";

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Leave stdin open for the test to write to over time (`child.stdin`); it must end it. */
  keepStdinOpen?: boolean;
  /** Run under `ulimit -f KB`: writes past that size fail with EFBIG, as on a full disk. */
  fileSizeLimitKb?: number;
  /** Run as the unprivileged `nobody` (root ignores file permissions). */
  asNobody?: boolean;
  timeoutMs?: number;
}

const NOBODY = 65534;

/** Whether this machine can run a command as `nobody`: needs root and setpriv. */
export const canDropPrivileges = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;
/** Whether permission bits stop this process (false for root). */
export const permissionsApply = process.getuid?.() !== 0;

let nobodyProblem: string | null | undefined;
/**
 * Why `nobody` cannot run the CLI from this checkout, or null when it can. A checkout inside a
 * private folder (a `mktemp -d` folder or a home folder of mode 700) is out of its reach, and
 * node would fail with ERR_MODULE_NOT_FOUND for tsx: such tests are skipped, saying why.
 */
export function nobodyCannotRunCli(): string | null {
  if (nobodyProblem !== undefined) return nobodyProblem;
  if (!canDropPrivileges) return (nobodyProblem = "running as root without setpriv, so no unprivileged user can run the CLI");
  const probe = spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, "--import", "tsx", "-e", `require("node:fs").accessSync(${JSON.stringify(CLI.at(-1))})`], {
    cwd: ROOT,
    env: { ...process.env, HOME: "/tmp" },
    encoding: "utf8",
  });
  if (probe.status === 0) return (nobodyProblem = null);
  // Name the folder in the way: the first one, from the top, that others may not pass through.
  const blocked = ROOT.split(path.sep).map((_, i, parts) => parts.slice(0, i + 1).join(path.sep) || path.sep).find((d) => (statSync(d).mode & 0o001) === 0);
  const where = blocked ? `${blocked} (mode ${(statSync(blocked).mode & 0o777).toString(8)}) keeps it out` : (probe.stderr || "").trim().split("\n").find((l) => /Error/.test(l)) ?? `exit ${probe.status}`;
  return (nobodyProblem = `the unprivileged user (nobody) cannot reach the checkout at ${ROOT}: ${where}`);
}

/** The CLI as a user runs it; returns the child so a test can signal it, and its result. */
export function startCli(args: string[], opts: CliOptions = {}): { child: ChildProcess; done: Promise<Run> } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", ...opts.env };
  for (const k of Object.keys(env)) if (k.startsWith("BRIEFING_") && !(opts.env && k in opts.env)) delete env[k];
  for (const k of ["OPENAI_BASE_URL", "OPENAI_API_KEY", "OLLAMA_HOST"]) if (!(opts.env && k in opts.env)) delete env[k];
  let command = process.execPath;
  let argv = [...CLI, ...args];
  if (opts.fileSizeLimitKb !== undefined) {
    argv = ["-c", `ulimit -f ${opts.fileSizeLimitKb} && exec "$0" "$@"`, command, ...argv];
    command = "bash";
  }
  if (opts.asNobody) {
    argv = [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", command, ...argv];
    command = "setpriv";
    env.HOME = "/tmp";
  }
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  child.stdin!.on("error", () => undefined); // a child that exits early closes its stdin
  if (!opts.keepStdinOpen) child.stdin!.end(opts.stdin ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 180_000);
  const done = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, done };
}

export function cli(args: string[], opts: CliOptions = {}): Promise<Run> {
  return startCli(args, opts).done;
}

/** What every case checks: no stack trace, no raw escape sequence reaching the terminal. */
export function expectClean(r: Run): void {
  expect(r.stderr, "a stack trace reached the user").not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/[\u001b\u009b\u0007]/);
  expect(r.stdout).not.toMatch(/[\u001b\u009b\u0007]/);
}

/** A failure as the user sees it: exit 1, a `briefing:` line naming what is at fault, a hint, nothing on stdout. */
export function expectFailure(r: Run, message: RegExp, hint?: RegExp): void {
  expectClean(r);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("briefing: "));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  if (hint) expect(r.stderr).toMatch(new RegExp(`^  hint: .*${hint.source}`, "m"));
}

export function json(r: Run): any {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** The seed corpus copied once, with its index built once (in process); cases copy the index. */
export async function seedFixture(): Promise<{ corpus: string; index: string; copyIndex: () => string }> {
  const corpus = copyOfSeedCorpus();
  const index = path.join(tempDir("briefing-robust-"), "index");
  const embeddings = await createEmbeddings("use-lite");
  try {
    await ingest({ corpus, indexDir: index, embeddings });
  } finally {
    await embeddings.close?.();
  }
  const copyIndex = () => {
    const dir = path.join(tempDir("briefing-robust-"), "index");
    cpSync(index, dir, { recursive: true });
    return dir;
  };
  return { corpus, index, copyIndex };
}

/** The live generation folder of an index. */
export function currentGen(index: string): string {
  return path.join(index, readFileSync(path.join(index, "CURRENT"), "utf8").trim());
}

/** Lets `nobody` read (not write) everything under these temp folders, and reach them. */
export function readableByAll(...dirs: string[]): void {
  const tmp = os.tmpdir();
  for (const dir of dirs) {
    expect(dir.startsWith(tmp + path.sep), `${dir} is not a temp folder`).toBe(true);
    spawnSync("chmod", ["-R", "a+rX,go-w", dir]);
    // mkdtemp folders are private (0700): open the way down, never touching the temp root itself.
    for (let d = path.dirname(dir); d.startsWith(tmp + path.sep); d = path.dirname(d)) chmodSync(d, 0o755);
  }
}

export const QUESTION = "Where will the UK send an aircraft carrier?";

/**
 * The CLI end to end on the seed corpus, as a user runs it: `briefing ask` in a child process
 * (node --import tsx), the default corpus (`corpus/`, so sources read `corpus/…md`), a temp
 * index built by the first call. Checks the `--json` contract, the plain rendering, abstention,
 * stdin batch mode, error exits and help.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, tempDir } from "./support/fixtures.js";
import { runCli, type CliResult } from "./support/llm-cases.js";

const ANSWERABLE = "Where is the UK sending an aircraft carrier?";
const UNANSWERABLE = "How much military aid has France given Ukraine?";
const DEFENCE = "corpus/2024-01-31-us-uk-defence-chiefs.md";
const index = tempDir();
// BRIEFING_CORPUS/INDEX/K from the caller's shell must not change what the user would see.
const env = { BRIEFING_CORPUS: undefined, BRIEFING_INDEX: undefined, BRIEFING_K: undefined };
const ask = (args: string[], stdin?: string) => runCli(["ask", ...args, "--index", index], env, stdin);

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** An article's text as a reader sees it: the file at `source` (relative to the repo root), front matter stripped. */
function articleBody(source: string): string {
  const raw = readFileSync(path.resolve(ROOT, source), "utf8");
  return raw.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, "");
}

/** The `ask --json` contract, field by field; quotes checked against the cited files. */
function expectContract(b: any, question: string): void {
  expect(b.question).toBe(question);
  expect(typeof b.answer).toBe("string");
  expect(b.answer.length).toBeGreaterThan(0);
  expect(typeof b.abstained).toBe("boolean");
  expect(b.mode).toBe("extractive");
  expect(b.timingsMs).toEqual({ retrieve: expect.any(Number), answer: expect.any(Number), total: expect.any(Number) });
  expect(b.timingsMs.total).toBeGreaterThanOrEqual(b.timingsMs.retrieve);
  for (const c of b.citations) {
    expect(c).toMatchObject({ n: expect.any(Number), title: expect.any(String), source: expect.any(String), quote: expect.any(String) });
    expect(c.date === null || /^\d{4}-\d{2}-\d{2}$/.test(c.date), `date ${c.date}`).toBe(true);
    expect(c.source, "sources stay relative, as the corpus folder was given").toMatch(/^corpus\/[^/]+\.md$/);
    expect(c.quote.trim().length).toBeGreaterThan(0);
    expect(squash(articleBody(c.source)), `quote of [${c.n}] is verbatim in ${c.source}`).toContain(squash(c.quote));
  }
  expect(b.passages.length).toBeGreaterThan(0);
  for (const p of b.passages) {
    expect(p).toMatchObject({ source: expect.any(String), title: expect.any(String), score: expect.any(Number), text: expect.any(String) });
    expect(p.source).toMatch(/^corpus\//);
  }
  expect(Array.isArray(b.sentences)).toBe(true);
  for (const s of b.sentences) {
    expect(s).toEqual({ text: expect.any(String), citations: expect.any(Array), supported: expect.any(Boolean) });
    for (const n of s.citations) expect(typeof n).toBe("number");
  }
  // Every [n] in the answer has its citation.
  const numbers = new Set(b.citations.map((c: any) => c.n));
  for (const m of b.answer.matchAll(/\[(\d+)\]/g)) expect(numbers.has(Number(m[1])), `answer cites [${m[1]}]`).toBe(true);
}

function parseOne(r: CliResult): any {
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split("\n").filter((l) => l.trim());
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

let answered: any;

beforeAll(async () => {
  // The first call builds the index the rest reuse.
  answered = parseOne(await ask([ANSWERABLE, "--json"]));
}, 300_000);

describe("ask --json", () => {
  it("follows the JSON contract and answers from the defence-chiefs article", () => {
    expectContract(answered, ANSWERABLE);
    expect(answered.abstained).toBe(false);
    expect(answered.answer).toMatch(/\[\d+\]/);
    expect(answered.answer).toContain("Red Sea");
    expect(answered.citations.length).toBeGreaterThan(0);
    expect(answered.citations.map((c: any) => c.source)).toContain(DEFENCE);
    const c = answered.citations.find((x: any) => x.source === DEFENCE);
    expect(c.date).toBe("2024-01-31");
    expect(answered.sentences.length).toBeGreaterThan(0);
    expect(answered.sentences.every((s: any) => s.supported && s.citations.length > 0)).toBe(true);
  });

  it("abstains on a question the corpus does not cover, listing the nearest sources", async () => {
    const b = parseOne(await ask([UNANSWERABLE, "--json"]));
    expectContract(b, UNANSWERABLE);
    expect(b.abstained).toBe(true);
    expect(b.answer).toMatch(/doesn't cover/);
    expect(b.citations).toEqual([]);
    expect(b.answer).not.toMatch(/\[\d+\]/);
    expect(b.passages.length).toBeGreaterThan(0);
  });
});

describe("ask (plain text)", () => {
  it("prints the answer, then each citation as `[n] Title — date — source` with its quote", async () => {
    const r = await ask([ANSWERABLE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimStart().startsWith("{")).toBe(false);
    const out = squash(r.stdout);
    expect(out).toContain("Red Sea");
    expect(out).toContain("Sources:");
    // The same briefing as --json (the pipeline is deterministic), rendered for a reader.
    for (const c of answered.citations) {
      expect(out).toContain(`[${c.n}] ${c.title} — ${c.date ?? "undated"} — ${c.source}`);
      expect(out).toContain(`“${squash(c.quote)}”`);
    }
  });

  it("says plainly when it abstains and lists the nearest sources", async () => {
    const r = await ask([UNANSWERABLE]);
    expect(r.code, r.stderr).toBe(0);
    const out = squash(r.stdout);
    expect(out).toMatch(/doesn't cover/);
    expect(out).toContain("Nearest sources:");
    expect(out).toMatch(/\[1\] .+ — (\d{4}-\d{2}-\d{2}|undated) — corpus\/\S+\.md/);
  });
});

describe("ask --json with questions on stdin", () => {
  it("answers each line with one JSON line, in order, in one process", async () => {
    const questions = ["Who did Lloyd Austin meet with?", UNANSWERABLE, "Which city is Antony Blinken visiting?"];
    const r = await ask(["--json"], questions.join("\n") + "\n");
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l.trim());
    expect(lines).toHaveLength(3);
    const briefings = lines.map((l) => JSON.parse(l));
    expect(briefings.map((b) => b.question)).toEqual(questions);
    briefings.forEach((b, i) => expectContract(b, questions[i]!));
    expect(briefings.map((b) => b.abstained)).toEqual([false, true, false]);
    expect(briefings[0].answer).toContain("Grant Shapps");
    expect(briefings[2].answer).toContain("London");
  });
});

/** stderr of a failed run: one `briefing: …` line, a hint where there is one, never a stack trace. */
function expectOneLineError(r: CliResult, pattern: RegExp): string {
  expect(r.code).not.toBe(0);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("briefing"));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  return lines[0]!;
}

describe("errors", () => {
  it("a missing corpus folder: exit 1, one line naming the folder, and a hint", async () => {
    const missing = path.join(tempDir(), "no-such-corpus");
    const r = await runCli(["ask", ANSWERABLE, "--corpus", missing, "--index", path.join(tempDir(), "idx")], env);
    expect(r.code).toBe(1);
    expectOneLineError(r, /^briefing: .*no-such-corpus/);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toMatch(/^\s*hint: \S/m);
  });

  it("ask without a question (and without --json): non-zero, with a usage message", async () => {
    const r = await ask([]);
    expectOneLineError(r, /give a question/);
    expect(r.stderr).toMatch(/briefing ask "/); // an example of the usage
    expect(r.stderr).toMatch(/--help/);
  });

  it("a misspelt option: one line naming it and the right spelling, no stack trace", async () => {
    const r = await ask(["--corpsu", "x", ANSWERABLE]);
    expect(r.code).toBe(1);
    expectOneLineError(r, /^briefing: unknown option '--corpsu' \(did you mean --corpus\?\)$/);
    expect(r.stderr).toMatch(/^\s*hint: run with --help/m);
  });

  it("--k 0: one clear line naming --k", async () => {
    const r = await ask([ANSWERABLE, "--k", "0"]);
    expect(r.code).toBe(1);
    expectOneLineError(r, /^briefing: --k must be a whole number from 1 to 50 \(got "0"\)$/);
  });
});

/** `npm run --silent briefing -- …`, the way the README tells users to run it. */
function npmRun(args: string[]): Promise<CliResult> {
  const child = spawn("npm", ["run", "--silent", "briefing", "--", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.end();
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("help", () => {
  it("briefing --version prints the package's version", async () => {
    const r = await runCli(["--version"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
  });

  it("briefing --help lists the commands", async () => {
    const r = await npmRun(["--help"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: briefing/m);
    for (const cmd of ["ingest", "ask", "chat", "eval"]) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, "m"));
  });

  it("briefing ask --help lists its options", async () => {
    const r = await npmRun(["ask", "--help"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: briefing ask \[options\] \[question\]/m);
    for (const opt of ["--corpus", "--index", "--embeddings", "--llm", "--llm-timeout", "--k", "--retriever", "--json"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${opt} `, "m"));
    }
  });
});

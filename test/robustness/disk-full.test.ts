/**
 * Robustness catalogue, a really full disk: the index lives on a small tmpfs mounted in a user
 * namespace (no privileges needed where unprivileged user namespaces are allowed; skipped with a
 * note elsewhere). `ingest` says which file system is full, how much is free and how much it
 * needs; nothing is left behind (no lock, no partial generation); `ask` answers from the index as it is.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, ROOT, tempDir } from "../support/fixtures.js";
import { currentGen, expectClean, expectFailure, QUESTION, seedFixture, type Run } from "../support/robust.js";

/** Whether a tmpfs can be mounted here: in a new user + mount namespace. */
function tmpfsProblem(): string | null {
  const at = tempDir("briefing-tmpfs-probe-");
  const r = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", `mount -t tmpfs -o size=64k tmpfs '${at}'`], { encoding: "utf8" });
  if (r.error) return `unshare is not installed (${(r.error as NodeJS.ErrnoException).code})`;
  return r.status === 0 ? null : `cannot mount a tmpfs in a user namespace here (${(r.stderr || "").trim().split("\n")[0]})`;
}
const why = tmpfsProblem();
if (why) console.log(`disk-full tests skipped: ${why}`);

let corpus: string;
let seedIndex: string;

/** Bytes a folder's files take on a tmpfs (whole pages). */
function pagesOf(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    n += e.isDirectory() ? pagesOf(f) : Math.ceil(statSync(f).size / 4096) * 4096;
  }
  return n;
}

/**
 * Mounts a tmpfs of `sizeKb`, copies the seed index onto it (and fills what is left, if asked),
 * then runs each CLI command with `--index` there. Returns each run and the folder's listing after it.
 */
function onTmpfs(sizeKb: number, fill: boolean, commands: string[][]): { runs: Run[]; listings: string[][] } {
  const out = tempDir("briefing-tmpfs-out-");
  const mnt = path.join(tempDir("briefing-tmpfs-"), "index");
  mkdirSync(mnt);
  const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const lines = [
    `mount -t tmpfs -o size=${sizeKb}k tmpfs ${q(mnt)} || exit 90`,
    `cp -a ${q(seedIndex)}/. ${q(mnt)}/ || exit 91`,
    fill ? `dd if=/dev/zero of=${q(path.join(mnt, "filler"))} bs=4096 2>/dev/null; true` : "",
    ...commands.map((c, i) => {
      const argv = [process.execPath, ...CLI, ...c, "--corpus", corpus, "--index", mnt].map(q).join(" ");
      return `${argv} >${q(`${out}/${i}.out`)} 2>${q(`${out}/${i}.err`)}; echo $? >${q(`${out}/${i}.rc`)}; ls -A ${q(mnt)} >${q(`${out}/${i}.ls`)}`;
    }),
  ];
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  for (const k of Object.keys(env)) if (k.startsWith("BRIEFING_")) delete env[k];
  const r = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "bash", "-c", lines.join("\n")], { cwd: ROOT, env, encoding: "utf8", timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
  const read = (i: number, ext: string) => readFileSync(path.join(out, `${i}.${ext}`), "utf8");
  const runs = commands.map((_, i) => ({ code: Number(read(i, "rc")), signal: null, stdout: read(i, "out").replaceAll(mnt, "MNT"), stderr: read(i, "err").replaceAll(mnt, "MNT") }));
  const listings = commands.map((_, i) => read(i, "ls").split("\n").filter(Boolean));
  return { runs, listings };
}

const leftovers = (listing: string[]) => listing.filter((n) => n.startsWith("ingest.lock") || n.endsWith(".partial"));

describe.skipIf(why)("a full disk under the index (a real tmpfs)", () => {
  let genBytes: number;
  beforeAll(async () => {
    ({ corpus, index: seedIndex } = await seedFixture());
    genBytes = pagesOf(currentGen(seedIndex));
    writeFileSync(path.join(corpus, "norway.txt"), "Norway pledged 12 patrol boats to the Baltic mission on Friday.");
  }, 120_000);

  it("room for the index but not a new generation: names the file system, what is free and what is needed", () => {
    const sizeKb = Math.ceil((pagesOf(seedIndex) + genBytes / 2) / 1024);
    const { runs, listings } = onTmpfs(sizeKb, false, [["ingest"], ["ask", QUESTION, "--json"]]);
    const [ingest, ask] = runs as [Run, Run];
    expectFailure(
      ingest,
      /^briefing: could not write the index at MNT \(no space left on MNT \(tmpfs\): [\d.]+ (?:B|KB) free, about [\d.]+ KB needed\); the previous index is unchanged$/,
      /free at least [\d.]+ KB on MNT, or pass --index <folder> to keep the index on another disk; then run `briefing ingest` again/,
    );
    expect(leftovers(listings[0]!)).toEqual([]);
    expectClean(ask);
    expect(ask.code, ask.stderr).toBe(0);
    const b = JSON.parse(ask.stdout);
    expect(b.answer).toMatch(/aircraft carrier/);
    expect(b.notices.join("\n")).toMatch(/no space left on MNT \(tmpfs\).*answering from the index as it is/);
    expect(leftovers(listings[1]!)).toEqual([]);
  }, 240_000);

  it("a completely full disk: one line, no empty ingest.lock left behind, and ask still answers", () => {
    const sizeKb = Math.ceil((pagesOf(seedIndex) + genBytes / 2) / 1024);
    const { runs, listings } = onTmpfs(sizeKb, true, [["ingest"], ["ask", QUESTION, "--json"]]);
    const [ingest, ask] = runs as [Run, Run];
    expectFailure(ingest, /^briefing: could not write the index at MNT \(no space left on MNT \(tmpfs\): 0 B free\)$/, /free some space on MNT, or pass --index <folder>/);
    expect(ingest.stderr).not.toMatch(/ENOSPC|make it writable/);
    expect(leftovers(listings[0]!)).toEqual([]);
    expectClean(ask);
    expect(JSON.parse(ask.stdout).answer).toMatch(/aircraft carrier/);
    expect(leftovers(listings[1]!)).toEqual([]);
  }, 240_000);
});

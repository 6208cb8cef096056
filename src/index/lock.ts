import { execFileSync } from "node:child_process";
import { linkSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError, writeProblem } from "../errors.js";
import { askToYield } from "./yield.js";
import { processAlive } from "./process-alive.js";
import { makeFolder } from "../folders.js";

/**
 * Who holds an ingest lock: enough to tell, after a crash, a reboot or a container restart,
 * whether the process named is still the one that took it. A PID alone is not: PIDs are reused.
 */
export interface LockOwner {
  pid: number;
  host: string;
  /** The kernel's boot id (Linux): a lock from before a reboot is stale whatever its PID. */
  boot?: string;
  /** The process's start time as the system reports it (Linux: /proc/PID/stat field 22). */
  start?: string;
  command?: string;
  /** When the lock was taken (ISO time). */
  since?: string;
  /** Why it holds the lock when that is not an ingest of its own: `background` for a chat filling in the semantic layer. */
  role?: LockRole;
}

/** `background`: embedding the rest of the semantic layer behind a chat; it gives the lock up when asked (yield.ts). */
export type LockRole = "background";

/** A lock file with no readable owner is stale once older than this (a crash between create and write). */
const UNREADABLE_GRACE_MS = 5_000;
/** A holder on another host touches its lock this often; one untouched for FOREIGN_STALE_MS is stale. */
const HEARTBEAT_MS = 30_000;
const FOREIGN_STALE_MS = 5 * 60_000;

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

const bootId = (): string | undefined => readOr("/proc/sys/kernel/random/boot_id")?.trim() || undefined;

/** A process's start time: field 22 of /proc/PID/stat on Linux, else `ps -o lstart=`; undefined if neither answers. */
export function processStart(pid: number): string | undefined {
  const stat = readOr(`/proc/${pid}/stat`);
  if (stat !== undefined) {
    // Field 2, the command name, is in parentheses and may itself hold spaces and ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19]; // fields from 3 on: field 22 is the 20th
  }
  if (process.platform === "win32") return undefined;
  try {
    return execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** What this process is, in the user's words: `briefing ingest --corpus …` when run as the CLI. */
function ownCommand(): string {
  const [, script = "node", ...args] = process.argv;
  // Judge the script by its own name, not its folders: a checkout is often itself called "briefing".
  const base = path.basename(script);
  const name = /^briefing(\.[cm]?js)?$/.test(base) || /faces[\\/]cli[\\/]main\.[jt]s$/.test(script) ? "briefing" : base;
  return [name, ...args].join(" ").slice(0, 160);
}

function me(role?: LockRole): LockOwner {
  return { pid: process.pid, host: os.hostname(), boot: bootId(), start: processStart(process.pid), command: ownCommand(), since: new Date().toISOString(), ...(role ? { role } : {}) };
}

/** The owner recorded in a lock file; a bare PID is the format before owners were recorded. */
function parseOwner(text: string): LockOwner | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t), host: os.hostname() };
  try {
    const o = JSON.parse(t) as LockOwner;
    return Number.isInteger(o?.pid) && o.pid > 0 && typeof o.host === "string" ? o : null;
  } catch {
    return null;
  }
}

/** Why a lock no longer stands for a running ingest, or null while its owner may still be at work. */
function staleBecause(owner: LockOwner | null, ageMs: number): string | null {
  if (!owner) return ageMs > UNREADABLE_GRACE_MS ? "it is empty or unreadable (left by a crash)" : null;
  if (owner.host !== os.hostname()) {
    // Another machine sharing the folder: its liveness shows only in the heartbeat.
    return ageMs > FOREIGN_STALE_MS ? `its owner on ${owner.host} has not touched it for ${Math.round(ageMs / 60_000)} min` : null;
  }
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return "it was taken before this machine last started";
  if (owner.pid === process.pid) return "this process took it and is not using it";
  if (!processAlive(owner.pid)) return `its owner (pid ${owner.pid}) has ended`;
  const start = owner.start ? processStart(owner.pid) : undefined;
  if (owner.start && start && start !== owner.start) return `pid ${owner.pid} now belongs to another process`;
  return null;
}

function commandOf(owner: LockOwner): string | undefined {
  return owner.command ?? readOr(`/proc/${owner.pid}/cmdline`)?.split("\0").filter(Boolean).join(" ").slice(0, 160);
}

/** What the holder is doing, in the user's words, by its role or its `briefing` sub-command. */
const HOLDERS: Record<string, string> = {
  ask: "a `briefing ask`",
  chat: "a chat",
  eval: "a `briefing eval`",
  mcp: "an MCP server",
  timeline: "a `briefing timeline`",
};

/** `another ingest`, `a chat embedding in the background`, `a \`briefing ask\`` … : who holds the lock. */
export function holderName(owner: LockOwner | null): string {
  if (owner?.role === "background") return "a chat embedding in the background";
  const words = (owner && commandOf(owner))?.split(" ") ?? [];
  const sub = words[0] === "briefing" ? words.slice(1).find((w) => !w.startsWith("-")) : undefined;
  return (sub && HOLDERS[sub]) || "another ingest";
}

/** `pid 123: briefing ingest --corpus bbc, since 14:02:11 UTC` — as much as is known. */
export function describeOwner(owner: LockOwner | null): string {
  if (!owner) return "a lock being written";
  const command = commandOf(owner);
  const host = owner.host !== os.hostname() ? ` on ${owner.host}` : "";
  const since = owner.since && !Number.isNaN(Date.parse(owner.since)) ? `, since ${owner.since.slice(11, 19)} UTC` : "";
  return `pid ${owner.pid}${host}${command ? `: ${command}` : ""}${since}`;
}

/**
 * Writes the lock complete or not at all: the owner goes into a private temporary file that is
 * then hard-linked to `ingest.lock` (link fails if the lock exists, like O_EXCL), so no reader
 * ever finds it empty and a full disk leaves nothing behind. Returns false when the lock exists.
 */
function createLock(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, content, { flag: "wx" });
    try {
      linkSync(tmp, file);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      // A file system without hard links: O_EXCL, removed again if the write fails.
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw e;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  try {
    writeFileSync(file, "", { flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeFileSync(file, content);
    return true;
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  }
}

/** Temporary lock files of processes killed between writing and linking them. */
function removeOldTemps(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      if (!/^ingest\.lock\.\d+\.\w+\.tmp$/.test(name)) continue;
      const f = path.join(dir, name);
      if (Date.now() - statSync(f).mtimeMs > 60_000) rmSync(f, { force: true });
    }
  } catch {
    // Tidying only.
  }
}

/** The lock is held by another live process. */
export class IndexLocked extends UserError {
  constructor(
    readonly owner: LockOwner | null,
    readonly indexDir: string,
  ) {
    super(`${holderName(owner)} (${describeOwner(owner)}) is updating the index at ${indexDir}`, "wait for it to finish, or stop it; the current index stays usable meanwhile");
  }
}

/**
 * An exclusive ingest lock on an index folder: `ingest.lock` names its owner (PID, process start
 * time, host, boot, command). A lock whose owner has ended, whose PID now belongs to another
 * process, or that a crash left empty is taken over, so a crash never blocks the next ingest.
 */
export function acquireIngestLock(indexDir: string, role?: LockRole): () => void {
  const file = path.join(indexDir, "ingest.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    let created: boolean;
    try {
      makeFolder(indexDir);
      created = createLock(file, JSON.stringify(me(role)));
    } catch (e) {
      const { problem, hint } = writeProblem(e, indexDir);
      const prefix = ["ENOSPC", "EDQUOT", "EFBIG"].includes((e as NodeJS.ErrnoException).code ?? "") ? "could not write the index at" : "cannot write to the index folder";
      throw new UserError(`${prefix} ${indexDir} (${problem})`, hint);
    }
    if (created) return holdLock(file);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      continue; // released meanwhile: try again
    }
    const owner = parseOwner(readOr(file) ?? "");
    const stale = staleBecause(owner, Date.now() - stat.mtimeMs);
    if (!stale) throw new IndexLocked(owner, indexDir);
    // Only the file judged stale is removed: another process may have taken it over meanwhile.
    try {
      if (statSync(file).ino === stat.ino) rmSync(file, { force: true });
    } catch {
      // Gone already.
    }
    removeOldTemps(indexDir);
  }
  throw new UserError(`could not lock the index at ${indexDir}`, `remove ${file} if no ingest is running`);
}

function holdLock(file: string): () => void {
  // Touched now and then, so a process on another machine sharing the folder can tell it is live.
  const beat = setInterval(() => {
    try {
      utimesSync(file, new Date(), new Date());
    } catch {
      // A heartbeat that fails costs only the other machine's patience.
    }
  }, HEARTBEAT_MS);
  beat.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(beat);
    process.off("exit", release);
    rmSync(file, { force: true });
  };
  // Ctrl+C or SIGTERM ends the process through process.exit: the lock goes with it.
  process.on("exit", release);
  return release;
}

/** Gave up waiting for another process's ingest. */
export class LockWaitTimedOut extends UserError {
  constructor(owner: LockOwner | null, indexDir: string, waitedMs: number) {
    const pid = owner ? `stop it (kill ${owner.pid}), ` : "";
    super(
      `gave up after ${waitText(waitedMs)} waiting for ${holderName(owner)} (${describeOwner(owner)}) to finish updating the index at ${indexDir}`,
      `run \`briefing ingest\` again once it has finished, ${pid}or wait longer with --lock-wait <seconds> (BRIEFING_LOCK_WAIT)`,
    );
  }
}

function waitText(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/**
 * Takes the lock, waiting while another live process holds it, up to `limitMs`; `onWait` is told
 * once, in one line, whom it waits for. Past the limit: LockWaitTimedOut, naming the holder.
 */
export async function waitForIngestLock(indexDir: string, opts: { limitMs: number; onWait?: (line: string) => void }): Promise<() => void> {
  const started = Date.now();
  let told = false;
  // A chat filling in the semantic layer in the background gives the lock up when asked (yield.ts).
  let withdraw = () => {};
  try {
    for (;;) {
      try {
        return acquireIngestLock(indexDir);
      } catch (e) {
        if (!(e instanceof IndexLocked)) throw e;
        if (Date.now() - started >= opts.limitMs) throw new LockWaitTimedOut(e.owner, indexDir, Date.now() - started);
        if (!told) {
          // A background embedding is asked to hand over (below) rather than waited out.
          const until = e.owner?.role === "background" ? "to hand over" : "to finish updating";
          opts.onWait?.(`waiting for ${holderName(e.owner)} (${describeOwner(e.owner)}) ${until} ${indexDir} (for up to ${waitText(opts.limitMs)})`);
          withdraw = askToYield(indexDir);
        }
        told = true;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(opts.limitMs - (Date.now() - started), 10))));
      }
    }
  } finally {
    withdraw();
  }
}

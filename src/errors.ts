import { existsSync, readFileSync, realpathSync, statfsSync } from "node:fs";
import path from "node:path";

/**
 * An error meant for the user: a one-line message naming the file or setting at fault,
 * and a hint with the next step. Faces print these without a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    public hint?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * How an error reaches the user, in one place: a UserError as its own message and hint; anything
 * else as "unexpected error: " and the first line of its message (no stack trace, which
 * BRIEFING_DEBUG=1 shows). Faces print `message` and `hint` as they lay lines out.
 */
export function describeError(e: unknown): { message: string; hint?: string; expected: boolean } {
  if (e instanceof UserError) return { message: e.message, ...(e.hint ? { hint: e.hint } : {}), expected: true };
  return { message: `unexpected error: ${firstLine(e)}`, expected: false };
}

/** The first line of an error's message (or of whatever was thrown). */
export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}

/**
 * What an error and its causes say: system error codes (ECONNREFUSED…, an AggregateError's members'
 * too), the first HTTP status of 400 or more, the first message kept short (status prefixes and JSON
 * noise add nothing), and every message (for phrases like "bad port").
 */
export function errorFacts(e: unknown): { codes: string[]; status?: number; message: string; all: string } {
  const codes: string[] = [];
  let all = "";
  let status: number | undefined;
  let message = "";
  for (let x: any = e, depth = 0; x && depth < 6; x = x.cause, depth++) {
    if (typeof x.code === "string") codes.push(x.code);
    for (const err of Array.isArray(x.errors) ? x.errors : []) if (typeof err?.code === "string") codes.push(err.code);
    const s = x.status ?? x.status_code ?? x.response?.status;
    if (!status && typeof s === "number" && s >= 400) status = s;
    if (typeof x.message === "string") all += `${x.message}\n`;
    if (!message && typeof x.message === "string") message = x.message;
  }
  message = message.split("\n")[0].replace(/^\d{3}\s*(status code \(no body\))?\s*/, "").replace(/\s+/g, " ").trim().slice(0, 160);
  return { codes, status, message, all };
}

/** Plain words for the file-system errors a user can act on (disk full, read-only, …). */
export function ioProblem(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "ENOSPC":
      return "no space left on the disk";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EFBIG":
      return "a file grew past the size this system allows";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "EIO":
      return "input/output error on the disk";
    default:
      return firstLine(e);
  }
}

/** Bytes in words: 812 B, 14 KB, 3.4 MB, 1.2 GB. */
export function bytesInWords(n: number): string {
  if (n < 1024) return `${Math.max(0, Math.round(n))} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) [v, u] = [v / 1024, u + 1];
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** The file system holding `dir` (its mount point and type, from /proc/self/mountinfo on Linux) and the space free there. */
export function diskOf(dir: string): { mount?: string; type?: string; freeBytes?: number } {
  let at = path.resolve(dir);
  while (!existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  const facts: { mount?: string; type?: string; freeBytes?: number } = {};
  try {
    const s = statfsSync(at);
    facts.freeBytes = s.bavail * s.bsize;
  } catch {
    // statfs is missing on some platforms: the message then leaves the figure out.
  }
  try {
    const real = realpathSync(at);
    for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
      const f = line.split(" ");
      const mount = f[4]?.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
      if (!mount) continue;
      const inside = mount === "/" || real === mount || real.startsWith(mount + path.sep);
      if (inside && mount.length >= (facts.mount?.length ?? 0)) {
        facts.mount = mount;
        facts.type = f[f.indexOf("-") + 1];
      }
    }
  } catch {
    // Not Linux: the mount point is not named.
  }
  return facts;
}

/**
 * Why a write under `dir` failed, in plain words, and the next step: for a full disk, which file
 * system is full, how much is free there and (when the caller knows) how much the write needs.
 */
export function writeProblem(e: unknown, dir: string, neededBytes?: number): { problem: string; hint: string } {
  const code = (e as NodeJS.ErrnoException)?.code;
  const elsewhere = "pass --index <folder> to keep the index elsewhere";
  if (code === "ENOSPC" || code === "EDQUOT") {
    const disk = diskOf(dir);
    const where = disk.mount ? `${disk.mount}${disk.type ? ` (${disk.type})` : ""}` : `the disk holding ${dir}`;
    const facts = [disk.freeBytes !== undefined ? `${bytesInWords(disk.freeBytes)} free` : "", neededBytes ? `about ${bytesInWords(neededBytes)} needed` : ""].filter(Boolean).join(", ");
    const what = code === "ENOSPC" ? `no space left on ${where}` : `your disk quota on ${where} is used up`;
    const short = neededBytes && disk.freeBytes !== undefined ? Math.max(neededBytes - disk.freeBytes, 0) : 0;
    const free = short > 0 ? `free at least ${bytesInWords(short)} on ${disk.mount ?? "that disk"}` : `free some space on ${disk.mount ?? "that disk"}`;
    return { problem: facts ? `${what}: ${facts}` : what, hint: `${free}, or pass --index <folder> to keep the index on another disk; then run \`briefing ingest\` again` };
  }
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return { problem: code === "EROFS" ? "the file system is read-only" : "it is read-only for you", hint: `make it writable, or ${elsewhere}` };
  }
  if (code === "EEXIST" || code === "ENOTDIR") {
    // mkdir met a file where the folder (or one above it) should be: no amount of space fixes that.
    return { problem: "it, or a folder above it, is a file, not a folder", hint: `move that file away, or ${elsewhere}` };
  }
  if (code === "EFBIG") {
    return { problem: "a file grew past the size this system allows", hint: `raise the file-size limit (\`ulimit -f\`), or ${elsewhere}; then run \`briefing ingest\` again` };
  }
  return { problem: ioProblem(e), hint: `free some disk space and make sure ${dir} is writable, or ${elsewhere}; then run \`briefing ingest\` again` };
}

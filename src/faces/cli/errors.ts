import path from "node:path";
import { describeError, UserError, writeProblem } from "../../errors.js";
import { printLine } from "../terminal/print.js";

/** One clear line (and a hint) for the user, never a stack trace; BRIEFING_DEBUG=1 shows it. */
export function failAndExit(e: unknown): never {
  const err = e as Error;
  if (process.env.BRIEFING_DEBUG) console.error(err?.stack ?? err);
  // Messages can carry corpus file names, which may hold escape sequences.
  const io = e as NodeJS.ErrnoException;
  if (!(e instanceof UserError) && ["ENOSPC", "EDQUOT", "EFBIG", "EROFS"].includes(io?.code ?? "") && io.path) {
    // A write no code path expected (a full disk anywhere): still the plain words and the way out.
    const { problem, hint } = writeProblem(e, path.dirname(io.path));
    e = new UserError(`could not write ${io.path} (${problem})`, hint);
  }
  const { message, hint, expected } = describeError(e);
  console.error(printLine(`briefing: ${message}`));
  if (hint) console.error(printLine(`  hint: ${hint}`));
  if (!expected) console.error("  hint: run again with BRIEFING_DEBUG=1 for details, and report it");
  process.exit(1);
}

/**
 * Installed first thing, before any library adds its own: an error that escapes every await
 * still ends in one line, and a closed stdout (`briefing ask … | head -1`) ends quietly.
 * (The tfjs wasm backend re-throws from its own handler, which would print its minified source.)
 */
export function installLastResortHandlers(): void {
  process.on("uncaughtException", failAndExit);
  process.on("unhandledRejection", failAndExit);
  process.stdout.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" ? process.exit(0) : failAndExit(e)));
}

/**
 * Ctrl+C and SIGTERM end the command through process.exit, so exit handlers run (the ingest
 * lock and a half-written generation are removed), with the progress line cleared and one
 * line saying what state things are in. Exit codes follow the shell: 130 and 143.
 */
export function exitOnSignals(clearProgress: () => void, state: string, hint?: string): void {
  const stop = (code: number) => () => {
    clearProgress();
    console.error(printLine(`briefing: interrupted; ${state}`));
    if (hint) console.error(`  hint: ${hint}`);
    process.exit(code);
  };
  process.once("SIGINT", stop(130));
  process.once("SIGTERM", stop(143));
}

import { UserError } from "../../errors.js";

/** One clear line (and a hint) for the user, never a stack trace; BRIEFING_DEBUG=1 shows it. */
export function failAndExit(e: unknown): never {
  const err = e as Error;
  if (process.env.BRIEFING_DEBUG) console.error(err?.stack ?? err);
  if (e instanceof UserError) {
    console.error(`briefing: ${e.message}`);
    if (e.hint) console.error(`  hint: ${e.hint}`);
  } else {
    console.error(`briefing: unexpected error: ${String(err?.message ?? err).split("\n")[0]}`);
    console.error("  hint: run again with BRIEFING_DEBUG=1 for details, and report it");
  }
  process.exit(1);
}

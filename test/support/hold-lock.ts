/**
 * A real lock holder for the lock tests: takes the ingest lock of the index folder given as its
 * argument with the real code, says "held", and keeps it until SIGTERM (which releases it).
 */
import { acquireIngestLock } from "../../src/index/lock.js";

acquireIngestLock(process.argv[2]!);
process.on("SIGTERM", () => process.exit(143)); // exit handlers remove the lock
process.stdout.write("held\n");
setInterval(() => undefined, 60_000);

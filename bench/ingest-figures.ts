import { existsSync, readFileSync } from "node:fs";
import type { Manifest } from "../src/index/manifest.js";
import { parseIngestLogs, type IngestRun } from "./ingest-log.js";

/**
 * The semantic layer's figures from the log of `/usr/bin/time -v briefing ingest …` runs (one block
 * per run; a resumed ingest appends another): wall and CPU time, peak RSS, sentences embedded. `m` is
 * the built index's manifest; `rawPerSec`, USE-Lite's single-core rate measured in this run.
 */
export function ingestLogRows(files: string[], m: Manifest & { embeddedCount: number }, rawPerSec: number): [string, number | string, string][] {
  const share = `${m.embeddedCount} of ${m.sentenceCount} sentence rows embedded (${((100 * m.embeddedCount) / m.sentenceCount).toFixed(1)}%)`;
  const missing = files.filter((f) => !existsSync(f));
  if (files.length === 0 || missing.length > 0) return [["time to the full semantic layer (s)", "—", `${files.length ? `no log at ${missing.join(", ")}` : "no --ingest-log given"}; ${share}`]];
  const runs = parseIngestLogs(files.map((f) => readFileSync(f, "utf8")));
  if (runs.length === 0) return [["time to the full semantic layer (s)", "—", `${files.join(", ")} hold no ingest run yet; ${share}`]];
  const total = runs.reduce((s, r) => s + (Number.isNaN(r.seconds) ? 0 : r.seconds), 0);
  const complete = m.embeddedCount === m.sentenceCount;
  const untimed = runs.some((r) => r.untimed);
  // Distinct texts embedded (overlapping chunks share sentences): the bars count those.
  const embedded = runs.reduce((s, r) => s + r.embedded, 0);
  const rate = embedded / total;
  const describeRun = (r: IngestRun) =>
    r.untimed
      ? `≈${r.seconds.toFixed(0)} s of embedding by its bar (no /usr/bin/time block: killed with its timer?)`
      : `${r.seconds.toFixed(0)} s${r.signal ? `, killed by signal ${r.signal}` : r.finished ? "" : `, exit ${r.exit}`}`;
  const timed = runs.filter((r) => !r.untimed);
  return [
    [complete ? "time to the full semantic layer (s)" : "semantic layer: ingest time so far (s)", total, `${untimed ? "at least; " : ""}${runs.length} run(s) of \`briefing ingest\` (${runs.map(describeRun).join("; ")}); ${share}; from ${files.join(", ")}`],
    ["ingest CPU time (s)", timed.reduce((s, r) => s + r.cpu, 0), `user + system, all threads${untimed ? ", timed runs only" : ""}`],
    ["sentences/s, the ingest (distinct texts, whole runs)", rate, `${embedded} embedded; ÷ raw single core of this run ${rawPerSec.toFixed(1)} = ${(rate / rawPerSec).toFixed(2)}× (the ingest ran under its own load: compare with the pool row below)`],
    ["peak RSS of the ingest (MB)", timed.length ? Math.max(...timed.map((r) => r.rssMb)) : "—", "≤ 1000 (main thread + workers, /usr/bin/time -v)"],
  ];
}

/**
 * bench:corpus reads the logs of `/usr/bin/time -v briefing ingest` runs (bench/ingest-log.ts). The
 * logs here are made by the real GNU time around a shell that prints the ingest's progress lines:
 * a run that completes, one killed by a signal, and a run killed together with its timer (no block).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clockSeconds, parseIngestLogs } from "../bench/ingest-log.js";

const TIME = "/usr/bin/time";
const bar = (done: number, total: number, rate?: string) => `Indexing ████░░░░ ${done}/${total} sentences embedded · ${rate ? `${rate}/s · ETA 9s` : "done"}`;

/** What `/usr/bin/time -v sh -c SCRIPT 2> LOG` leaves in LOG (the script's stderr, then GNU time's block). */
function timedLog(script: string): string {
  const r = spawnSync(TIME, ["-v", "sh", "-c", script], { encoding: "utf8" });
  return r.stderr;
}

describe("ingest logs of /usr/bin/time -v runs", () => {
  it("reads h:mm:ss and m:ss clocks", () => {
    expect(clockSeconds("24:48.99")).toBeCloseTo(1488.99, 2);
    expect(clockSeconds("1:02:03.5")).toBeCloseTo(3723.5, 2);
    expect(clockSeconds("0:01.25")).toBeCloseTo(1.25, 2);
  });

  it.skipIf(!existsSync(TIME))("a killed run, then a resumed run logged to a file of its own: both timed (was 0.0)", () => {
    const killed = timedLog(`echo '${bar(96, 1024, "166")}' >&2; echo '${bar(400, 1000, "40")}' >&2; sleep 1.1; kill -9 $$`);
    const resumed = timedLog(`echo '${bar(300, 600, "150")}' >&2; echo '${bar(600, 600)}' >&2; echo 'Indexed 3 documents as 25 chunks in 1.2s' >&2; sleep 1.1`);
    expect(killed).toMatch(/Command terminated by signal 9/);
    const runs = parseIngestLogs([killed, resumed]);
    expect(runs).toHaveLength(2);
    const [first, second] = runs;
    // GNU time's label has colons of its own ("(h:mm:ss or m:ss): 0:01.10"): the figure after them is the time.
    expect(first.seconds).toBeGreaterThanOrEqual(1);
    expect(second.seconds).toBeGreaterThanOrEqual(1);
    expect(first).toMatchObject({ untimed: false, signal: "9", embedded: 400, total: 1000, finished: false });
    expect(second).toMatchObject({ untimed: false, signal: undefined, exit: 0, embedded: 600, total: 600, finished: true });
    expect(second.rssMb).toBeGreaterThan(0);
    expect(second.cpu).toBeGreaterThanOrEqual(0);
    // The same two runs appended to one log read the same.
    expect(parseIngestLogs([killed + resumed])).toEqual(runs);
  });

  it("a run killed together with its timer has no block: its time comes from its bar's rate", () => {
    const runs = parseIngestLogs([[bar(96, 1024, "166"), bar(36864, 125602, "6.8"), bar(37495, 125602, "6.8")].join("\n") + "\n"]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ untimed: true, embedded: 37495, total: 125602, finished: false });
    expect(runs[0].seconds).toBeCloseTo(37495 / 6.8, 6);
  });

  it("a log with nothing of an ingest in it holds no run", () => {
    expect(parseIngestLogs(["", "Reading the corpus…\n"])).toEqual([]);
  });
});

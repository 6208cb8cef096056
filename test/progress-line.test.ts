/**
 * The ingest progress line (issue 10, item 7): no "0/s · ETA 0s" while most of the work remains;
 * the rate and time left appear once there is a rate to show.
 */
import { describe as group, expect, it } from "vitest";
import { describe } from "../src/faces/terminal/progress.js";

const embedding = (done: number, total: number) => ({ stage: "embedding" as const, done, total });

group("the progress line", () => {
  it("says 'estimating…' until work has been done for half a second, never a zero rate or ETA", () => {
    expect(describe(embedding(0, 5000), 0)).toMatch(/ 0\/5000 sentences embedded · estimating…$/);
    expect(describe(embedding(0, 5000), 12)).toMatch(/ · estimating…$/); // the first batch is slow to come back
    expect(describe(embedding(32, 5000), 0.1)).toMatch(/ · estimating…$/);
    for (const seconds of [0, 0.2, 0.5, 1, 3, 30, 600]) {
      for (const done of [0, 1, 32, 256, 2500, 4999]) {
        const line = describe(embedding(done, 5000), seconds);
        expect(line, line).not.toMatch(/ 0\/s| ETA 0s|NaN|Infinity/);
      }
    }
  });

  it("shows the rate and time left once known, in minutes when long", () => {
    expect(describe(embedding(256, 5000), 2)).toMatch(/ 256\/5000 sentences embedded · 128\/s · ETA 38s$/);
    expect(describe(embedding(100, 5000), 25)).toMatch(/ · 4\.0\/s · ETA 20m 25s$/);
    expect(describe(embedding(5000, 5000), 40)).toMatch(/ 5000\/5000 sentences embedded · done$/);
    expect(describe({ stage: "chunking", done: 3, total: 4, articlesDone: 3, articlesTotal: 4 }, 1)).toMatch(/ 3\/4 articles chunked · 3\/4 articles · 3\.0\/s · ETA 1s$/);
  });
});

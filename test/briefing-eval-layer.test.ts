/**
 * The briefing evals score the semantic layer, never a lexical-only index: over a corpus ingested
 * without embedding (as `ask` leaves a big archive), `eval --briefings` embeds the rest first and its
 * report says the layer is complete. Real embedder, real index; 25 GenCorp stories from the shared Reuters file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { resolveSettings } from "../src/config.js";
import { evalBriefings } from "../src/eval/briefings.js";
import type { EvalFlags, EvalReporter } from "../src/eval/command.js";
import { INLINE_EMBED } from "../src/index/build.js";
import { openPipeline } from "../src/pipeline.js";
import { hasReuters, REUTERS } from "./support/gencorp.js";

if (!hasReuters) console.warn(`briefing-eval-layer skipped: no Reuters corpus at ${REUTERS}`);

const dir = mkdtempSync(path.join(tmpdir(), "briefing-eval-layer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet: EvalReporter = { onIngest: () => {}, onNotice: () => {}, ingestDone: () => {}, onProgress: () => {} };

describe.skipIf(!hasReuters)("eval --briefings", () => {
  it("completes the semantic layer before scoring, and says so", async () => {
    const corpus = path.join(dir, "corpus");
    const index = path.join(dir, "index");
    mkdirSync(corpus);
    const stories = readFileSync(REUTERS, "utf8").split("\n").filter((l) => /gencorp/i.test(l)).slice(0, 25);
    writeFileSync(path.join(corpus, "gencorp.jsonl"), stories.join("\n") + "\n");
    const gold = path.join(dir, "gold.jsonl");
    writeFileSync(gold, readFileSync("evals/briefings/reuters.jsonl", "utf8").split("\n").filter((l) => l.includes('"reu-ov-gencorp"')).join("\n") + "\n");
    // The lexical layer only, as a first `ask` over a big archive leaves it.
    const lexical = await openPipeline(resolveSettings({ corpus, index, llm: "none" }, {}), { embed: "none" });
    const before = lexical.index.semantic;
    await lexical.close();
    expect(before.embedded).toBe(0);
    // More sentences than an answer embeds inline, so only the eval's own choice can complete the layer.
    expect(before.total).toBeGreaterThan(INLINE_EMBED);

    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await evalBriefings({ briefings: gold, corpus, index, llm: "none", json: true } as EvalFlags, "hybrid", quiet);
      const report = JSON.parse(String(log.mock.calls.at(-1)?.[0]));
      expect(report.semantic.total).toBe(before.total);
      expect(report.semantic.embedded).toBe(before.total);
    } finally {
      log.mockRestore();
    }
  }, 300_000);
});

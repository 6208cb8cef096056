// The quality gate: the seed eval set run on corpus/ with the real embedder and a real index, held to evals/floors.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { parseEvalSet } from "../src/eval/evalSet.js";
import { FLOORS, SET_FLOORS } from "../src/eval/floors.js";
import { articleKeysOf, checkQuote, claimSupported, type ArticleText } from "../src/eval/keys.js";
import { checkFloors, formatTable, matchesExpected } from "../src/eval/metrics.js";
import { findMisses, formatMisses } from "../src/eval/misses.js";
import { runEval } from "../src/eval/runner.js";
import { ROOT, tempDir } from "./support/fixtures.js";

const seedSet = path.join(ROOT, "evals", "seed.jsonl");

describe("quote and claim checks", () => {
  const text = "The U.K. sent a carrier.\nIt went to the  Red Sea.";
  it("finds a quote by content and offsets, whitespace aside", () => {
    const start = text.indexOf("It went");
    expect(checkQuote(text, { quote: "It went to the Red Sea.", start, end: text.length })).toEqual({ found: true, inText: true, offsetsMatch: true });
    expect(checkQuote(text, { quote: "It went to the Red Sea.", start: 0, end: 10 }).found).toBe(false);
    expect(checkQuote(text, { quote: "It went to the Black Sea.", start, end: text.length }).found).toBe(false);
    expect(checkQuote(undefined, { quote: "x", start: 0, end: 1 }).found).toBe(false);
  });
  it("backs an extractive sentence only when it is verbatim in a cited article marked supported", () => {
    const texts = new Map<string, ArticleText>([["a", { text, keys: ["a"] }]]);
    const cite = (supported: boolean) => new Map([[1, { n: 1, articleId: "a", supported } as never]]);
    const s = { text: "It went to the Red Sea.", citations: [1], supported: true };
    expect(claimSupported("extractive", s, cite(true), texts)).toBe(true);
    expect(claimSupported("extractive", s, cite(false), texts)).toBe(false);
    expect(claimSupported("extractive", { ...s, text: "It went to Aden." }, cite(true), texts)).toBe(false);
    expect(claimSupported("extractive", { ...s, citations: [] }, cite(true), texts)).toBe(false);
    expect(claimSupported("llm", { ...s, text: "A paraphrase.", supported: true }, cite(true), texts)).toBe(true);
  });
  it("matches seed keys through the front-matter source", () => {
    const keys = articleKeysOf({ id: "corpus/x.md", source: "corpus/x.md" }, "seeds/000_6256817babd1f59d.txt");
    expect(matchesExpected(keys, "000_6256817babd1f59d")).toBe(true);
    expect(matchesExpected(articleKeysOf({ id: "corpus/x.md", source: "corpus/x.md" }), "000_6256817babd1f59d")).toBe(false);
  });
});

describe("seed eval gate (real embedder, real index, corpus/)", () => {
  it("meets every floor in evals/floors.json", { timeout: 600_000 }, async () => {
    const questions = parseEvalSet(readFileSync(seedSet, "utf8"), "evals/seed.jsonl");
    // Empty env: the gate measures the defaults, not whatever BRIEFING_* the developer has set.
    const settings = resolveSettings({ corpus: path.join(ROOT, "corpus"), index: tempDir("briefing-eval-gate-"), workers: 1 }, {});
    const run = await runEval({ settings, questions, retrievers: ["hybrid"] });
    const hybrid = run.runs[0]!;
    const failures = checkFloors(hybrid.aggregate, FLOORS);
    console.log(
      [
        `Seed eval (hybrid), ${run.articles} articles, ${run.passages} passages`,
        formatTable(hybrid.aggregate),
        formatMisses(findMisses(hybrid.outcomes), hybrid.outcomes.length),
        failures.length ? `Missed floors: ${failures.map((f) => `${f.name} ${f.value?.toFixed(3) ?? "—"} vs ${f.floor}`).join(", ")}` : "All floors met.",
      ].join("\n\n"),
    );
    expect(run.articles).toBe(3);
    expect(hybrid.aggregate.n).toBe(questions.length);
    expect(failures).toEqual([]);
    // Leave-one-article-out on the same index (reduced by deletion): each answerable question, its answer gone.
    const left = await runEval({ settings, questions, retrievers: ["hybrid"], leaveOut: true });
    const leftOut = left.runs[0]!;
    const leftFailures = checkFloors(leftOut.aggregate, SET_FLOORS["seed-leave-out"]!);
    console.log(`Seed leave-one-article-out: ${leftOut.aggregate.n} questions, abstention recall ${leftOut.aggregate.abstention.recall.toFixed(3)}`);
    expect(leftOut.aggregate.n).toBeGreaterThan(40);
    expect(leftFailures).toEqual([]);
  });
});

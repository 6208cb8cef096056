// SQuAD v2.0 as an external benchmark: the pure parts always, a small real run when ../shared holds the file.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load.js";
import { matchesExpected } from "../src/eval/metrics.js";
import { runEval } from "../src/eval/runner.js";
import {
  containsGold,
  normalizeSquadAnswer,
  paragraphKey,
  parseSquad,
  readSquad,
  sampleSquad,
  splitSample,
  squadParagraphs,
  writeSquadCorpus,
  type SquadData,
} from "../src/eval/squad.js";
import { referenceBm25 } from "../src/eval/squadReference.js";
import { formatSquadTable, squadMetrics } from "../src/eval/squadReport.js";
import { SQUAD, tempDir } from "./support/fixtures.js";

const tiny: SquadData = parseSquad(
  JSON.stringify({
    data: [
      {
        title: "Normans",
        paragraphs: [
          {
            context: "The Normans were in Normandy in the 10th and 11th centuries.",
            qas: [
              { id: "a1", question: "When?", answers: [{ text: "10th and 11th centuries" }, { text: "in the 10th and 11th centuries" }], is_impossible: false },
              { id: "u1", question: "Who ruled in 1200?", answers: [], is_impossible: true },
            ],
          },
        ],
      },
      {
        title: "Steam_engine",
        paragraphs: [{ context: "Watt improved the engine.", qas: [{ id: "a2", question: "Who?", answers: [{ text: "Watt" }], is_impossible: false }] }],
      },
    ],
  }),
  "tiny.json",
);

describe("SQuAD helpers", () => {
  it("normalises answers like the official script", () => {
    expect(normalizeSquadAnswer("The  Normans' (France)!")).toBe("normans france");
    expect(normalizeSquadAnswer("an apple, a pear")).toBe("apple pear");
  });
  it("finds a gold answer on whole tokens, ignoring citation markers", () => {
    expect(containsGold("They came in the 10th century. [1]", ["10th century"])).toBe(true);
    expect(containsGold("It opened in 1990 [1]", ["1"])).toBe(false);
    expect(containsGold("Founded by Rollo [2]", ["Richard", "Rollo"])).toBe(true);
    expect(containsGold("anything", [])).toBe(false);
  });
  it("splits a sample by answerable share", () => {
    expect(splitSample(400, 0.75)).toEqual({ answerable: 300, unanswerable: 100 });
    expect(splitSample(30, 2 / 3)).toEqual({ answerable: 20, unanswerable: 10 });
  });
  it("numbers paragraphs over the whole file and keeps ids in a subset", () => {
    expect(squadParagraphs(tiny).map((p) => [p.id, p.title])).toEqual([
      ["s0001", "Normans"],
      ["s0002", "Steam engine"],
    ]);
    expect(squadParagraphs(tiny, 1).map((p) => p.id)).toEqual(["s0001"]);
  });
  it("samples the same questions for the same seed, with gold answers and paragraph keys", () => {
    const a = sampleSquad(tiny, { answerable: 1, unanswerable: 1, seed: 7 });
    expect(sampleSquad(tiny, { answerable: 1, unanswerable: 1, seed: 7 })).toEqual(a);
    expect(a.map((q) => q.answerable)).toEqual([true, false]);
    const all = sampleSquad(tiny, { answerable: 5, unanswerable: 5, seed: 1 });
    expect(all.map((q) => q.id)).toEqual(["a1", "a2", "u1"]);
    expect(all[0]).toMatchObject({ expected_articles: ["corpus.jsonl#s0001"], golds: ["10th and 11th centuries", "in the 10th and 11th centuries"] });
    expect(all[2]).toMatchObject({ type: "unanswerable", expected_articles: [], expected_facts: [] });
  });
  it("writes a corpus the loader reads, whose sources carry the paragraph keys; rewrites only on change", async () => {
    const dir = tempDir("briefing-squad-corpus-");
    expect(writeSquadCorpus(squadParagraphs(tiny), dir).written).toBe(true);
    expect(writeSquadCorpus(squadParagraphs(tiny), dir).written).toBe(false);
    const { articles, problems } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.title)).toEqual(["Normans", "Steam engine"]);
    expect(matchesExpected([articles[1]!.id, articles[1]!.source], paragraphKey("s0002"))).toBe(true);
    expect(matchesExpected([articles[0]!.id, articles[0]!.source], paragraphKey("s0002"))).toBe(false);
  });
  it("refuses a file that is not in the SQuAD layout, naming it", () => {
    expect(() => parseSquad('{"data": [{"title": 1}]}', "x.json")).toThrow(/x\.json is not in the SQuAD layout/);
    expect(() => parseSquad("{", "x.json")).toThrow(/x\.json is not valid JSON/);
  });
});

const hasSquad = existsSync(SQUAD);
if (!hasSquad) console.warn(`eval-squad: skipping the SQuAD run — ${SQUAD} is absent (it lives outside the repo in ../shared)`);

describe.skipIf(!hasSquad)("SQuAD run on 3 articles (real embedder, real index)", () => {
  it("reports the SQuAD figures with sane values", { timeout: 600_000 }, async () => {
    const data = readSquad(SQUAD);
    const paragraphs = squadParagraphs(data, 3);
    const dir = tempDir("briefing-squad-");
    const corpus = writeSquadCorpus(paragraphs, path.join(dir, "corpus")).dir;
    const questions = sampleSquad(data, { answerable: 20, unanswerable: 10, seed: 1, articleLimit: 3 });
    const settings = resolveSettings({ corpus, index: path.join(dir, "index"), workers: 2 }, {});
    const run = await runEval({ settings, questions, retrievers: ["hybrid"] });
    const m = squadMetrics(run.runs[0]!, new Map(questions.map((q) => [q.id, q])));
    console.log(`SQuAD, first 3 articles (${paragraphs.length} paragraphs), indexed in ${run.ingestSeconds.toFixed(1)}s\n${formatSquadTable([{ name: "hybrid", metrics: m }])}`);

    expect(run.articles).toBe(paragraphs.length);
    expect(readFileSync(path.join(corpus, "corpus.jsonl"), "utf8").trim().split("\n")).toHaveLength(paragraphs.length);
    expect([m.answerable, m.unanswerable]).toEqual([20, 10]);
    for (const v of [m.goldAt1, m.goldAt5, m.goldCited, m.answerContainsGold, m.abstentionF1, m.falseAbstentionRate]) {
      expect(v).not.toBeNull();
      expect(v!).toBeGreaterThanOrEqual(0);
      expect(v!).toBeLessThanOrEqual(1);
    }
    // Sanity, not targets: a working retriever finds most gold paragraphs among 126, and answers carry gold text.
    expect(m.goldAt5!).toBeGreaterThanOrEqual(0.7);
    expect(m.goldAt1!).toBeLessThanOrEqual(m.goldAt5!);
    expect(m.answerContainsGold!).toBeGreaterThan(0.2);
    expect(m.quoteSupport).toBe(1);
    expect(m.latencyP50!).toBeGreaterThan(0);
    expect(m.latencyP95!).toBeGreaterThanOrEqual(m.latencyP50!);
  });
});

describe("the same-sample BM25 reference", () => {
  const paragraphs = [
    { id: "s0001", title: "Normans", text: "The Normans gave their name to Normandy, a region in France." },
    { id: "s0002", title: "Computation", text: "A Turing machine is a mathematical model of computation." },
    { id: "s0003", title: "Rivers", text: "The Rhine flows from the Alps to the North Sea." },
  ];
  const q = (id: string, question: string, gold: string, answerable = true) =>
    ({ id, question, type: "single-fact", answerable, expected_articles: answerable ? [paragraphKey(gold)] : [], expected_facts: [], golds: [] }) as never;

  it("scores rank 1 and top 5 over answerable questions only", () => {
    const r = referenceBm25(paragraphs, [q("a", "What region did the Normans name?", "s0001"), q("b", "Where does the Rhine flow to?", "s0003"), q("c", "Who built Normandy castles?", "", false)]);
    expect(r).toEqual({ goldAt1: 1, goldAt5: 1 });
  });

  it("scores zero when the gold paragraph is never found", () => {
    const r = referenceBm25(paragraphs, [q("a", "What is a Turing machine?", "s0003")]);
    expect(r).toEqual({ goldAt1: 0, goldAt5: 0 });
  });
});

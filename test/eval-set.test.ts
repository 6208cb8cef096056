// The eval sets themselves: well-formed, balanced, and every expected fact verbatim in an expected article.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseEvalSet } from "../src/eval/evalSet.js";
import { matchesExpected, normalizeText, QUESTION_TYPES, type EvalQuestion } from "../src/eval/metrics.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const seedsDir = join(root, "..", "shared", "seeds");
const bbcDir = join(root, "..", "shared", "corpora", "bbc");
const corpusDir = join(root, "corpus");

const load = (name: string) => parseEvalSet(readFileSync(join(root, "evals", name), "utf8"), `evals/${name}`);
const seedSet = load("seed.jsonl");
const bbcSet = load("bbc.jsonl");
const countType = (set: EvalQuestion[], t: string) => set.filter((q) => q.type === t).length;

/** Every variant of every fact must be in at least one expected article; multi-article: each article gives a fact. */
function factProblems(set: EvalQuestion[], textOf: (key: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const q of set.filter((x) => x.answerable)) {
    const texts = q.expected_articles.map((k) => [k, textOf(k)] as const);
    for (const [k, t] of texts) if (t === undefined) problems.push(`${q.id}: no article for key "${k}"`);
    for (const variants of q.expected_facts) {
      for (const v of variants) {
        if (!texts.some(([, t]) => t?.includes(normalizeText(v)))) problems.push(`${q.id}: "${v}" not in ${q.expected_articles.join(", ")}`);
      }
    }
    if (q.type === "multi-article") {
      for (const [k, t] of texts) {
        if (t !== undefined && !q.expected_facts.some((vs) => vs.some((v) => t.includes(normalizeText(v))))) {
          problems.push(`${q.id}: no expected fact comes from ${k}`);
        }
      }
    }
  }
  return problems;
}

describe("evals/seed.jsonl shape", () => {
  it("has 60+ questions covering every type, 14+ of them unanswerable", () => {
    expect(seedSet.length).toBeGreaterThanOrEqual(60);
    for (const t of QUESTION_TYPES) expect(countType(seedSet, t), t).toBeGreaterThanOrEqual(5);
    expect(countType(seedSet, "unanswerable")).toBeGreaterThanOrEqual(14);
  });
  it("refers to the three seed articles by their file stems", () => {
    const keys = new Set(seedSet.flatMap((q) => q.expected_articles));
    expect([...keys].sort()).toEqual(["000_6256817babd1f59d", "001_88c9f64f045f49d9", "002_eeec23bd9742c3e3"]);
  });
});

describe("evals/bbc.jsonl shape", () => {
  it("has 18+ questions across all five folders, 6+ paraphrased", () => {
    expect(bbcSet.length).toBeGreaterThanOrEqual(18);
    expect(countType(bbcSet, "paraphrased")).toBeGreaterThanOrEqual(6);
    const folders = new Set(bbcSet.flatMap((q) => q.expected_articles.map((a) => a.split("/")[0])));
    expect([...folders].sort()).toEqual(["business", "entertainment", "politics", "sport", "tech"]);
  });
});

describe("parseEvalSet", () => {
  it("names the file, line and field of every bad line", () => {
    const text = [
      '{"id":"a","question":"Q?","type":"list","answerable":true,"expected_articles":["x"],"expected_facts":[["f"]]}',
      "",
      "{not json",
      '{"id":"a","question":"Q?","type":"list","answerable":true,"expected_articles":["x"],"expected_facts":[["f"]]}',
      '{"id":"b","question":"Q?","type":"unanswerable","answerable":false,"expected_articles":["x"],"expected_facts":[]}',
      '{"id":"c","question":"Q?","type":"trivia","answerable":true,"expected_articles":["x"],"expected_facts":[[]]}',
    ].join("\n");
    expect(() => parseEvalSet(text, "evals/x.jsonl")).toThrow(
      [
        "evals/x.jsonl:3: not valid JSON",
        'evals/x.jsonl:4: duplicate id "a"',
        "evals/x.jsonl:5: unanswerable question must have empty expected_articles and expected_facts",
        'evals/x.jsonl:6: "type" must be one of single-fact, number-date, list, who-what-why, paraphrased, multi-article, unanswerable',
        'evals/x.jsonl:6: "expected_facts" must be an array of non-empty arrays of non-empty strings',
      ].join("\n"),
    );
  });
});

describe.skipIf(!existsSync(seedsDir))("seed facts are verbatim in ../shared/seeds", () => {
  it("finds every fact variant in an expected seed article", () => {
    const files = readdirSync(seedsDir);
    const textOf = (key: string) => {
      const f = files.find((name) => name.includes(key));
      return f === undefined ? undefined : normalizeText(readFileSync(join(seedsDir, f), "utf8"));
    };
    expect(factProblems(seedSet, textOf)).toEqual([]);
  });
});
if (!existsSync(seedsDir)) console.log(`eval-set: skipping seed fact check — ${seedsDir} not found`);

/** corpus/*.md whose id (path) or front-matter `source:` contains a seed key, keyed to its body text. */
function corpusArticles(): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(corpusDir)) return out;
  for (const name of readdirSync(corpusDir).filter((n) => n.endsWith(".md"))) {
    const raw = readFileSync(join(corpusDir, name), "utf8");
    const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(raw);
    const source = fm ? (/^source:\s*(.+)$/m.exec(fm[1]!)?.[1] ?? "") : "";
    out.set(`corpus/${name}\n${source}`, normalizeText(fm ? raw.slice(fm[0].length) : raw));
  }
  return out;
}
const corpus = corpusArticles();
const seedKeysInCorpus = [...corpus.keys()].some((k) => matchesExpected([k], "000_6256817babd1f59d"));

describe.skipIf(!seedKeysInCorpus)("seed facts survive the conversion to corpus/*.md", () => {
  it("finds every fact variant in the Markdown article whose id or source holds the key", () => {
    const textOf = (key: string) => [...corpus.entries()].find(([k]) => matchesExpected([k], key))?.[1];
    expect(factProblems(seedSet, textOf)).toEqual([]);
  });
});
if (!seedKeysInCorpus) console.log("eval-set: skipping corpus/*.md fact check — no Markdown article records a seed source yet");

describe.skipIf(!existsSync(bbcDir))("bbc facts are verbatim in ../shared/corpora/bbc", () => {
  it("finds every fact variant in an expected BBC article", () => {
    const textOf = (key: string) =>
      existsSync(join(bbcDir, key)) ? normalizeText(readFileSync(join(bbcDir, key), "utf8")) : undefined;
    expect(factProblems(bbcSet, textOf)).toEqual([]);
  });
});
if (!existsSync(bbcDir)) console.log(`eval-set: skipping BBC fact check — ${bbcDir} not found`);

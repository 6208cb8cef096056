/**
 * SQuAD v2.0 as an external benchmark: its paragraphs become a JSONL corpus (one record per
 * paragraph, titled by its Wikipedia article), and a seeded sample of its questions becomes an
 * eval set — answerable ones expect their paragraph, impossible ones expect an abstention.
 */
import { readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import type { EvalQuestion } from "./metrics.js";
import { makeFolder } from "../folders.js";

interface RawQa {
  id: string;
  question: string;
  answers: { text: string }[];
  is_impossible?: boolean;
}
interface RawArticle {
  title: string;
  paragraphs: { context: string; qas: RawQa[] }[];
}
export interface SquadData {
  articles: RawArticle[];
}

export interface SquadParagraph {
  /** `s0001`…: stable across subsets (numbered over the whole file, in file order). */
  id: string;
  title: string;
  text: string;
}

export const SQUAD_CORPUS_FILE = "corpus.jsonl";

/** The key an eval question uses for a paragraph: its record source ends with it. */
export const paragraphKey = (id: string) => `${SQUAD_CORPUS_FILE}#${id}`;

export function parseSquad(text: string, file: string): SquadData {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file} is not valid JSON (${(e as Error).message})`, "pass the SQuAD v2.0 dev file (squad-v2.0-dev.json)");
  }
  const data = (doc as { data?: unknown })?.data;
  const ok =
    Array.isArray(data) &&
    data.every(
      (a) =>
        typeof a?.title === "string" &&
        Array.isArray(a.paragraphs) &&
        a.paragraphs.every((p: { context?: unknown; qas?: unknown }) => typeof p?.context === "string" && Array.isArray(p.qas)),
    );
  if (!ok) throw new UserError(`${file} is not in the SQuAD layout ({"data": [{"title", "paragraphs": [{"context", "qas"}]}]})`, "pass the SQuAD v2.0 dev file");
  return { articles: data as RawArticle[] };
}

export function readSquad(file: string): SquadData {
  if (!existsSync(file)) throw new UserError(`SQuAD file ${file} does not exist`, "pass --squad with the path to squad-v2.0-dev.json");
  return parseSquad(readFileSync(file, "utf8"), file);
}

/** Paragraphs with their questions, numbered over the whole file; `articleLimit` keeps the first N articles. */
function paragraphsWithQas(data: SquadData, articleLimit?: number) {
  const out: { paragraph: SquadParagraph; qas: RawQa[] }[] = [];
  let n = 0;
  for (const [i, a] of data.articles.entries()) {
    for (const p of a.paragraphs) {
      n++;
      if (articleLimit !== undefined && i >= articleLimit) continue;
      const id = `s${String(n).padStart(4, "0")}`;
      out.push({ paragraph: { id, title: a.title.replace(/_/g, " "), text: p.context }, qas: p.qas });
    }
  }
  return out;
}

export function squadParagraphs(data: SquadData, articleLimit?: number): SquadParagraph[] {
  return paragraphsWithQas(data, articleLimit).map((x) => x.paragraph);
}

/** mulberry32: a small seeded PRNG, so a sample is the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seededSample<T>(items: T[], n: number, random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, Math.min(n, a.length));
}

export interface SquadSampleOptions {
  answerable: number;
  unanswerable: number;
  seed: number;
  articleLimit?: number;
}

/** A SQuAD question as an eval question, with its gold answers (SQuAD-normalised containment is scored on them). */
export interface SquadQuestion extends EvalQuestion {
  golds: string[];
}

/** Sample split by answerability: `sample` questions, `answerableShare` of them answerable (rounded). */
export function splitSample(sample: number, answerableShare: number): { answerable: number; unanswerable: number } {
  const answerable = Math.round(sample * answerableShare);
  return { answerable, unanswerable: sample - answerable };
}

/** The seeded sample, answerable ones first, each group in file order (easier to read in --out). */
export function sampleSquad(data: SquadData, opts: SquadSampleOptions): SquadQuestion[] {
  const all = paragraphsWithQas(data, opts.articleLimit).flatMap(({ paragraph, qas }) =>
    qas.map((qa, order) => ({ paragraph, qa, order })),
  );
  const answerable = all.filter((x) => !x.qa.is_impossible && x.qa.answers.length > 0);
  const impossible = all.filter((x) => x.qa.is_impossible);
  const random = mulberry32(opts.seed);
  const pick = (xs: typeof all, n: number) => {
    const chosen = new Set(seededSample(xs, n, random));
    return xs.filter((x) => chosen.has(x));
  };
  const toQuestion = ({ paragraph, qa }: (typeof all)[number]): SquadQuestion => {
    const golds = [...new Set(qa.answers.map((a) => a.text.trim()).filter(Boolean))];
    return qa.is_impossible
      ? { id: qa.id, question: qa.question, type: "unanswerable", answerable: false, expected_articles: [], expected_facts: [], golds: [] }
      : { id: qa.id, question: qa.question, type: "single-fact", answerable: true, expected_articles: [paragraphKey(paragraph.id)], expected_facts: [golds], golds };
  };
  return [...pick(answerable, opts.answerable), ...pick(impossible, opts.unanswerable)].map(toQuestion);
}

/**
 * Writes the paragraphs as `<dir>/corpus.jsonl` unless it already holds exactly them, so the
 * index sees an unchanged corpus on later runs. Returns the corpus folder.
 */
export function writeSquadCorpus(paragraphs: SquadParagraph[], dir: string): { dir: string; written: boolean } {
  const file = path.join(dir, SQUAD_CORPUS_FILE);
  const text = paragraphs.map((p) => JSON.stringify({ id: p.id, title: p.title, text: p.text })).join("\n") + "\n";
  if (existsSync(file) && readFileSync(file, "utf8") === text) return { dir, written: false };
  makeFolder(dir);
  writeFileSync(`${file}.partial`, text);
  renameSync(`${file}.partial`, file);
  return { dir, written: true };
}

/** Default cache folder for the SQuAD corpus: under the git-ignored `.briefing/`, one per subset. */
export function squadCacheDir(articleLimit?: number, home = process.env.BRIEFING_HOME ?? ".briefing"): string {
  return path.join(home, "squad", articleLimit === undefined ? "all" : `first-${articleLimit}-articles`);
}

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** The SQuAD official normalisation: lower case, punctuation removed, articles removed, whitespace collapsed. */
export function normalizeSquadAnswer(s: string): string {
  return s
    .toLowerCase()
    .replace(PUNCTUATION, "")
    .replace(/\b(a|an|the)\b/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

/**
 * Whether an answer contains a gold answer, both normalised, on whole tokens (gold "1" is not
 * found in "1990"). Citation markers `[n]` are removed first so they cannot match numbers.
 */
export function containsGold(answer: string, golds: string[]): boolean {
  const text = ` ${normalizeSquadAnswer(answer.replace(/\[\d+\]/g, " "))} `;
  return golds.some((g) => {
    const n = normalizeSquadAnswer(g);
    return n !== "" && text.includes(` ${n} `);
  });
}

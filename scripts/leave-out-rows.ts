/**
 * What the leave-out signal scripts share (`leave-out-signals.ts`, `leave-out-pairs.ts`): the rows
 * `npm run calibrate` caches, each question's text, an article's text by set and id, the best
 * sentence's window, and the head of a question's wh-phrase.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { aliasesOf } from "../src/text/aliases.js";
import { contentTerms } from "../src/text/terms.js";

export const LABELS = ["seed", "seed-leave-out", "bbc", "bbc-leave-out", "reuters", "reuters-leave-out", "squad", "squad-seed2"];
export const cacheDir = path.join(PROJECT_ROOT, ".briefing", "abstention-rows");

export const questions = new Map<string, string>();
for (const seed of [1, 2]) for (const s of abstentionSets({ squadSeed: seed })) if (!s.missing) for (const q of s.questions()) questions.set(q.id, q.question);
/** Each set's corpus folder: article ids are relative to it (older rows carry the path itself). */
const corpusOf = new Map(abstentionSets().map((s) => [s.name, s.corpus]));
const corpusFor = (label: string) => corpusOf.get(label.replace(/-seed\d+$/, "")) ?? ".";

const jsonl = new Map<string, Map<string, string>>();
/** An article's text by its set and id: a file, or `file.jsonl#id` for a JSON-lines corpus. */
export function articleText(label: string, id: string): string {
  const [file, key] = id.split("#") as [string, string | undefined];
  const inCorpus = path.resolve(corpusFor(label), file);
  const abs = existsSync(inCorpus) ? inCorpus : path.resolve(PROJECT_ROOT, file);
  if (!key) return readFileSync(abs, "utf8");
  if (!jsonl.has(abs)) jsonl.set(abs, new Map(readFileSync(abs, "utf8").split("\n").filter(Boolean).map((l) => { const o = JSON.parse(l); return [o.id, `${o.title ?? ""}.\n${o.text}`]; })));
  return jsonl.get(abs)!.get(key) ?? "";
}
const flat = (s: string) => s.replace(/\s+/g, " ").trim();
export const sentences = (t: string) => flat(t.replace(/^---[\s\S]*?---/, "").replace(/^#+\s*/gm, "")).split(/(?<=[.!?])\s+(?=["“']?[A-Z0-9])/);
export const firstSentence = (answer: string) => flat(answer.split(/\s\[\d+\]/)[0]!);
/** The best sentence with the one before and after, found in its article by its first 40 characters. */
export function windowOf(article: string, answer: string): string {
  const ss = sentences(article);
  const i = ss.findIndex((s) => s.includes(firstSentence(answer).slice(0, 40)));
  return i < 0 ? firstSentence(answer) : ss.slice(Math.max(0, i - 1), i + 2).join(" ");
}

const ENDS = /^(?:in|on|at|for|of|after|before|during|to|by|with|from|since|under|over|than|that|is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|must|may|might|the|a|an)$/i;
const TYPE = new Set(
  "name number amount figure kind type total level value size sort one ones percentage percent proportion share year years day month date time period part group thing things way many much people person country countries place city"
    .split(" ")
    .flatMap((w) => contentTerms(w)),
);
/** The head of the question's wh-phrase, lower-case words only (names are the name rules' business). */
export function whHead(q: string): string[] {
  const m = /\b(?:how many|which|what|whose)\s+(?:(?:kind|type|sort)s?\s+of\s+)?((?:[\p{L}'’-]+\s+){0,3}?[\p{L}'’-]+)(?=\s+(?:in|on|at|for|of|after|before|during|to|by|with|from|since|under|over|than|that|is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|must|may|might|\p{Ll}+(?:ed|s))\b|[?,]|$)/iu.exec(q);
  const words = m?.[1]!.split(/\s+/) ?? [];
  if (!words.length || ENDS.test(words[0]!)) return [];
  return words.filter((w) => !/^\p{Lu}/u.test(w) && !/['’]s?$/.test(w)).flatMap((w) => contentTerms(w)).filter((t) => !TYPE.has(t));
}

export const holds = (set: Set<string>, t: string) => set.has(t) || aliasesOf(t).some((a) => set.has(a));
export const any = (set: Set<string>, ts: string[]) => ts.some((t) => holds(set, t));

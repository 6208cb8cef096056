/** How the runner identifies articles and checks quotes and claims against the corpus text. */
import { readFile } from "node:fs/promises";
import type { BriefingSentence, Citation } from "../answer/types.js";
import type { Article } from "../corpus/types.js";

export interface ArticleText {
  text: string;
  /** [id, source, url?, front-matter source?]: what expected article keys are matched against. */
  keys: string[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/;

/**
 * The `source:` recorded in the front matter of Markdown articles (the seed corpus says
 * `source: seeds/<file>`), read from the files themselves: the Markdown parser keeps it only
 * when it is a web address, and the eval set names seed articles by that file.
 */
export async function readFrontMatterSources(articles: Article[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const a of articles) {
    if (a.source.includes("#") || !/\.(md|markdown)$/i.test(a.source)) continue;
    let head: string;
    try {
      head = (await readFile(a.source, "utf8")).slice(0, 4096);
    } catch {
      continue; // the file moved since loading: its id and source still identify it
    }
    const block = FRONT_MATTER.exec(head.replace(/^\uFEFF/, ""))?.[1];
    const line = block && /^source:[ \t]*(.+?)[ \t]*$/m.exec(block)?.[1];
    if (line) out.set(a.id, line.replace(/^(["'])(.*)\1$/, "$2"));
  }
  return out;
}

export function articleKeysOf(a: Pick<Article, "id" | "source" | "url">, frontMatterSource?: string): string[] {
  const keys = [a.id, a.source];
  if (a.url) keys.push(a.url);
  if (frontMatterSource && frontMatterSource !== a.url) keys.push(frontMatterSource);
  return keys;
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

export interface QuoteCheck {
  /** The quote is in the article text, and its offsets point at it (both after whitespace normalisation). */
  found: boolean;
  inText: boolean;
  offsetsMatch: boolean;
}

export function checkQuote(articleText: string | undefined, c: Pick<Citation, "quote" | "start" | "end">): QuoteCheck {
  if (articleText === undefined || squash(c.quote) === "") return { found: false, inText: false, offsetsMatch: false };
  const inText = squash(articleText).includes(squash(c.quote));
  const offsetsMatch = squash(articleText.slice(c.start, c.end)) === squash(c.quote);
  return { found: inText && offsetsMatch, inText, offsetsMatch };
}

/**
 * Whether a sentence is backed by its citations. Extractive: the sentence is verbatim in a
 * cited article and every citation it carries is marked supported. LLM: the verifier's verdict.
 */
export function claimSupported(
  mode: "extractive" | "llm",
  s: BriefingSentence,
  byNumber: Map<number, Citation>,
  texts: Map<string, ArticleText>,
): boolean {
  const cited = s.citations.map((n) => byNumber.get(n));
  if (cited.length === 0 || cited.some((c) => c === undefined)) return false;
  if (mode === "llm") return s.supported;
  const sentence = squash(s.text);
  if (sentence === "" || !cited.every((c) => c!.supported)) return false;
  return cited.some((c) => {
    const text = texts.get(c!.articleId)?.text;
    return text !== undefined && squash(text).includes(sentence);
  });
}

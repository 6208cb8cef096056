import type { RecursiveCharacterTextSplitterParams } from "@langchain/textsplitters";
import { UserError } from "../errors.js";
import { type Sentence, splitSentences } from "../text/sentences.js";
import type { Article, ChunkingSettings, Passage } from "./types.js";

/**
 * About 3–5 news sentences per passage: small enough that the sentence encoder's vector is about
 * one thing and a citation points somewhere precise, large enough to carry context. The overlap
 * repeats the previous sentence (or heading) when it is short enough to fit.
 */
export const DEFAULT_CHUNKING: ChunkingSettings = { chunkSize: 800, chunkOverlap: 100 };

// Paragraphs, then lines, then sentences, then clauses, then words, then characters.
const SENTENCE = ". ";
const SEPARATORS = ["\n\n", "\n", SENTENCE, "? ", "! ", "。", "; ", ", ", " ", ""];

/**
 * LangChain's recursive splitter with two changes: a separator stays at the end of the piece
 * before it (the stock splitter starts the next piece with ". "), and the sentence level cuts at
 * real sentence ends from splitSentences, so "U.S. officials" is not a break but "conflict.The" is.
 * Loaded on first use: opening an up-to-date index never chunks, and the module costs ~130 ms.
 */
type Splitter = { splitText(text: string): Promise<string[]> };
let splitterClass: Promise<new (fields: Partial<RecursiveCharacterTextSplitterParams>) => Splitter> | undefined;

function articleSplitter(fields: Partial<RecursiveCharacterTextSplitterParams>): Promise<Splitter> {
  splitterClass ??= import("@langchain/textsplitters").then(
    ({ RecursiveCharacterTextSplitter }) =>
      class ArticleSplitter extends RecursiveCharacterTextSplitter {
        protected override splitOnSeparator(text: string, separator: string): string[] {
          // Last resort for text with no spaces (a blob, or CJK): short runs of whole code points, not
          // single characters, so a multi-megabyte blob does not become millions of strings.
          if (separator === "") return text.match(/[^]{1,16}/gu) ?? [];
          const cuts =
            separator === SENTENCE
              ? splitSentences(text).slice(1).map((s) => s.start)
              : [...text.matchAll(new RegExp(escapeRegExp(separator), "g"))].map((m) => m.index! + separator.length);
          const pieces: string[] = [];
          let from = 0;
          for (const cut of cuts) {
            if (cut <= from || cut >= text.length) continue;
            pieces.push(text.slice(from, cut));
            from = cut;
          }
          pieces.push(text.slice(from));
          return pieces.filter((p) => p !== "");
        }
      },
  );
  return splitterClass.then((ArticleSplitter) => new ArticleSplitter(fields));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Check settings a user may have written in a config file. */
export function validateChunking(s: ChunkingSettings): void {
  if (!Number.isInteger(s.chunkSize) || s.chunkSize < 100) {
    throw new UserError(`chunkSize ${s.chunkSize} is too small`, "use a whole number of characters of at least 100 (default 800)");
  }
  if (!Number.isInteger(s.chunkOverlap) || s.chunkOverlap < 0 || s.chunkOverlap >= s.chunkSize) {
    throw new UserError(`chunkOverlap ${s.chunkOverlap} must be a whole number from 0 to below chunkSize (${s.chunkSize})`, "the default is 100");
  }
}

/**
 * Split one article into passages whose offsets satisfy `article.text.slice(start, end) === text`.
 *
 * The LangChain splitter runs without overlap on `chunkSize - chunkOverlap`, so its pieces follow
 * each other with only whitespace between and each one's offset is found exactly (repeated text
 * cannot pull a passage backwards). The overlap is then added here as whole preceding sentences
 * that fit in `chunkOverlap` characters: a passage never starts mid-sentence, and never exceeds chunkSize.
 * `sentences`: the article's splitSentences, when the caller has it already (the index keeps them).
 */
export async function chunkArticle(article: Article, settings: ChunkingSettings = DEFAULT_CHUNKING, sentences?: readonly Sentence[]): Promise<Passage[]> {
  validateChunking(settings);
  const { text } = article;
  const splitter = await articleSplitter({ chunkSize: settings.chunkSize - settings.chunkOverlap, chunkOverlap: 0, separators: SEPARATORS });
  const pieces = await splitter.splitText(text);
  const sentenceStarts = settings.chunkOverlap > 0 && pieces.length > 1 ? (sentences ?? splitSentences(text)).map((s) => s.start) : [];
  const passages: Passage[] = [];
  let pos = 0;
  let prevCoreStart = -1;
  for (const piece of pieces) {
    // Unreachable fallback (pieces are trimmed substrings in order); kept so offsets can never lie.
    const [coreStart, end] = locate(text, piece, pos) ?? [pos, Math.min(text.length, pos + piece.length)];
    if (end <= coreStart) continue;
    pos = end;
    let start = coreStart;
    if (passages.length > 0) {
      const s = firstAtOrAfter(sentenceStarts, Math.max(coreStart - settings.chunkOverlap, prevCoreStart + 1));
      if (s !== undefined && s < coreStart) start = s;
    }
    prevCoreStart = coreStart;
    passages.push({
      id: `${article.id}::${passages.length}`,
      articleId: article.id,
      title: article.title,
      date: article.date,
      source: article.source,
      start,
      end,
      text: text.slice(start, end),
    });
  }
  return passages;
}

/** The smallest value >= x in an ascending list. */
function firstAtOrAfter(sorted: number[], x: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/** Passages of many articles, in article order; `onProgress` after each article. */
export async function chunkArticles(
  articles: readonly Article[],
  settings: ChunkingSettings = DEFAULT_CHUNKING,
  onProgress?: (done: number, total: number) => void,
): Promise<Passage[]> {
  const out: Passage[] = [];
  for (let i = 0; i < articles.length; i++) {
    out.push(...(await chunkArticle(articles[i]!, settings)));
    onProgress?.(i + 1, articles.length);
  }
  return out;
}

/** Where `piece` occurs in `text` at or after `from`: exactly, else with any run of whitespace matching any other. */
function locate(text: string, piece: string, from: number): [number, number] | null {
  const exact = text.indexOf(piece, from);
  if (exact >= 0) return [exact, exact + piece.length];
  const words = piece.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const re = new RegExp(words.map(escapeRegExp).join("\\s+"), "g");
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? [m.index, m.index + m[0].length] : null;
}

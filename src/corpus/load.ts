import { createReadStream } from "node:fs";
import { lstat, opendir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { UserError } from "../errors.js";
import { shownPath, type FileInput, type FormatResult } from "./article.js";
import { decodeBytes } from "./encoding.js";
import { parseJson, parseJsonl, parseJsonlLines } from "./formats/json.js";
import { parseTxt } from "./formats/txt.js";
import type { Article, LoadProblem, LoadResult } from "./types.js";

type Parser = (input: FileInput) => FormatResult | Promise<FormatResult>;

/** File extensions the loader reads (matched case-insensitively); everything else is ignored. */
export const FORMATS: Readonly<Record<string, Parser>> = {
  ".txt": parseTxt,
  // Parsers with heavy dependencies (yaml, a DOM, csv) load only when a corpus has such files.
  ".md": async (f) => (await import("./formats/md.js")).parseMd(f),
  ".markdown": async (f) => (await import("./formats/md.js")).parseMd(f),
  ".json": parseJson,
  ".jsonl": parseJsonl,
  ".ndjson": parseJsonl,
  ".html": async (f) => (await import("./formats/html.js")).parseHtml(f),
  ".htm": async (f) => (await import("./formats/html.js")).parseHtml(f),
  ".csv": async (f) => (await import("./formats/csv.js")).parseCsv(f),
};

/** Files bigger than this are not read whole; .jsonl files of any size are streamed line by line. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A single-article file (.txt, .md, .html) bigger than this is refused: it is a dump or a book,
 * not an article, and embedding it would take hours and gigabytes (50 MB ≈ 500,000 sentences).
 */
export const MAX_ARTICLE_BYTES = 4 * 1024 * 1024;
const RECORD_FORMATS = new Set([".json", ".jsonl", ".ndjson", ".csv"]);

// Dataset documentation that sits next to articles (the BBC set has a README.TXT): not an article.
const NOT_ARTICLES = /^(readme|license|licence|copying|changelog|notice|contributing|authors)$/i;
const CONCURRENCY = 8;

export interface LoadOptions {
  /** Called once per problem as it is found (the final result lists them all, in file order). */
  onProblem?: (problem: LoadProblem) => void;
  /** Override MAX_FILE_BYTES (tests, or users with unusual files). */
  maxFileBytes?: number;
  /** Override MAX_ARTICLE_BYTES. */
  maxArticleBytes?: number;
}

export interface CorpusLoadResult extends LoadResult {
  /** Files skipped because of their extension or name (README, LICENSE, …); hidden files are not counted. */
  ignored: number;
  /** Files that were read (whether or not they produced articles). */
  files: number;
}

interface FoundFile {
  abs: string;
  rel: string;
  size: number;
  mtimeMs: number;
}

/**
 * A cheap signature of the corpus's files (paths, sizes, modification times), without reading
 * them: equal signatures mean the corpus is unchanged, as make and rsync judge it, so a question
 * on a big archive skips parsing it (Reuters: about 4 s). Problems while walking are ignored
 * here; the full load reports them.
 */
export async function corpusSignature(dir: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const walked = await walk(dir, () => {});
  const h = createHash("sha256");
  for (const f of walked.files) h.update(`${f.rel}\0${f.size}\0${f.mtimeMs}\n`);
  return h.digest("hex");
}

/**
 * Load every article under `dir`, recursively, in sorted path order. Hidden files and folders
 * are skipped, symlinked folders are followed once (loops are safe), links that lead outside
 * `dir` are skipped with a problem (an archive's `notes.txt -> ~/.ssh/id_rsa` must not end up
 * in the index, or in a prompt sent to a remote model), and each file or record that cannot be
 * used becomes a LoadProblem instead of failing the whole load.
 * Article sources are `path.join(dir as given, relative path)`, plus `#id` for records; article
 * ids are the same without the folder (see withCorpusId).
 * Throws UserError when `dir` is missing or is not a folder.
 */
export async function loadCorpus(dir: string, opts: LoadOptions = {}): Promise<CorpusLoadResult> {
  const maxBytes = opts.maxFileBytes ?? MAX_FILE_BYTES;
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`corpus folder ${dir} does not exist`, "create it and add article files, or pass --corpus <folder>");
    throw new UserError(`cannot open corpus folder ${dir} (${code ?? (err as Error).message})`, "check the path and its permissions");
  }
  if (!info.isDirectory()) throw new UserError(`corpus path ${dir} is a file, not a folder`, "pass the folder that contains your article files");

  const problems: LoadProblem[] = [];
  const report = (p: LoadProblem) => {
    problems.push(p);
    opts.onProblem?.(p);
  };
  const walked = await walk(dir, (p) => report({ ...p, path: shownPath(p.path) }));

  const results: FormatResult[] = new Array(walked.files.length);
  let next = 0;
  const worker = async () => {
    while (next < walked.files.length) {
      const i = next++;
      const f = walked.files[i]!;
      const source = shownPath(path.join(dir, f.rel));
      const r = await loadFile(f, source, maxBytes, opts.maxArticleBytes ?? MAX_ARTICLE_BYTES);
      r.problems.forEach((p) => opts.onProblem?.(p));
      results[i] = { articles: r.articles.map((a) => withCorpusId(a, source, f.rel)), problems: r.problems };
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // Problems in file order: walking problems (unreadable folders, broken links) first, then per file.
  const articles = results.flatMap((r) => r.articles);
  return { articles, problems: [...problems, ...results.flatMap((r) => r.problems)], ignored: walked.ignored, files: walked.files.length };
}

/**
 * An article's id is its path inside the corpus folder (plus `#id` for a record), however the
 * folder was named: `--corpus ./news`, `news/` and `/home/me/news` give the same ids, so naming the
 * corpus another way changes nothing in the index (the source, shown in citations, keeps the
 * spelling given).
 */
function withCorpusId(a: Article, source: string, rel: string): Article {
  return a.id.startsWith(source) ? { ...a, id: shownPath(rel) + a.id.slice(source.length) } : a;
}

/**
 * What `path.join(corpus, rel)` puts before `rel` (`news/` for `./news`, `` for `.`): an id
 * written when ids were the source (indexes made before ids were corpus-relative) is this plus
 * the id of today.
 */
export function corpusPrefix(corpus: string): string {
  return shownPath(path.join(corpus, "x")).slice(0, -1);
}

async function walk(root: string, report: (p: LoadProblem) => void): Promise<{ files: FoundFile[]; ignored: number }> {
  const files: FoundFile[] = [];
  const seenDirs = new Set<string>();
  const rootReal = await realpath(root);
  let ignored = 0;
  const visit = async (abs: string, rel: string): Promise<void> => {
    const real = await realpath(abs);
    if (seenDirs.has(real)) return; // a symlink back into a folder already read
    seenDirs.add(real);
    let names: string[];
    try {
      const handle = await opendir(abs);
      names = [];
      for await (const e of handle) names.push(e.name);
    } catch (err) {
      report({ path: path.join(root, rel) || root, reason: `cannot read folder (${errText(err)})` });
      return;
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // An index kept inside the corpus folder is not part of the corpus.
    if (names.includes("CURRENT") && names.some((n) => n.startsWith("gen-"))) return;
    for (const name of names) {
      if (name.startsWith(".")) continue;
      const childAbs = path.join(abs, name);
      const childRel = rel ? path.join(rel, name) : name;
      let st;
      try {
        if ((await lstat(childAbs)).isSymbolicLink()) {
          const target = await realpath(childAbs);
          if (!inside(rootReal, target)) {
            report({ path: path.join(root, childRel), reason: `link to ${target}, outside the corpus folder; copy the file in, or pass its folder as --corpus` });
            continue;
          }
        }
        st = await stat(childAbs); // follows symlinks
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        report({ path: path.join(root, childRel), reason: code === "ENOENT" ? "broken link (its target is missing); fix or remove the link" : errText(err) });
        continue;
      }
      const ext = path.extname(name).toLowerCase();
      if (st.isDirectory()) await visit(childAbs, childRel);
      else if (!st.isFile()) {
        // A named pipe would block a read forever; say why an article-looking name was passed over.
        if (ext in FORMATS) report({ path: path.join(root, childRel), reason: "not a regular file (a named pipe, socket or device); replace it with the article file" });
        else ignored++;
      }
      else if (!(ext in FORMATS) || NOT_ARTICLES.test(path.basename(name, path.extname(name)))) ignored++;
      else files.push({ abs: childAbs, rel: childRel, size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  await visit(root, "");
  return { files, ignored };
}

function inside(rootReal: string, target: string): boolean {
  const rel = path.relative(rootReal, target);
  return !path.isAbsolute(rel) && rel.split(path.sep)[0] !== "..";
}

async function loadFile(f: FoundFile, source: string, maxBytes: number, maxArticleBytes: number): Promise<FormatResult> {
  const ext = path.extname(f.abs).toLowerCase();
  const fail = (reason: string): FormatResult => ({ articles: [], problems: [{ path: source, reason }] });
  try {
    if (f.size > maxBytes) {
      if (ext === ".jsonl" || ext === ".ndjson") return await streamJsonl(f.abs, source, maxArticleBytes);
      return fail(`file is ${mb(f.size)}, over the ${mb(maxBytes)} limit; split it into smaller files (or use .jsonl, which is read line by line)`);
    }
    const articleLimit = Math.min(maxBytes, maxArticleBytes);
    if (!RECORD_FORMATS.has(ext) && f.size > articleLimit) {
      return fail(`file is ${mb(f.size)}, over the ${mb(articleLimit)} limit for one article; split it into one file per article (or use .jsonl, one article per line)`);
    }
    const decoded = decodeBytes(await readFile(f.abs));
    if ("problem" in decoded) return fail(decoded.problem);
    const r = await FORMATS[ext]!({ text: decoded.text, source, fileName: path.basename(f.abs) });
    return RECORD_FORMATS.has(ext) ? withinArticleLimit(r, articleLimit) : r;
  } catch (err) {
    return fail(errText(err));
  }
}

async function streamJsonl(abs: string, source: string, maxArticleBytes: number): Promise<FormatResult> {
  // UTF-8 only when streaming: a Windows-1252 fallback needs the whole file.
  const lines = createInterface({ input: createReadStream(abs, { encoding: "utf8" }), crlfDelay: Infinity });
  return withinArticleLimit(await parseJsonlLines(lines, source), maxArticleBytes);
}

/**
 * A record of a .json/.jsonl/.csv file gets the same limit as a .txt article: a multi-megabyte
 * record is a dump, not an article (one of 5 MB became thousands of passages and 744 MB of memory).
 * Reported as one problem naming the file and record; the other records load.
 */
function withinArticleLimit(r: FormatResult, limit: number): FormatResult {
  // Cheap test first: a string of n UTF-16 units is at most 3n UTF-8 bytes.
  const tooBig = (a: Article) => a.text.length * 3 > limit && Buffer.byteLength(a.text) > limit;
  if (!r.articles.some(tooBig)) return r;
  const problems = [...r.problems];
  const articles = r.articles.filter((a) => {
    if (!tooBig(a)) return true;
    problems.push({ path: a.source, reason: `record is ${mb(Buffer.byteLength(a.text))}, over the ${mb(limit)} limit for one article; split it into one record per article` });
    return false;
  });
  return { articles, problems };
}

function errText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied (cannot read it); make it readable, or move it out of the corpus";
  if (e.code === "ELOOP") return "symbolic link loop (the link leads back to itself); remove the link";
  if (e.code === "ENOENT") return "disappeared while the corpus was being read; run again";
  const message = String(e.message ?? err);
  // Node's messages already start with the code ("EIO: i/o error, read"): say it once.
  return e.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

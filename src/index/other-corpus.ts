import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { currentGeneration } from "./current.js";
import type { ArticleEntry, Manifest } from "./manifest.js";

/**
 * An index folder holds another corpus's index (`--index` pointing at the index of B while
 * `--corpus` names A). Updating it would turn B's index into A's without asking, so every face
 * (ask, chat, ingest, MCP, the library: they all come through ingest) stops with this line instead;
 * `briefing ingest --rebuild` replaces it on purpose.
 */
export class IndexOfOtherCorpus extends UserError {
  constructor(dir: string, belongsTo: string, articles: number, corpus: string) {
    super(
      `the index at ${dir} belongs to the corpus "${belongsTo}" (${articles} article${articles === 1 ? "" : "s"}), not "${corpus}"; nothing was changed`,
      `pass another --index for ${corpus} (or none: each corpus gets its own), or run \`briefing ingest --corpus ${corpus} --index ${dir} --rebuild\` to replace it`,
    );
    this.name = "IndexOfOtherCorpus";
  }
}

const real = (dir: string): string => {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
};

/** The corpus folder an index was made from, absolute: recorded at ingest, else its name as given then (read from here). */
export function corpusFolderOf(manifest: Pick<Manifest, "corpus" | "corpusPath">): string {
  return manifest.corpusPath ?? path.resolve(manifest.corpus);
}

/** What `corpusPath` records for a corpus named `corpus` (its real absolute path). */
export function corpusPathFor(corpus: string): string {
  return real(corpus);
}

/**
 * Throws IndexOfOtherCorpus when the index was made from another folder AND fewer than half of
 * its articles are in this corpus. Both, because a corpus copied or moved elsewhere (the same
 * articles) and a corpus whose folder lost most of its files (the same folder) are ordinary updates.
 * `articleIds` are the corpus's ids (relative paths inside it, like the index's).
 */
export function refuseOtherCorpus(
  dir: string,
  index: { manifest: Pick<Manifest, "corpus" | "corpusPath">; articleIds: Iterable<string>; count: number } | null,
  corpus: string,
  articleIds: Iterable<string>,
): void {
  if (!index || index.count === 0) return;
  const folder = corpusFolderOf(index.manifest);
  if (real(folder) === real(corpus)) return;
  const here = new Set(articleIds);
  let kept = 0;
  for (const id of index.articleIds) if (here.has(id)) kept++;
  if (kept * 2 >= index.count) return;
  throw new IndexOfOtherCorpus(dir, index.manifest.corpusPath ?? index.manifest.corpus, index.count, corpus);
}

/**
 * The manifest and article ids of an index's current generation, read as files (no embedder):
 * for an index that cannot be opened for update (another embedder, other chunking). Null when
 * there is none or it cannot be read (a damaged index is the damage check's business).
 */
export function indexOnDisk(dir: string): { manifest: Manifest; articleIds: string[]; count: number } | null {
  const gen = currentGeneration(dir);
  if (!gen || !existsSync(path.join(dir, gen))) return null;
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, gen, "manifest.json"), "utf8")) as Manifest;
    const articles = JSON.parse(readFileSync(path.join(dir, gen, "articles.json"), "utf8")) as ArticleEntry[];
    // An index made before ids were corpus-relative: its ids begin with the corpus as named then.
    const prefix = manifest.articleIds ? "" : path.join(manifest.corpus, "x").slice(0, -1);
    const articleIds = articles.map((a) => (prefix && a.id.startsWith(prefix) ? a.id.slice(prefix.length) : a.id));
    return { manifest, articleIds, count: articles.length };
  } catch {
    return null;
  }
}

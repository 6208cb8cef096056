/**
 * Article ids relative to the corpus folder (see corpus/load.ts). An index made before that kept
 * ids as sources, `path.join(corpus as named, …)`, so naming the corpus another way (`./news`,
 * `/home/me/news`) dropped and re-chunked every article. Such an index is read as it is, its ids
 * cut back to the relative ones (the manifest records the corpus as it was named): nothing is
 * chunked or embedded again, and the next save writes the new ids.
 */
import { createHash } from "node:crypto";
import { corpusPrefix } from "../corpus/load.js";
import type { Article } from "../corpus/types.js";
import type { ArticleEntry, Manifest } from "./manifest.js";
import type { IndexedPassage } from "./passage.js";

/** The manifest's `articleIds` when ids are relative to the corpus folder. */
export const RELATIVE_IDS = "relative";

/** sha256 over the articles' ids and hashes, in id order: equal fingerprints mean an unchanged corpus. */
export function corpusFingerprint(articles: Iterable<Pick<Article, "id" | "hash">>): string {
  const h = createHash("sha256");
  for (const a of [...articles].sort((x, y) => (x.id < y.id ? -1 : 1))) h.update(`${a.id}\0${a.hash}\n`);
  return h.digest("hex");
}

/**
 * An index read in the old scheme, its ids made relative in place (articles, and format 3's
 * passages, which carry their article's id); the manifest's fingerprint follows. Returns whether
 * anything was read in the old scheme.
 */
export function relativeIds(manifest: Manifest, articles: ArticleEntry[], passages: IndexedPassage[] = []): boolean {
  if (manifest.articleIds === RELATIVE_IDS) return false;
  const prefix = corpusPrefix(manifest.corpus);
  const cut = (id: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
  for (const a of articles) a.id = cut(a.id);
  for (const p of passages) Object.assign(p, { id: cut(p.id), articleId: cut(p.articleId) });
  manifest.corpusFingerprint = corpusFingerprint(articles);
  return true;
}

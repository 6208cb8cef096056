import path from "node:path";
import { UserError } from "../errors.js";
import type { Manifest } from "./manifest.js";

/**
 * What can be wrong with an index on disk, as types a caller can tell apart (`instanceof`), each
 * a UserError whose message and hint the faces print as they are.
 */

export const REBUILD_HINT = "run `briefing ingest --rebuild` to rebuild it from the corpus";

/** No index has been written at this folder yet: the normal first run, not a fault. */
export class IndexMissing extends UserError {
  constructor(readonly dir: string) {
    super(`no index at ${dir}`, "run `briefing ingest` to build it");
  }
}

/** The index was made by another embedder or settings, or an older layout: it must be rebuilt, never mixed. */
export class IndexMismatch extends UserError {
  constructor(
    message: string,
    readonly manifest: Manifest,
  ) {
    super(message, REBUILD_HINT);
  }
}

/**
 * The index was made by another embedder than the one asked for: refused, never rebuilt on its own
 * (an explicit `--index` of one embedder's archive would otherwise be re-embedded, and lost, by another).
 */
export class IndexOfOtherEmbedder extends UserError {
  constructor(dir: string, built: string, wanted: string) {
    super(
      `the index at ${dir} was built with the embedder "${built}", not "${wanted}"`,
      `pass --embeddings ${specOf(built)} to use it, or another --index for ${specOf(wanted)} (\`briefing ingest --rebuild\` replaces it)`,
    );
  }
}

/** The `--embeddings` spec that makes an embedder id: the static models' ids name their file, not the spec. */
function specOf(id: string): string {
  if (id.startsWith("hybrid-")) return "hybrid";
  return id === "use-lite" || id.includes(":") ? id : "static";
}

/** A file of the index is missing, cut short or fails its checksum. */
export class IndexDamaged extends UserError {
  constructor(message: string) {
    super(message, REBUILD_HINT);
  }
}

/** The index was written by a newer briefing, whose layout this one does not know. */
export class IndexTooNew extends UserError {
  constructor(genDir: string, version: unknown, known: number) {
    super(
      `the index at ${path.dirname(genDir)} has format ${version}, newer than this briefing understands (${known})`,
      "upgrade briefing, or run `briefing ingest --rebuild` to replace it",
    );
  }
}

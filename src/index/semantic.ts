import type { BriefingEmbeddings } from "../embedding/types.js";
import { UserError } from "../errors.js";
import { sentenceText, type IndexedPassage } from "./passage.js";
import type { BriefingIndex } from "./store.js";

/** When embedding commits its progress: whichever comes first. */
export interface CheckpointSettings {
  seconds: number;
  sentences: number;
}

export const DEFAULT_CHECKPOINT: CheckpointSettings = { seconds: 30, sentences: 20_000 };

export interface EmbedPendingOptions {
  embeddings: BriefingEmbeddings;
  /** A parallel embedder for big jobs (worker threads); made on demand, closed after use. */
  bulk?: () => Promise<BriefingEmbeddings>;
  /** Sentences above which `bulk` is used (default BULK_THRESHOLD). */
  bulkAbove?: number;
  checkpoint?: CheckpointSettings;
  /** Commits what is embedded so far (a new generation). */
  save: () => Promise<void>;
  onProgress?: (done: number, total: number) => void;
  /** Sentences per call (default 1024 off-thread, 64 on this thread). */
  batch?: number;
  /** A promise while the work should pause between calls (the chat answering a question), else null. */
  paused?: () => Promise<void> | null;
  /** Checked after each call: true ends the work early (what is embedded stays in the index, unsaved). */
  stop?: () => boolean;
}

/** Above this many sentences, a worker pool (when offered) is worth its start-up. */
const BULK_THRESHOLD = 400;

/** The sentences still without a vector, each distinct text once with every sentence it fills. */
export function pendingSentences(index: BriefingIndex): { texts: string[]; targets: { passage: IndexedPassage; i: number }[][] } {
  const byText = new Map<string, number>();
  const texts: string[] = [];
  const targets: { passage: IndexedPassage; i: number }[][] = [];
  for (const target of index.pendingSentences()) {
    // Each distinct sentence text is embedded once: overlapping chunks share sentences, and an
    // archive repeats some (duplicate articles, boilerplate lines); the same text gets the same vector.
    const text = sentenceText(target.passage, target.i);
    let t = byText.get(text);
    if (t === undefined) {
      t = texts.push(text) - 1;
      targets.push([]);
      byText.set(text, t);
    }
    targets[t].push(target);
  }
  return { texts, targets };
}

/**
 * Embeds every sentence still without a vector, in large calls (they keep both pool workers
 * busy), writing each vector straight to its rows; a passage joins the graph as its last sentence
 * arrives. Progress is committed as a new generation every `checkpoint.seconds` or
 * `checkpoint.sentences` (and never more often than ten times the last save took), so a killed
 * ingest loses at most that much. A sentence given its vector meanwhile (a question in the chat
 * keeps the vectors it embedded) is not embedded again. Returns the sentences embedded.
 */
export async function embedPending(index: BriefingIndex, opts: EmbedPendingOptions): Promise<number> {
  const { texts, targets } = pendingSentences(index);
  if (texts.length === 0) return 0;
  const d = index.dimension;
  const checkpoint = opts.checkpoint ?? DEFAULT_CHECKPOINT;
  const missing = new Map<IndexedPassage, number>();
  for (const list of targets) for (const { passage } of list) missing.set(passage, (missing.get(passage) ?? 0) + 1);
  const embedder = opts.bulk && texts.length > (opts.bulkAbove ?? BULK_THRESHOLD) ? await opts.bulk() : opts.embeddings;
  let lastSave = performance.now();
  let saveMs = 0;
  let sinceSave = 0;
  let embedded = 0;
  const waiting = (t: number) => targets[t].some(({ passage, i }) => !index.isEmbedded(passage, i));
  try {
    // A model on this thread blocks it for a whole call: small calls, so signals and the UI get turns.
    const batch = opts.batch ?? (embedder.offThread ? 1024 : 64);
    type Call = { ids: number[]; vectors: Promise<ArrayLike<number>[]> };
    const embed = (from: number): Call | null => {
      if (from >= texts.length) return null;
      const ids: number[] = [];
      for (let t = from; t < Math.min(from + batch, texts.length); t++) if (waiting(t)) ids.push(t);
      const slice = ids.map((t) => texts[t]);
      const call = slice.length === 0 ? Promise.resolve([]) : embedder.embedRows ? embedder.embedRows(slice) : embedder.embedDocuments(slice);
      call.catch(() => {}); // awaited below; a failure after an earlier one must not go unhandled
      return { ids, vectors: call };
    };
    // Off-thread, two slices are asked for ahead, so the workers embed the next while this thread
    // adds passages to the graph and saves checkpoints, and the one after is queued before the
    // next runs out (they would otherwise idle at each slice's end). One when the work pauses for
    // questions (the chat): a pause should leave the cores to the question.
    const depth = embedder.offThread ? (opts.paused ? 1 : 2) : 1;
    const inflight: Call[] = [];
    let requested = 0;
    const topUp = () => {
      for (; inflight.length < depth && requested < texts.length; requested += batch) inflight.push(embed(requested)!);
    };
    // The whole job's size first: until the first slice is back the bar would count only that slice
    // (on a 50,000-article archive "1024/1024 done", then more).
    opts.onProgress?.(0, texts.length);
    topUp();
    for (let i = 0; i < texts.length; i += batch) {
      if (inflight.length === 0) topUp();
      const call = inflight.shift()!;
      const { ids, vectors } = { ids: call.ids, vectors: await call.vectors };
      const pause = opts.paused?.() ?? null;
      if (embedder.offThread && !pause) topUp();
      const byId = new Map(ids.map((t, j) => [t, vectors[j]]));
      const completed: IndexedPassage[] = [];
      for (let t = i; t < Math.min(i + batch, texts.length); t++) {
        const v = byId.get(t); // none: every sentence with this text got its vector meanwhile
        if (v && v.length !== d) {
          throw new UserError(`the embedder "${opts.embeddings.id}" returned ${v.length}-dim vectors, the index holds ${d}`, "run `briefing ingest --rebuild`");
        }
        for (const { passage, i: s } of targets[t]) {
          if (v) index.setVector(passage, s, v);
          const left = missing.get(passage)! - 1;
          missing.set(passage, left);
          if (left === 0) completed.push(passage);
        }
      }
      index.joinGraph(completed);
      embedded += ids.length;
      const done = Math.min(i + batch, texts.length);
      sinceSave += ids.length;
      opts.onProgress?.(done, texts.length);
      if (done < texts.length && opts.stop?.()) break;
      const elapsed = performance.now() - lastSave;
      if (done < texts.length && (sinceSave >= checkpoint.sentences || elapsed >= Math.max(checkpoint.seconds * 1000, 10 * saveMs))) {
        const t = performance.now();
        await opts.save();
        lastSave = performance.now();
        saveMs = lastSave - t;
        sinceSave = 0;
      }
      if (pause) await pause;
      await new Promise((resolve) => setImmediate(resolve));
      topUp();
    }
  } finally {
    if (embedder !== opts.embeddings) await embedder.close?.();
  }
  return embedded;
}

/** `semantic index 34% — answers improve as it completes` (the chat's header), or null when the layer is complete. */
export function semanticProgress(index: BriefingIndex): string | null {
  const { share, total, embedded } = index.semantic;
  if (embedded >= total) return null;
  return `semantic index ${Math.floor(share * 100)}% — answers improve as it completes`;
}

/** The one line that says answers come from an incomplete semantic layer, or null when it is complete. */
export function semanticNotice(index: BriefingIndex): string | null {
  const progress = semanticProgress(index);
  return progress && `${progress} (run \`briefing ingest\` to complete it)`;
}

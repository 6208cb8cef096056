import type { BriefingEmbeddings } from "../embedding/types.js";
import { firstLine } from "../errors.js";
import { currentGeneration } from "./current.js";
import { acquireIngestLock, IndexLocked } from "./lock.js";
import type { IndexedPassage } from "./passage.js";
import { embedPending, type CheckpointSettings } from "./semantic.js";
import { BriefingIndex } from "./store.js";
import { yieldAsked } from "./yield.js";

export interface BackgroundOptions {
  /** The query embedder: opens the generations another process makes. */
  embeddings: BriefingEmbeddings;
  /** The worker pool that embeds (made for each run, closed after it); without one, `embeddings`. */
  bulk?: () => Promise<BriefingEmbeddings>;
  checkpoint?: CheckpointSettings;
  /**
   * The index in use changed: a checkpoint landed (this process's or another's), the layer is
   * complete, or another process's generation is now the one answering.
   */
  onChange?: (index: BriefingIndex) => void;
  /** One line when the background work stops on an error (the index answers as it is). */
  onNotice?: (line: string) => void;
  /** How often to look at the lock and CURRENT while another process holds the index (default 500 ms). */
  pollMs?: number;
}

/** A complete layer is looked at every IDLE_POLLS × pollMs for a newer, incomplete generation. */
const IDLE_POLLS = 4;

/** Sentences per call to the pool: about a second of both workers, so a question waits little for the cores. */
const BACKGROUND_BATCH = 256;

/**
 * The rest of the semantic layer, embedded in the background while a long-lived face (the chat)
 * answers from the index as it is. It holds the ingest lock while it embeds and commits checkpoints
 * as `briefing ingest` does; it pauses while a question is answered (`hold`), and keeps the vectors
 * a question embeds for its retrieved passages in the next checkpoint (`keep`), so they are never
 * embedded twice. When an explicit `briefing ingest` asks for the lock (yield.ts) it commits what
 * it has and lets go, follows the generations that ingest commits, and carries on from the last
 * one if anything is still missing.
 */
export class BackgroundEmbedding {
  #index: BriefingIndex;
  /** This process holds the lock and is filling `#index`: what a question embeds is saved with it. */
  #filling = false;
  #stopping = false;
  #holds = 0;
  #resume: (() => void) | null = null;
  #paused: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #following: Promise<void> | null = null;
  #release: (() => void) | null = null;
  #run: Promise<void> | null = null;
  /** What questions embedded before this process could save it. */
  #early: { index: BriefingIndex; targets: { passage: IndexedPassage; i: number }[]; vectors: ArrayLike<number>[] }[] = [];

  constructor(
    index: BriefingIndex,
    private readonly opts: BackgroundOptions,
  ) {
    this.#index = index;
  }

  /** The index to answer from: the one being filled, or the newest another process committed. */
  get index(): BriefingIndex {
    return this.#index;
  }

  /** Starts the work (once); returns at once. */
  start(): void {
    this.#run ??= this.#loop().catch((e: unknown) => {
      if (!this.#stopping) this.opts.onNotice?.(`background embedding stopped: ${firstLine(e)}; answering from the index as it is — run \`briefing ingest\` to complete it`);
    });
  }

  /** Pauses embedding between calls until the returned function is called (a question being answered). */
  hold(): () => void {
    if (this.#holds++ === 0) this.#paused = new Promise((r) => (this.#resume = r));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.#holds === 0) {
        this.#resume?.();
        this.#paused = this.#resume = null;
      }
    };
  }

  /**
   * Vectors a question embedded for sentences of `index`: saved with the next checkpoint when this
   * process is filling that index, else kept in memory for this process's later questions.
   */
  keep(index: BriefingIndex, targets: { passage: IndexedPassage; i: number }[], vectors: ArrayLike<number>[]): void {
    if (this.#filling && index === this.#index) return save(index, targets, vectors);
    targets.forEach(({ passage, i }, j) => index.setTransientVector(passage, i, vectors[j]));
    // Not filling yet (starting, or waiting for the lock): saved once filling this same index starts.
    if (!this.#stopping) this.#early.push({ index, targets, vectors });
  }

  /** Switches to the generation another process made current, if there is a newer one and this process is not writing. */
  follow(): Promise<void> {
    this.#following ??= this.#follow().finally(() => (this.#following = null));
    return this.#following;
  }

  async #follow(): Promise<void> {
    const dir = this.#index.dir;
    const pointer = currentGeneration(dir);
    if (this.#filling || !pointer || pointer === this.#index.generation) return;
    let next: BriefingIndex;
    try {
      next = await BriefingIndex.open(dir, this.opts.embeddings);
    } catch {
      return; // pruned or half-read: the next look finds the newer one; the index in use keeps answering
    }
    if (this.#filling) return;
    this.#index = next;
    this.opts.onChange?.(next);
    this.#wake?.(); // a loop watching a complete layer looks at the new generation now
  }

  /** Ends the work: commits what is embedded and not yet saved, and lets the lock go. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    this.#resume?.();
    // Synchronously, before anything else runs: a face about to exit must not lose the work.
    this.#commit();
    this.#release?.();
    this.#release = null;
    this.#filling = false;
    await this.#run;
  }

  /** Saves what is embedded since the last save, if anything. */
  #commit(): void {
    const index = this.#index;
    if (!this.#filling || index.semantic.embedded === index.manifest.embeddedCount) return;
    // Written synchronously within save() (generation-write.ts), so it is done when this returns.
    // A failed write leaves the last checkpoint standing; the next run embeds the rest again.
    index.save().catch(() => undefined);
  }

  async #loop(): Promise<void> {
    const dir = this.#index.dir;
    const pollMs = this.opts.pollMs ?? 500;
    while (!this.#stopping) {
      await this.follow();
      const { embedded, total } = this.#index.semantic;
      if (embedded >= total) {
        // Complete: keep watching, at a slower pace, for a generation that is not (another process
        // added articles lexically, as a bare `ask` does); a question's refresh wakes it at once.
        await this.#sleep(IDLE_POLLS * pollMs, true);
        continue;
      }
      let release: (() => void) | null = null;
      if (!yieldAsked(dir)) {
        try {
          release = acquireIngestLock(dir, "background");
        } catch (e) {
          if (!(e instanceof IndexLocked)) throw e;
        }
      }
      if (!release) {
        // Another process is updating the index: follow what it commits, and try again once it is done.
        await this.#sleep(pollMs);
        continue;
      }
      this.#release = release;
      try {
        // Re-read under the lock when another process committed since this index was opened.
        if (currentGeneration(dir) !== this.#index.generation) {
          await this.follow();
          // A damaged CURRENT that cannot be opened: the index read from PREVIOUS is filled, and its save repairs CURRENT.
          if (currentGeneration(dir) !== this.#index.generation && !this.#index.restored) {
            await this.#sleep(pollMs);
            continue;
          }
        }
        this.#filling = true;
        const index = this.#index;
        for (const kept of this.#early.splice(0)) if (kept.index === index) save(index, kept.targets, kept.vectors);
        let yielded = false;
        await embedPending(index, {
          embeddings: this.opts.embeddings,
          bulk: this.opts.bulk,
          bulkAbove: 0,
          // Without a pool the calls run on this thread: embedPending's small default keeps it drawing.
          ...(this.opts.bulk ? { batch: BACKGROUND_BATCH } : {}),
          checkpoint: this.opts.checkpoint,
          save: async () => {
            if (this.#stopping) return;
            await index.save();
            this.opts.onChange?.(index);
          },
          paused: () => this.#paused,
          stop: () => this.#stopping || (yielded = yieldAsked(dir)),
        });
        if (this.#stopping) return;
        if (index.semantic.embedded !== index.manifest.embeddedCount) await index.save();
        this.opts.onChange?.(index);
        if (yielded) await this.#sleep(pollMs); // the waiting ingest takes the lock meanwhile
      } finally {
        this.#filling = false;
        this.#release = null;
        release();
      }
    }
  }

  /** `idle`: the watch over a complete layer, which must not keep the process alive by itself. */
  #sleep(ms: number, idle = false): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      if (idle) timer.unref();
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Vectors into the rows the next save writes; passages they complete join the graph. */
function save(index: BriefingIndex, targets: { passage: IndexedPassage; i: number }[], vectors: ArrayLike<number>[]): void {
  targets.forEach(({ passage, i }, j) => index.setVector(passage, i, vectors[j]));
  index.joinGraph([...new Set(targets.map((t) => t.passage))].sort((a, b) => a.label - b.label));
}

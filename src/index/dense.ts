import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import hnswlib from "hnswlib-node";
import type { IndexedPassage } from "./passage.js";

const { HierarchicalNSW } = hnswlib;
export type Hnsw = InstanceType<typeof HierarchicalNSW>;

/**
 * Share of the graph's elements marked deleted above which it is rebuilt from the kept passages'
 * vectors (no re-embedding): hnswlib never reclaims a deleted element, so an archive edited one
 * article at a time would grow its graph without end.
 */
export const COMPACT_AT = 0.1;

/**
 * LangChain's docstore, answered from the index's passages: HNSWLib looks a hit's label up here,
 * so a passage is kept once (its row, spans and text) instead of copied into a second map.
 */
class PassageDocstore extends SynchronousInMemoryDocstore {
  constructor(private readonly passageOf: (label: number) => IndexedPassage | undefined) {
    super();
  }

  override search(id: string): Document {
    const p = this.passageOf(Number(id));
    if (!p) throw new Error(`ID ${id} not found.`);
    const { text, ...metadata } = p;
    return new Document({ pageContent: text, metadata });
  }

  override add(): void {
    throw new Error("passages enter the dense store through BriefingIndex.add");
  }
}

/**
 * The passage-vector graph: LangChain's HNSWLib over hnswlib-node, labelled by passage label. A
 * passage joins it once every one of its sentences has a vector (its vector is their normalised
 * mean); until then it is found by BM25 alone. Passages are added in label order, so a build that
 * embeds in one go makes the same graph as one that adds them all at the end (hnswlib's defaults:
 * M 16, efConstruction 200, seed 100, as HNSWLib uses).
 *
 * Searching goes through HNSWLib's public API. Adding, deleting and compacting are done here on
 * the graph HNSWLib exposes (`index`), because HNSWLib has no way to do them that fits: its
 * `addVectors` numbers elements by count, which collides with labels once passages are deleted
 * (and labels are what the graph files on disk hold), it has no per-element delete, and its
 * `delete` removes a whole folder. A compacted graph is installed by making a new HNSWLib around
 * it, as HNSWLib's own `load` does.
 */
export class DenseStore {
  #store: HNSWLib;
  /** Passages in the graph (all their sentences embedded). */
  readonly #labels = new Set<number>();
  /** Whether the graph changed since it was read (or made). */
  #changed = false;

  constructor(
    private readonly embeddings: EmbeddingsInterface,
    readonly dimension: number,
    private readonly passageOf: (label: number) => IndexedPassage | undefined,
    graph?: Hnsw,
  ) {
    this.#store = this.#around(graph);
  }

  #around(graph: Hnsw | undefined): HNSWLib {
    return new HNSWLib(this.embeddings, { space: "cosine", numDimensions: this.dimension, docstore: new PassageDocstore(this.passageOf), ...(graph ? { index: graph } : {}) });
  }

  /** The graph, made on first use. */
  #graph(capacity: number): Hnsw {
    try {
      return this.#store.index;
    } catch {
      const graph = newHnsw(this.dimension, capacity);
      this.#store = this.#around(graph);
      this.#changed = true;
      return graph;
    }
  }

  /** Passages in the graph. */
  get size(): number {
    return this.#labels.size;
  }

  has(label: number): boolean {
    return this.#labels.has(label);
  }

  /** Elements in the graph, deleted ones included. */
  get elements(): number {
    try {
      return this.#store.index.getCurrentCount();
    } catch {
      return 0;
    }
  }

  /** Records that `label` is in a graph read from disk. */
  adopt(label: number): void {
    this.#labels.add(label);
  }

  /** Adds passages (in label order) whose vectors are given by `vectorOf`, growing the graph as needed. */
  add(passages: IndexedPassage[], vectorOf: (p: IndexedPassage) => number[], capacity: number): void {
    const fresh = passages.filter((p) => !this.#labels.has(p.label));
    if (!fresh.length) return;
    addPoints(this.#graph(capacity), fresh, vectorOf);
    for (const p of fresh) this.#labels.add(p.label);
    this.#changed = true;
  }

  /** Takes a passage out of the graph (hnswlib only marks it deleted; compaction reclaims it). */
  remove(label: number): void {
    if (!this.#labels.delete(label)) return;
    this.#store.index.markDelete(label);
    this.#changed = true;
  }

  /**
   * Rebuilds the graph from the kept passages' vectors when more than COMPACT_AT of its elements
   * are deleted ones (no re-embedding). Returns whether it did.
   */
  compactIfNeeded(vectorOf: (p: IndexedPassage) => number[]): boolean {
    const elements = this.elements;
    if (elements === 0 || (elements - this.#labels.size) / elements <= COMPACT_AT) return false;
    const kept = [...this.#labels].map((l) => this.passageOf(l)!).filter(Boolean);
    const graph = newHnsw(this.dimension, kept.length);
    addPoints(graph, kept, vectorOf);
    this.#store = this.#around(graph);
    this.#changed = true;
    return true;
  }

  /** Whether the graph changed since it was read from disk or last saved (a new one always has). */
  get changed(): boolean {
    return this.#changed;
  }

  /** The graph as it is was written to a generation. */
  saved(): void {
    this.#changed = false;
  }

  /** The `k` passages nearest the vector (cosine), nearest first; `filter` restricts the passages considered. */
  async search(vector: ArrayLike<number>, k: number, filter?: (p: IndexedPassage) => boolean): Promise<IndexedPassage[]> {
    if (this.#labels.size === 0 || k <= 0) return [];
    let hits: [Document, number][];
    try {
      hits = await this.#store.similaritySearchVectorWithScore(Array.from(vector), k, filter ? (doc: Document) => filter(this.passageOf(doc.metadata.label as number)!) : undefined);
    } catch {
      return []; // hnswlib throws when the filter leaves fewer than k passages; BM25 still answers
    }
    return hits.map(([doc]) => this.passageOf(doc.metadata.label as number)!).filter(Boolean);
  }

  /** hnswlib's search alone (labels), no passage looked up: for benchmarks' raw cost. */
  rawSearch(vector: number[], k: number): number[] {
    const graph = this.graph;
    return graph ? graph.searchKnn(vector, Math.min(k, this.#labels.size)).neighbors : [];
  }

  /** The graph as it is, for writing (none when no passage has joined it yet). */
  get graph(): Hnsw | null {
    return this.elements > 0 ? this.#store.index : null;
  }
}

export function newHnsw(dimension: number, capacity: number): Hnsw {
  const h = new HierarchicalNSW("cosine", dimension);
  h.initIndex(Math.max(1, capacity));
  return h;
}

/** Adds passages in label order, growing the graph by half as needed. */
function addPoints(h: Hnsw, passages: IndexedPassage[], vectorOf: (p: IndexedPassage) => number[]): void {
  const needed = h.getCurrentCount() + passages.length;
  if (needed > h.getMaxElements()) h.resizeIndex(Math.max(needed, Math.ceil(h.getMaxElements() * 1.5)));
  for (const p of [...passages].sort((a, b) => a.label - b.label)) h.addPoint(vectorOf(p), p.label);
}

import type { Passage } from "../corpus/types.js";
import type { SegmentKind } from "../text/sentences.js";

/** What a segment of a passage is: prose is quoted; a heading is embedded (it helps find the passage) but never quoted alone. */
export type { SegmentKind };

/** A sentence (or heading, bullet line, table row) of a passage, as article offsets. */
export interface SentenceSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: SegmentKind;
}

/** A passage as the index holds it: its label in both indexes and its sentences. */
export interface IndexedPassage extends Passage {
  readonly label: number;
  /** Sentence spans in article order. */
  readonly sentences: readonly SentenceSpan[];
  /** Row of its first sentence in the sentence-vector table (kept by the index; readers use `index.sentenceVector`). */
  readonly row: number;
}

/** The span kinds as numbers on disk (format 3's docstore.json, format 4's spans.i32). */
export const STORED_KIND: readonly SegmentKind[] = ["sentence", "heading", "bullet", "table"];

export type StoredSpan = [number, number, number];

export function fromStoredSpan([start, end, kind]: StoredSpan): SentenceSpan {
  const named = STORED_KIND[kind];
  if (named === undefined) throw new Error(`a sentence span has an unknown kind (${kind})`);
  return { start, end, kind: named };
}

/** The text of sentence `i` of a passage. */
export function sentenceText(p: IndexedPassage, i: number): string {
  const s = p.sentences[i];
  return p.text.slice(s.start - p.start, s.end - p.start);
}

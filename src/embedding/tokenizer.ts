/**
 * SentencePiece unigram tokenizer for Universal Sentence Encoder Lite.
 *
 * It reproduces the `Tokenizer.encode` of `@tensorflow-models/universal-sentence-encoder`
 * 1.3.x token for token, quirks included, because the model was used with exactly those ids:
 * - NFKC normalisation; only U+0020 spaces become the `▁` separator (tabs and newlines do not);
 * - Viterbi keeps the *last* candidate on a tie, and treats a best score of exactly 0 as "unset";
 * - a character that starts no vocabulary piece becomes the unknown id 0 (score 0);
 * - the backward pass steps back by the piece's UTF-16 length, and runs of unknowns merge into one.
 * Callers that want clean input (e.g. newlines folded to spaces) must do that before `encode`.
 */

/** `[piece, score]` pairs; the array index is the token id. */
export type Vocabulary = ReadonlyArray<readonly [string, number]>;

/** Token ids 0..5 are unknown, control and user-defined symbols; they never match text. */
const RESERVED_SYMBOLS_COUNT = 6;
const SEPARATOR = "\u2581";
export const UNKNOWN_TOKEN_ID = 0;

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Set when a vocabulary piece ends here; a later duplicate piece overwrites, as upstream. */
  piece?: { score: number; id: number };
}

function newNode(): TrieNode {
  return { children: new Map() };
}

export function normaliseForTokenizer(text: string): string {
  const normalised = text.normalize("NFKC");
  return normalised.length > 0 ? SEPARATOR + normalised.replace(/ /g, SEPARATOR) : normalised;
}

export class Tokenizer {
  private readonly root = newNode();
  /** UTF-16 length of each piece, used by the backward pass exactly as upstream does. */
  private readonly pieceLength: Int32Array;

  constructor(vocabulary: Vocabulary, reservedSymbolsCount = RESERVED_SYMBOLS_COUNT) {
    this.pieceLength = new Int32Array(vocabulary.length);
    for (let id = 0; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id];
      this.pieceLength[id] = Math.max(1, piece.length); // an empty piece never matches; avoid a stall
      if (id < reservedSymbolsCount) continue;
      let node = this.root;
      for (const symbol of piece) {
        let child = node.children.get(symbol);
        if (!child) {
          child = newNode();
          node.children.set(symbol, child);
        }
        node = child;
      }
      node.piece = { score, id };
    }
  }

  encode(text: string): number[] {
    const symbols = Array.from(normaliseForTokenizer(text)); // code points, not UTF-16 units
    const n = symbols.length;
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);

    // One forward pass is equivalent to upstream's lattice-then-sweep: candidates for an end
    // position arrive in ascending start order, and best[start] is final before it is read.
    const relax = (end: number, score: number, id: number): void => {
      if (best[end] === 0 || score >= best[end]) {
        best[end] = score;
        words[end] = id;
      }
    };
    for (let start = 0; start < n; start++) {
      let matched = false;
      let node = this.root.children.get(symbols[start]);
      for (let end = start + 1; node; end++) {
        if (node.piece) {
          matched = true;
          relax(end, node.piece.score + best[start], node.piece.id);
        }
        if (end >= n) break;
        node = node.children.get(symbols[end]);
      }
      if (!matched) relax(start + 1, best[start], UNKNOWN_TOKEN_ID);
    }

    const reversed: number[] = [];
    for (let at = n; at > 0; at -= this.pieceLength[words[at]]) reversed.push(words[at]);

    const ids: number[] = [];
    let previousUnknown = false;
    for (const id of reversed) {
      if (!(previousUnknown && id === UNKNOWN_TOKEN_ID)) ids.push(id);
      previousUnknown = id === UNKNOWN_TOKEN_ID;
    }
    return ids.reverse();
  }
}

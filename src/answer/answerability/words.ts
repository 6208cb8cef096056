/**
 * A question or sentence as a row of words for alignment: each word keeps its place, its term (as the
 * lexical index reads it, or null for a function word), and whether it reads as a name, a figure or a
 * negation. Alignment needs the order and the capitals that `contentTerms` throws away.
 */
import { isAlias } from "../../text/aliases.js";
import { sharedPrefix, stem, STOPWORDS, tokenize } from "../../text/terms.js";

export interface Word {
  /** As written ("England", "1,000", "didn't"). */
  raw: string;
  /** The index's term, or null for a function word. */
  term: string | null;
  /** Capitalised and not opening the text, or an acronym. */
  name: boolean;
  figure: boolean;
  negation: boolean;
}

// As text/terms.ts reads a token: figures with separators are one word.
const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const NEGATIONS = new Set(["not", "no", "never", "none", "nor", "neither", "nothing", "nobody", "cannot", "without"]);
// "didn't", "wasn't", "can't": a negated verb (tokenize reads them as "didnt", "wasnt", "cant").
const NEGATED_VERB = /^(?:did|does|do|is|was|were|are|has|have|had|could|would|should|ca|wo|must|need)n['’]?t$|^cannot$/i;
// Words that negate without "not": "excluded from being a part" answers "because it was not part of…",
// "does not engage in" answers "what does HT avoid".
export const NEGATING = new Set(["exclude", "excluded", "lack", "lacked", "lacking", "without", "fail", "failed", "unable", "except", "absent", "avoid", "avoided", "refuse", "refused", "deny", "denied", "never", "neither", "nor"]);
// Words a question opens with or asks by: never an aligned term.
const ASKING = new Set(["what", "which", "who", "whom", "whose", "when", "where", "why", "how", "name", "type", "kind"]);

// A question is split once per chosen sentence, and neighbouring windows share sentences: memoised, bounded.
const split = new Map<string, Word[]>();

export function words(text: string): Word[] {
  let ws = split.get(text);
  if (!ws) {
    if (split.size > 512) split.clear();
    split.set(text, (ws = splitWords(text)));
  }
  return ws;
}

function splitWords(text: string): Word[] {
  const out: Word[] = [];
  let first = true;
  for (const m of text.matchAll(WORD)) {
    const word = wordOf(m[0]);
    // A capital opening the text is no sign of a name (an acronym still is).
    out.push(first && word.name && !/^\p{Lu}{2,}$/u.test(word.raw) ? { ...word, name: false } : word);
    first = false;
  }
  return out;
}

// Each word as written, read once (as it reads anywhere but at the opening of a text): a decision splits
// a few hundred words, nearly all met before in other sentences. Shared, never changed; bounded.
const known = new Map<string, Word>();

function wordOf(raw: string): Word {
  let word = known.get(raw);
  if (!word) {
    const token = tokenize(raw)[0] ?? raw.toLowerCase();
    const negation = NEGATIONS.has(token) || NEGATED_VERB.test(raw);
    const figure = /\d/.test(raw);
    const content = !negation && !STOPWORDS.has(token) && !ASKING.has(token) && (token.length > 1 || figure);
    const name = /^\p{Lu}/u.test(raw);
    if (known.size > 100_000) known.clear();
    known.set(raw, (word = { raw, term: content ? stem(token) : null, name: name && content, figure, negation }));
  }
  return word;
}

/**
 * Whether two terms stand for the same thing: equal, an alias, or one form of the other ("incorperated"/"incorporated",
 * "criticism"/"criticized"). The alignment asks this of every pair of words it compares: it builds no strings
 * (a memo keyed by the pair built one per call and cost more than the comparison).
 */
export function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  const digitA = hasDigit(a);
  const digitB = hasDigit(b);
  // Figures are the same figure with or without thousands separators; never a word's form.
  if (digitA || digitB) return digitA && digitB && (a.includes(",") || b.includes(",")) && a.replace(/,/g, "") === b.replace(/,/g, "");
  const short = Math.min(a.length, b.length);
  if (short >= 5) {
    const n = sharedPrefix(a, b);
    if (n >= 5 && n >= short - 2) return true;
    if (Math.abs(a.length - b.length) <= 1 && oneEdit(a, b, n)) return true;
  }
  return isAlias(a, b);
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Whether `a` and `b` (lengths within one) are one substitution, insertion or deletion apart; `n` is their shared prefix. */
function oneEdit(a: string, b: string, n: number): boolean {
  if (a.length === b.length) {
    for (let i = n + 1; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
    return true;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  // The rest of the shorter from where they part is the rest of the longer one letter on.
  for (let i = n; i < s.length; i++) if (s.charCodeAt(i) !== l.charCodeAt(i + 1)) return false;
  return true;
}

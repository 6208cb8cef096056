/**
 * A question or sentence as a row of words for alignment: each word keeps its place, its term (as the
 * lexical index reads it, or null for a function word), and whether it reads as a name, a figure or a
 * negation. Alignment needs the order and the capitals that `contentTerms` throws away.
 */
import { aliasesOf } from "../../text/aliases.js";
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
    const raw = m[0];
    const token = tokenize(raw)[0] ?? raw.toLowerCase();
    const negation = NEGATIONS.has(token) || NEGATED_VERB.test(raw);
    const figure = /\d/.test(raw);
    const content = !negation && !STOPWORDS.has(token) && !ASKING.has(token) && (token.length > 1 || figure);
    const name = (!first && /^\p{Lu}/u.test(raw)) || /^\p{Lu}{2,}$/u.test(raw);
    out.push({ raw, term: content ? stem(token) : null, name: name && content, figure, negation });
    first = false;
  }
  return out;
}

/** Whether two terms stand for the same thing: equal, an alias, or one form of the other ("incorperated"/"incorporated", "criticism"/"criticized"). */
export function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  const key = `${a} ${b}`;
  let same = pairs.get(key);
  if (same === undefined) {
    if (pairs.size > 50_000) pairs.clear();
    pairs.set(key, (same = related(a, b)));
  }
  return same;
}
const pairs = new Map<string, boolean>();

function related(a: string, b: string): boolean {
  if (/\d/.test(a) || /\d/.test(b)) return a.replace(/,/g, "") === b.replace(/,/g, "");
  if (aliasesOf(a).includes(b)) return true;
  const n = sharedPrefix(a, b);
  const short = Math.min(a.length, b.length);
  return (n >= 5 && n >= short - 2) || (short >= 5 && Math.abs(a.length - b.length) <= 1 && oneEdit(a, b));
}

function oneEdit(a: string, b: string): boolean {
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diff > 1) return false;
    return true;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

/**
 * An expected fact found in an article that writes its figure in another form: "18 billion dlr" for
 * "18 billion dlrs", "£1 billion" for "£1bn", "10 pct" for "10%", "12 minute" for "12-minute".
 * Leave-one-article-out removes every article holding all of a question's facts; read only verbatim,
 * a story giving the same answer in another form stayed in the index and the question counted as
 * unanswerable though that story answers it (Reuters r021). Only facts holding a figure; the same
 * words in the same order (not stemmed: "reduced" is not "reduces"), units and currencies read as one
 * canonical word each, and the figure's currency, or its having none, the same ("350 million"
 * smokers is not "£350m", "£1bn" is not "$1bn (£550m)").
 */
import { tokenize } from "../text/terms.js";

/** A currency as written: the symbol or word, canonical. */
const CURRENCY: [RegExp, string][] = [
  [/\$|\b(?:dlrs?|dollars?|usd)\b/gi, " ¤usd "],
  [/£|\b(?:stg|sterling|pounds?)\b/gi, " ¤gbp "],
  [/€|\beuros?\b/gi, " ¤eur "],
  [/¥|\byen\b/gi, " ¤jpy "],
];
/** A unit glued to a figure ("1bn", "25m", "5k"). */
const SUFFIX = new Map(Object.entries({ bn: "billion", b: "billion", mln: "million", m: "million", k: "thousand" }));
/** A unit written as a word of its own (not "m" or "b": a lone letter is not read as a unit). */
const UNIT = new Map(Object.entries({ bn: "billion", billion: "billion", billions: "billion", mln: "million", million: "million", millions: "million", thousand: "thousand", pct: "percent", percent: "percent" }));

interface Token {
  t: string;
  currency?: string;
}

/** The text as comparable tokens: currencies marked, "1bn" read as "1 billion", "%" / "per cent" as "percent", stems. */
export function factTokens(text: string): Token[] {
  let s = text.replace(/%/g, " percent ").replace(/\bper\s+cent\b/gi, " percent ");
  for (const [re, c] of CURRENCY) s = s.replace(re, c);
  const out: Token[] = [];
  // tokenize drops "¤": the currency marks are read first, the rest of each piece by tokenize.
  for (const piece of s.split(/(¤[a-z]{3})/)) {
    if (piece.startsWith("¤")) {
      out.push({ t: "", currency: piece.slice(1) });
      continue;
    }
    for (const raw of tokenize(piece)) {
      const m = /^(\d+(?:\.\d+)?)(bn|b|mln|m|k)$/.exec(raw);
      if (m) {
        out.push({ t: m[1]! }, { t: SUFFIX.get(m[2]!)! });
        continue;
      }
      out.push({ t: UNIT.get(raw) ?? raw });
    }
  }
  return out;
}

/** The fact's words in order (currency aside) and its currency, if it names one. */
export interface FactPhrase {
  words: string[];
  currency?: string;
}

/** Only a fact holding a figure is read in other forms; one of words alone is found verbatim. */
export function factPhrase(fact: string): FactPhrase | null {
  // Operators ("2p + 1") are not words tokenize keeps: such a fact is found verbatim only.
  if (!/\d/.test(fact) || /[+=<>×÷±−]/.test(fact)) return null;
  const toks = factTokens(fact);
  const currency = toks.find((x) => x.currency)?.currency;
  return { words: toks.filter((x) => !x.currency).map((x) => x.t), ...(currency ? { currency } : {}) };
}

/**
 * Whether the article's tokens hold the phrase: its words consecutive (currency marks between them
 * ignored) and, for a phrase with a figure, the same currency within two tokens of it, or none when
 * the fact names none ("$25m" is "25 mln dlrs", not "£25m").
 */
export function holdsPhrase(tokens: Token[], phrase: FactPhrase): boolean {
  const { words, currency } = phrase;
  if (!words.length) return false;
  const plain: number[] = [];
  tokens.forEach((x, i) => {
    if (!x.currency) plain.push(i);
  });
  for (let i = 0; i + words.length <= plain.length; i++) {
    if (!words.every((w, j) => tokens[plain[i + j]!]!.t === w)) continue;
    if (attachedCurrency(tokens, plain[i]!, plain[i + words.length - 1]!) === currency) return true;
  }
  return false;
}

/** The currency written with a figure: right before it ("$25m"), else within two words after ("25 mln U.S. dlrs"). */
function attachedCurrency(tokens: Token[], from: number, to: number): string | undefined {
  if (tokens[from - 1]?.currency) return tokens[from - 1]!.currency;
  for (let k = from; k <= Math.min(tokens.length - 1, to + 2); k++) if (tokens[k]!.currency) return tokens[k]!.currency;
  return undefined;
}

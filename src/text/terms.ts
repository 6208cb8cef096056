/**
 * Word-level text handling for lexical retrieval (BM25) and term overlap. The same functions run
 * on questions and on passages, so whatever they do (lowercasing, dropping accents, stemming)
 * is applied identically to both sides.
 */

/**
 * Common English function words. `us` is deliberately absent: in news it is mostly the country
 * (U.S., US), and a lowercase question ("what did the us say") must still match it.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are aren arent as at be because been before being " +
    "below between both but by can cannot cant could couldnt did didnt do does doesnt doing dont down during each " +
    "few for from further had hadnt has hasnt have havent having he hed hell hes her here heres hers herself him " +
    "himself his how hows i id ill im ive if in into is isnt it its itself lets me more most mustnt my myself no nor " +
    "not of off on once only or other ought our ours ourselves out over own same shant she shed shell shes should " +
    "shouldnt so some such than that thats the their theirs them themselves then there theres these they theyd " +
    "theyll theyre theyve this those through to too under until up very was wasnt we wed well were weve werent " +
    "what whats when whens where wheres which while who whos whom why whys will with wont would wouldnt you youd " +
    "youll youre youve your yours yourself yourselves s t just now said says say told tell "
  )
    .split(/\s+/)
    .filter(Boolean),
);

// Dotted acronyms (U.S., U.K., D.C., e.g.) become one word; the trailing space keeps
// "U.K.Officials" from gluing the acronym to the next word.
const DOTTED_ACRONYM = /(?<![\p{L}\p{N}])((?:\p{L}\.){2,})/gu;
const NON_ASCII = /[^\x00-\x7f]/;
// A number with decimals or thousands separators, or a run of letters/digits with inner apostrophes.
const TOKEN = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** Lowercase word tokens: accents dropped, U.S. → us, possessives stripped, hyphenated words split, numbers kept. */
export function tokenize(text: string): string[] {
  let flat = text.replace(DOTTED_ACRONYM, (m) => m.replace(/\./g, "") + " ");
  // ASCII text has no accents to drop: the Unicode passes are skipped (most news text is ASCII).
  if (NON_ASCII.test(flat)) flat = flat.normalize("NFKD").replace(/\p{M}+/gu, "");
  flat = flat.toLowerCase();
  const out: string[] = [];
  for (const m of flat.matchAll(TOKEN)) {
    let t = m[0];
    // Only a number token holds "." or ",": words skip the tests below unless they hold an apostrophe.
    if ((t.includes(".") || t.includes(",")) && /^\p{N}/u.test(t)) {
      // 1,000 → 1000; 6.5 stays (a comma followed by exactly three digits is a thousands separator).
      t = t.replace(/,(?=\d{3}(?!\d))/g, "");
      if (t.includes(",")) {
        out.push(...t.split(","));
        continue;
      }
    } else if (t.includes("'") || t.includes("’")) {
      t = t.replace(/['’]s$/, "").replace(/['’]/g, "");
    }
    if (t) out.push(t);
  }
  return out;
}

// Words whose final s is not a plural (or whose stem would collide badly).
const KEEP_S = new Set([
  "news", "series", "species", "always", "perhaps", "bus", "gas", "lens", "physics", "economics", "politics",
  "whereas", "across", "various", "previous", "famous", "serious", "crisis", "analysis", "basis", "thesis",
  "status", "bonus", "census", "campus", "virus", "focus", "consensus", "chaos", "canvas", "atlas", "alias",
]);
const VOWEL = /[aeiouy]/;

/**
 * A light suffix stripper (plurals, -ing, -ed, final e) so "meeting/meetings/meet",
 * "talks/talked/talking" and "defence/defences" meet. Not Porter: it only needs to be consistent.
 */
export function stem(word: string): string {
  // Memoised: an archive repeats its words endlessly (Reuters: 20% of a first ingest's CPU was here).
  let w = stems.get(word);
  if (w === undefined) {
    if (stems.size > 500_000) stems.clear();
    stems.set(word, (w = stemOnce(word)));
  }
  return w;
}

const stems = new Map<string, string>();

function stemOnce(word: string): string {
  let w = britishToAmerican(word);
  if (w.length <= 3 || /\d/.test(w) || KEEP_S.has(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("ing") && w.length >= 6 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith("eed") && w.length >= 5) w = w.slice(0, -1);
  else if (w.endsWith("ed") && w.length >= 5 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));

  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

// Corpora mix British and American spelling ("defence" in one article, "Defense" in the next).
// A Map, not an object literal: `SPELLING["constructor"]` on an object is Object's constructor, which
// became a term that BM25's term file stored as null (a Reuters story says "constructor").
const SPELLING = new Map(Object.entries({ programme: "program", programmes: "programs", catalogue: "catalog", centre: "center", centres: "centers", travelled: "traveled" }));

function britishToAmerican(w: string): string {
  const american = SPELLING.get(w);
  if (american !== undefined) return american;
  w = w.replace(/^(defen|offen|licen)c(e|es)$/, "$1s$2"); // defence(s), licence(s)
  if (w.length > 5 && /[^aeiou]our(s|ed|ing)?$/.test(w)) w = w.replace(/our(s|ed|ing)?$/, "or$1"); // labour, favours
  return w.replace(/(?<=\w{3})is(e|es|ed|ing|ation|ations)$/, "iz$1"); // organise, recognised
}

function undouble(w: string): string {
  return /([bdfgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** The terms a passage or question is matched on: tokens minus stopwords, stemmed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (STOPWORDS.has(t)) continue;
    // Single letters carry no meaning on their own (initials, stray "s"), but digits do.
    if (t.length === 1 && !/\d/.test(t)) continue;
    out.push(stem(t));
  }
  return out;
}

const QUESTION_WORDS = new Set(["what", "who", "when", "where", "why", "how", "which", "did", "does", "do", "is", "are", "was", "were", "has", "have", "can", "could", "will", "would", "should", "tell", "give", "list", "name", "and", "the", "in", "on", "about"]);
// A figure with separators is one token (1,000 / 2,500,000 / 3.6), as tokenize reads it; else a word.
const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu;

/**
 * The question's specific terms: names and numbers (capitalised words not opening the
 * question, figures, years). If the corpus never mentions one, it cannot answer the
 * question, however similar the rest sounds ("What did Germany pledge?").
 */
export function specificTerms(question: string): string[] {
  const words = question.match(WORD) ?? [];
  const out: string[] = [];
  words.forEach((w, i) => {
    const clean = w.replace(/[.'’-]+$/, "").replace(/['’]s$/, "");
    const isNumber = /\d/.test(clean);
    const isName = /^\p{Lu}/u.test(clean) && !(i === 0 || QUESTION_WORDS.has(clean.toLowerCase()));
    if (isNumber || isName) out.push(clean);
  });
  return out;
}

/** How many leading letters two terms share: the measure behind "another form of the same word" checks. */
export function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

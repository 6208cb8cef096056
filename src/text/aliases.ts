import { contentTerms } from "./terms.js";

/**
 * Names news writers use interchangeably: a country, its people, its capital and the
 * institutions that stand for its government. "Berlin pledged…" is about Germany;
 * "the Pentagon chief" is the US defense secretary. Used to widen the lexical query
 * and to tell a name the corpus never mentions from one it mentions under another form.
 */
const GROUPS: string[][] = [
  ["United Kingdom", "UK", "Britain", "British", "England", "English", "London", "Downing Street", "Whitehall", "Westminster"],
  ["United States", "US", "USA", "America", "American", "Americans", "Washington", "White House", "Pentagon", "State Department"],
  ["Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev"],
  ["Russia", "Russian", "Russians", "Moscow", "Kremlin"],
  ["Germany", "German", "Germans", "Berlin"],
  ["France", "French", "Paris", "Elysee"],
  ["Israel", "Israeli", "Israelis", "Jerusalem", "Tel Aviv"],
  ["Gaza", "Palestinian", "Palestinians", "Palestine", "West Bank"],
  ["Iran", "Iranian", "Iranians", "Tehran"],
  ["China", "Chinese", "Beijing"],
  ["Japan", "Japanese", "Tokyo"],
  ["Australia", "Australian", "Australians", "Canberra"],
  ["Canada", "Canadian", "Canadians", "Ottawa"],
  ["Italy", "Italian", "Italians", "Rome"],
  ["Spain", "Spanish", "Madrid"],
  ["Poland", "Polish", "Poles", "Warsaw"],
  ["India", "Indian", "Indians", "New Delhi", "Delhi"],
  ["Yemen", "Yemeni", "Houthi", "Houthis"],
  ["European Union", "EU", "Brussels"],
  ["Scotland", "Scottish", "Edinburgh"],
  ["Ireland", "Irish", "Dublin"],
  ["Netherlands", "Dutch", "Holland", "Amsterdam"],
  ["Turkey", "Turkish", "Ankara"],
  ["Egypt", "Egyptian", "Cairo"],
  ["Saudi Arabia", "Saudi", "Riyadh"],
  ["North Korea", "North Korean", "Pyongyang"],
  ["South Korea", "South Korean", "Seoul"],
  ["defense", "defence", "military"],
];

/**
 * Irregular past forms the suffix stemmer cannot reach: "Blinken and Lammy previously met" answers
 * "When did they last meet?". Only forms with no other common reading ("left", "led", "found",
 * "fell", "saw", "rose" are also words of their own, so they are not here).
 */
const VERB_FORMS: string[][] = [
  ["meet", "met"], ["pay", "paid"], ["win", "won"], ["hold", "held"], ["sell", "sold"], ["buy", "bought"],
  ["begin", "began", "begun"], ["spend", "spent"], ["bring", "brought"], ["teach", "taught"], ["fight", "fought"],
  ["write", "wrote", "written"], ["choose", "chose", "chosen"], ["seek", "sought"], ["strike", "struck"],
  ["take", "took", "taken"], ["give", "gave", "given"], ["know", "knew", "known"], ["grow", "grew", "grown"],
  ["drive", "drove", "driven"], ["fly", "flew", "flown"], ["keep", "kept"], ["send", "sent"], ["build", "built"],
  ["lose", "lost"], ["catch", "caught"], ["think", "thought"], ["make", "made"], ["steal", "stole", "stolen"],
];

const byTerm = new Map<string, string[]>();
for (const group of [...GROUPS, ...VERB_FORMS]) {
  const terms = [...new Set(group.flatMap((name) => contentTerms(name)))];
  for (const t of terms) byTerm.set(t, [...new Set([...(byTerm.get(t) ?? []), ...terms])]);
}

/** The normalised terms equivalent to `term` (itself included), for retrieval and the abstention checks. */
export function aliasesOf(term: string): string[] {
  return byTerm.get(term) ?? (term.endsWith("s") ? (byTerm.get(term.slice(0, -1)) ?? [term, term.slice(0, -1)]) : [term]);
}

// `aliasesOf` of a plural ("germans"): the group of its singular, looked up without cutting the "s" off.
const byPlural = new Map([...byTerm].map(([t, group]) => [`${t}s`, group]));

/** Whether `other` is one of `aliasesOf(term)`, without building the list (the alignment asks this of every pair of words it compares). */
export function isAlias(term: string, other: string): boolean {
  if (term === other) return true;
  const group = byTerm.get(term) ?? byPlural.get(term);
  if (group) return group.includes(other);
  return other.length === term.length - 1 && term.endsWith("s") && term.startsWith(other);
}

// The two countries the seed news is about go by many names; a paraphrase may use any of them.
const COUNTRY_NAMES = [new Set(["uk", "britain", "british", "kingdom"]), new Set(["us", "usa", "america", "american", "stat"])];

/**
 * The names (as terms) of the country `term` names, for the LLM verifier's name check
 * (src/answer/llm/support.ts). Narrower than `aliasesOf` (no capitals, institutions or other
 * countries): the verifier was calibrated with this table, and widening it would accept claims it rejects today.
 */
export function countryNamesOf(term: string): ReadonlySet<string> | undefined {
  return COUNTRY_NAMES.find((g) => g.has(term));
}

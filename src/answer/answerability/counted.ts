/**
 * The thing a "how many" counts must be in the answer's article. "How many smokers does China have?"
 * is not answered by a story on China's oil imports that never mentions smokers, nor "How many Xbox
 * power cables is Microsoft replacing?" by one on the Xbox 2 (BBC left out). In the article, not
 * beside the figure: that was tried and refused paraphrases ("how many incidents" → "seven cases"
 * two sentences from the word "incidents"; evals/README.md). Units and kinds are not counted things
 * ("how many square miles", "how many types of …"): the figure's unit or the list says them, and
 * "people" is counted in whatever the story calls them ("500 officials").
 */
import { aliasesOf } from "../../text/aliases.js";
import { contentTerms, sharedPrefix } from "../../text/terms.js";
import type { ArticleTerms } from "../article-terms.js";
import { countedThing } from "../question-focus.js";

const NOT_A_THING = new Set(
  [
    "type", "types", "kind", "kinds", "sort", "sorts", "form", "forms", "people", "persons",
    "mile", "miles", "kilometre", "kilometres", "kilometer", "kilometers", "km", "metre", "metres", "meter", "meters",
    "foot", "feet", "inch", "inches", "yard", "yards", "acre", "acres", "hectare", "hectares", "ton", "tons", "tonne", "tonnes",
    "pound", "pounds", "kilogram", "kilograms", "kg", "gram", "grams", "litre", "litres", "liter", "liters", "gallon", "gallons", "barrel", "barrels",
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes", "second", "seconds",
    "dollar", "dollars", "euro", "euros", "yen", "percent", "point", "points", "degree", "degrees", "time", "times",
  ].flatMap((w) => contentTerms(w)),
);

/** Another form of the word: the same first four letters and at most one letter more or less after the shared part ("incident" / "incidents"). */
function sameWord(a: string, b: string): boolean {
  const n = sharedPrefix(a, b);
  return n >= 4 && n >= Math.min(a.length, b.length) - 1;
}

/** The counted thing of a "how many" question when the article never names it, else null. */
export function countedAbsent(question: string, article: ArticleTerms): string | null {
  const counted = countedThing(question);
  if (!counted || NOT_A_THING.has(counted) || /\d/.test(counted)) return null;
  if (aliasesOf(counted).some((a) => article.has(a))) return null;
  if (counted.length >= 4 && article.holdsNear(counted, (t) => sameWord(counted, t))) return null;
  return counted;
}

/**
 * Words that contradict each other in the same slot: "the worst case" does not answer a question on
 * "the best case", nor "criticized" one on "commended". SQuAD's unanswerable questions are often made
 * this way from their own paragraph. Kept to pairs whose swap changes the fact asked about.
 */
import { stem } from "../../text/terms.js";

const PAIRS: [string, string[]][] = [
  ["first", ["last", "final"]], ["best", ["worst"]], ["most", ["least", "fewest"]], ["largest", ["smallest"]],
  ["biggest", ["smallest"]], ["highest", ["lowest"]], ["high", ["low"]], ["higher", ["lower"]], ["earliest", ["latest"]],
  ["early", ["late"]], ["earlier", ["later"]], ["increase", ["decrease", "reduce", "decline", "fall", "drop", "cut"]], ["rise", ["fall", "decline"]],
  ["gain", ["lose", "loss"]], ["win", ["lose", "loss", "defeat"]], ["won", ["lost"]], ["victory", ["defeat"]], ["accept", ["reject", "refuse"]],
  ["allow", ["forbid", "ban", "prohibit"]], ["open", ["close"]], ["start", ["end", "finish", "stop"]], ["begin", ["end", "finish"]],
  ["north", ["south"]], ["northern", ["southern"]], ["east", ["west"]], ["eastern", ["western"]], ["upper", ["lower"]], ["inner", ["outer"]],
  ["major", ["minor"]], ["maximum", ["minimum"]], ["positive", ["negative"]], ["strong", ["weak"]], ["strongest", ["weakest"]],
  ["hard", ["soft", "easy"]], ["hardest", ["softest", "easiest"]], ["harder", ["softer", "easier"]], ["ancient", ["modern"]], ["old", ["new", "young"]],
  ["oldest", ["newest", "youngest"]], ["large", ["small"]], ["long", ["short"]], ["longest", ["shortest"]], ["fast", ["slow"]],
  ["accelerate", ["slow", "decelerate"]], ["heavy", ["light"]], ["hot", ["cold"]], ["warm", ["cool", "cold"]], ["wet", ["dry"]], ["rich", ["poor"]],
  ["public", ["private"]], ["male", ["female"]], ["men", ["women"]], ["internal", ["external"]], ["import", ["export"]], ["buy", ["sell"]],
  ["lend", ["borrow"]], ["success", ["failure"]], ["succeed", ["fail"]], ["true", ["false"]], ["legal", ["illegal"]], ["support", ["oppose"]],
  ["praise", ["criticize", "criticise", "condemn"]], ["commend", ["criticize", "criticise", "condemn"]], ["agree", ["disagree"]], ["include", ["exclude"]],
  ["inside", ["outside"]], ["same", ["different"]], ["common", ["rare"]], ["easy", ["difficult"]], ["simple", ["complex"]], ["cheap", ["expensive"]],
  ["primary", ["secondary"]], ["urban", ["rural"]], ["natural", ["artificial"]], ["deep", ["shallow"]], ["wide", ["narrow"]], ["thick", ["thin"]],
  ["top", ["bottom"]], ["front", ["back", "rear"]], ["left", ["right"]], ["ally", ["enemy"]], ["friend", ["enemy"]], ["birth", ["death"]],
  ["born", ["died"]], ["minority", ["majority"]], ["previous", ["next"]], ["past", ["future"]], ["temporary", ["permanent"]], ["domestic", ["foreign"]],
  ["offensive", ["defensive"]], ["attack", ["defend"]], ["input", ["output"]], ["absorb", ["emit", "release"]], ["dominant", ["recessive"]],
  ["single", ["double", "triple"]], ["double", ["single", "triple", "triplet"]], ["singlet", ["triplet"]], ["increasing", ["decreasing"]],
  ["positive", ["negative"]], ["upstream", ["downstream"]], ["maximal", ["minimal"]], ["sunrise", ["sunset"]], ["winter", ["summer"]],
  ["larger", ["smaller"]], ["bigger", ["smaller"]], ["precise", ["inaccurate", "imprecise"]], ["flexible", ["fixed", "rigid"]],
  ["richest", ["poorest"]], ["interior", ["exterior"]], ["successful", ["unsuccessful", "failed"]], ["upward", ["downward"]],
  ["younger", ["older"]], ["youngest", ["oldest"]], ["newer", ["older"]], ["northernmost", ["southernmost"]], ["easternmost", ["westernmost"]],
  ["faster", ["slower"]], ["fastest", ["slowest"]], ["arrival", ["departure"]], ["arrive", ["depart"]], ["entrance", ["exit"]],
  ["supporter", ["opponent", "critic"]], ["proponent", ["opponent", "critic"]], ["approve", ["disapprove", "reject", "oppose"]],
  ["day", ["night"]], ["daytime", ["nighttime"]], ["before", ["after"]], ["above", ["below"]], ["more", ["less", "fewer"]], ["over", ["under"]],
];

const opposite = new Map<string, Set<string>>();
const link = (a: string, b: string) => {
  const [x, y] = [stem(a), stem(b)];
  if (!opposite.has(x)) opposite.set(x, new Set());
  opposite.get(x)!.add(y);
};
for (const [a, bs] of PAIRS) for (const b of bs) (link(a, b), link(b, a));

/** Whether two stemmed terms are opposites: listed, or one is the other with a negating prefix ("unconnected"/"connected"). */
export function opposed(a: string, b: string): boolean {
  if (opposite.get(a)?.has(b)) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length < 4 || !long.endsWith(short)) return false;
  return /^(?:un|non|in|im|il|ir|dis)$/.test(long.slice(0, long.length - short.length));
}

/** A function word's own opposite ("before"/"after"): these are stopwords, so read as raw lower-case words. */
export function opposedWords(a: string, b: string): boolean {
  return opposite.get(stem(a))?.has(stem(b)) ?? false;
}

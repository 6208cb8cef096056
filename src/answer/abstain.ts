import { ABSTAIN_LEVELS } from "../config.js";
import type { BriefingIndex } from "../index/store.js";
import { aliasesOf } from "../text/aliases.js";
import { contentTerms, tokenize } from "../text/terms.js";
import { DATE, supplies, wantsDate, wantsName, wantsNumber } from "./answer-type.js";
import { KEEP_WITHIN, type Candidate } from "./select.js";

import weightsFile from "./abstention-weights.json" with { type: "json" };
import { articleWords, FEATURES, LEXICAL_FEATURES, namesAll, namesNear, namesOf, specificTerms, weighEvidence, type Evidence, type Feature } from "./evidence.js";
import { newNames } from "../text/names.js";
import { asksCount, asksDuration, asksMoney, holdsCount, holdsDuration, holdsMoney, periodAfter } from "./asked-detail.js";
import type { Retrieval } from "../retrieval/types.js";
import { unanswered } from "./answerability/index.js";
import { unreported } from "./answerability/outcome.js";
import { namesFar } from "./answerability/names-near.js";
import { countedAbsent } from "./answerability/counted.js";
import { successorUnnamed, windowSentences } from "./answerability/successor.js";
import { slotDeclaredEmpty } from "./answerability/slot-empty.js";
import { resultsUnreported } from "./answerability/results.js";
import { asksPercentage, asksPrice, holdsPercentage } from "./answerability/figure-kinds.js";
import { asksNamedKind, postUnheld } from "./answerability/asked-kind.js";
import { unknownThing } from "./answerability/unknown-thing.js";

export { countedThing, specificTerms } from "./evidence.js";

/** Thresholds calibrated on evals/seed.jsonl (see evals/README.md); raise with care. */
export const ABSTAIN = {
  /** Below this combined sentence score the best sentence does not answer. */
  minScore: 0.25,
  /** Below this similarity, a sentence needs strong term overlap to count. */
  minSim: 0.3,
  /** The two best sentences count as "the best sentences" when within this share of the top one. */
  strongWithin: 0.9,
  /** …or when they hold this share of the question's key-term weight (a sentence on the subject). */
  relevantLexical: 0.3,
};

/** Operating points of the same decision: strict abstains most, lenient least (flag --abstain, env BRIEFING_ABSTAIN; declared in config.ts). */
export { ABSTAIN_LEVELS };
export type AbstainLevel = (typeof ABSTAIN_LEVELS)[number];

/** A logistic model over the evidence features: P(the evidence answers) = sigmoid(bias + Σ w·(x − mean)/scale). */
export interface AbstentionModel {
  features: Feature[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Abstain when the probability is below the level's threshold. */
  thresholds: Record<AbstainLevel, number>;
}
export interface AbstentionWeights {
  /** How the file was made (npm run calibrate) and on what. */
  note: string;
  full: AbstentionModel;
  /** For sentences with no vector yet: the same fit without the dense similarity. */
  lexical: AbstentionModel;
}
export const WEIGHTS = weightsFile as unknown as AbstentionWeights;

export function modelScore(model: AbstentionModel, features: Record<Feature, number>): number {
  let z = model.bias;
  model.features.forEach((f, i) => (z += (model.weights[i]! * (features[f] - model.mean[i]!)) / (model.scale[i]! || 1)));
  return 1 / (1 + Math.exp(-z));
}

export interface AbstainVerdict {
  abstain: boolean;
  /** What the corpus does not cover, for the "doesn't cover …" line. */
  missing: string[];
  /** Why, for --json and the eval ("names the chosen sources never mention"). */
  reason: string;
  /** The model's probability that the evidence answers (null when a rule decided before it). */
  score: number | null;
  level: AbstainLevel;
  /** What the evidence lacks, for the user's line: a name, a figure, a period, a term. */
  lacking?: string;
  evidence?: Evidence;
}

export interface AbstainOptions {
  followUp?: boolean;
  retrieval?: Retrieval;
  level?: AbstainLevel;
  /** Use the lexical-only model (sentences without vectors). */
  lexicalOnly?: boolean;
  /** Fitted weights to use instead of the shipped ones (calibration). */
  weights?: AbstentionWeights;
}

export function shouldAbstain(index: BriefingIndex, question: string, chosen: Candidate[], opts: AbstainOptions = {}): AbstainVerdict {
  const level = opts.level ?? "balanced";
  const verdict = (abstain: boolean, reason: string, extra: Partial<AbstainVerdict> = {}): AbstainVerdict => ({ abstain, missing: [], reason, score: null, level, ...extra });
  // A name counts as covered when the corpus has it under any of its forms (Berlin → Germany).
  const covered = (term: string) => aliasesOf(term).some((a) => index.lexical.documentFrequency(a) > 0);
  // A one-letter slip ("Krugmen", "Boleslaw") of a word in the passages found is a typo, not a new name.
  // Built only when a term is missing, once per passage rather than per chosen sentence.
  let nearby: Set<string> | undefined;
  const near = () => (nearby ??= new Set([...new Set(chosen.map((c) => c.passage))].flatMap((p) => tokenize(p.text))));
  const typo = (w: string) => isTypoOf(w, near());
  // Periods ("March", "1987" of "in March 1987") are checked against dates below, never as missing names.
  const period = new Set(opts.retrieval?.dates.phrase ? tokenize(opts.retrieval.dates.phrase) : []);
  const specific = [...namesOf(question), ...specificTerms(question).filter((t) => /\d/.test(t))].filter((t) => !tokenize(t).every((w) => period.has(w)));
  const missing = specific.filter((t) => contentTerms(t).some((term) => !covered(term)) && !tokenize(t).every(typo));
  if (missing.length) return verdict(true, "names or figures the corpus never mentions", { missing, score: 0 });
  // The same for the asked-about thing of two words or more ("Washington's bridging proposal"): answerability/unknown-thing.ts.
  const thing = opts.followUp ? null : unknownThing(question, (t) => index.lexical.documentFrequency(t) > 0, typo);
  if (thing) return verdict(true, "the thing asked about is never mentioned", { missing: thing, score: 0 });
  const top = chosen[0];
  if (!top) return verdict(true, "no passage matched", { score: 0 });
  // "How many…?" answered by sentences holding no figure is not answered at all.
  // The figure, date or name must be in one of the strongest sentences, not in a filler one.
  // A sentence kept below KEEP_WITHIN only because it holds the asked-for type does not vouch for that type.
  // For a figure or date the third best counts too when it is from the lead's own article (b004: the
  // lead's article gives "About 500 officials" third, at 0.93 of the lead); a fourth does not (seed q069's
  // "two-day visit"), nor for a name (Reuters r015 left out: a name in the story's opening lines).
  const third = wantsNumber(question) || wantsDate(question);
  const strongScore = (c: Candidate, i: number) => c.score >= top.score * ABSTAIN.strongWithin && (i < 2 || (third && i < 3 && c.passage.articleId === top.passage.articleId));
  const strong = chosen.filter((c, i) => (strongScore(c, i) || c.lexical >= ABSTAIN.relevantLexical) && c.score >= top.score * KEEP_WITHIN);
  const evidence = weighEvidence(index, question, chosen, opts.retrieval, typo);
  // The asked-for figure, date or name counts only from an article that names what the question names
  // ("the name of Blue Origin's rocket" is not answered by a name in an article about NASA's).
  const names = namesOf(question);
  // A question spanning articles ("What is the UK sending to the Red Sea, and how much has Germany given?")
  // has no single article naming everything: an article naming some of it will do, one naming none will not.
  const onSubject = opts.followUp || !names.length ? strong : strong.filter((c) => names.some((n) => namesAll(index, c.passage.articleId, [n], typo)));
  const withEvidence = (abstain: boolean, reason: string, extra: Partial<AbstainVerdict> = {}) => verdict(abstain, reason, { evidence, ...extra });
  // (Requiring the counted thing of "how many X" beside the figure was tried: it refused BBC paraphrases,
  // "how many civil servants" → "500 officials", b004 and b024; see countedThing.)
  if (wantsNumber(question) && !onSubject.some((c) => supplies("figure", question, c.text))) return withEvidence(true, "no figure in the best sentences", { lacking: "figure", score: 0 });
  // In a follow-up ("When was that meeting?") the article's own date answers for the event it reports.
  if (wantsDate(question) && !onSubject.some((c) => DATE.test(c.text)) && !(opts.followUp && top.passage.date)) return withEvidence(true, "no date in the best sentences", { lacking: "date", score: 0 });
  // The figure's kind: a sum for "how much did X pay", a count (not a date's day) for "how many", a span
  // of time for "how long did it last" (Reuters r112, r113, r109: a sentence with some other figure).
  // The sentence giving it must have the question's names beside it (or in its title).
  const namedBeside = (c: Candidate) => opts.followUp || namesNear(index, c, names, typo, question);
  if ((asksMoney(question) || asksPrice(question)) && !onSubject.some((c) => holdsMoney(c.text) && namedBeside(c))) return withEvidence(true, "no sum of money in the best sentences", { lacking: "figure", score: 0 });
  if (asksCount(question) && !onSubject.some((c) => holdsCount(question, c.text) && namedBeside(c))) return withEvidence(true, "no count in the best sentences", { lacking: "figure", score: 0 });
  // The counted thing of "how many X" named by the article giving the count (answerability/counted.ts).
  const counting = opts.followUp ? [] : onSubject.filter((c) => holdsCount(question, c.text));
  const uncounted = counting.length ? counting.map((c) => countedAbsent(question, articleWords(index, c.passage.articleId))) : [];
  if (uncounted.length && uncounted.every((x) => x !== null)) return withEvidence(true, `no article giving a count names what is counted ("${uncounted[0]}")`, { lacking: "figure", score: 0 });
  if (asksDuration(question) && !onSubject.some((c) => holdsDuration(c.text))) return withEvidence(true, "no span of time in the best sentences", { lacking: "figure", score: 0 });
  // An outcome ("finally pay") given only as an offer or estimate; a date beside some other event (answerability/outcome.ts).
  const empty = opts.followUp ? null : unreported(question, names, onSubject.map((c) => c.text), wantsDate(question));
  if (empty) return withEvidence(true, empty.reason, { lacking: empty.lacking, score: 0 });
  // A share asked for ("what percentage…"), a successor, a company's results for a period: a story naming
  // everything else may still leave that slot empty (answerability/figure-kinds.ts, successor.ts, results.ts).
  if (asksPercentage(question) && !onSubject.some((c) => holdsPercentage(c.text) && namedBeside(c))) return withEvidence(true, "no percentage in the best sentences", { lacking: "figure", score: 0 });
  const slot = opts.followUp ? null : (successorUnnamed(index, question, onSubject) ?? resultsUnreported(index, question, onSubject, namedBeside) ?? slotDeclaredEmpty(question, names, onSubject.flatMap((c) => windowSentences(index, c))));
  if (slot) return withEvidence(true, slot.reason, { lacking: slot.lacking, score: 0 });
  // A name from a sentence that only follows the matched one ("The flag now hangs in Washington.") answers no "who".
  const asked = new Set(contentTerms(question).flatMap((t) => aliasesOf(t)));
  const onTopic = (c: Candidate) => contentTerms(c.text).some((t) => asked.has(t));
  // "Which club…" asks for a name as "who" does; "Who is the president of…" for one beside that post (answerability/asked-kind.ts).
  if ((wantsName(question) || asksNamedKind(question)) && !onSubject.some((c) => onTopic(c) && newNames(question, c.text).length > 0)) return withEvidence(true, "no name in the best sentences", { lacking: "name", score: 0 });
  const post = opts.followUp ? null : postUnheld(index, question, onSubject);
  if (post) return withEvidence(true, post.reason, { lacking: post.lacking, score: 0 });
  // The first source cited must name something the question names: an answer about NASA's rocket is
  // no answer about Blue Origin's, however close it sounds.
  if (names.length && !opts.followUp && !names.some((n) => namesAll(index, top.passage.articleId, [n], typo))) {
    return withEvidence(true, "names the chosen sources never mention", { lacking: names.join(" "), score: 0 });
  }
  if (top.score < ABSTAIN.minScore) return withEvidence(true, `best sentence scores ${top.score.toFixed(2)}`, { score: 0 });
  if (top.sim < ABSTAIN.minSim && top.lexical < 0.5) return withEvidence(true, "weak match", { score: 0 });
  // The chosen sources must name what the question names: elsewhere in the corpus is not enough.
  if (evidence.namesMissing.length && !opts.followUp) return withEvidence(true, "names the chosen sources never mention", { lacking: evidence.namesMissing.join(", "), score: 0 });
  if (evidence.periodMissing) return withEvidence(true, "no source dated in or mentioning the period", { lacking: evidence.periodMissing, score: 0 });
  // A period the articles mention but were all written before: they can only forecast what happened
  // in it ("Who won the 1988 election?" from a story of 1987).
  const before = chosen.map((c) => periodAfter(question, c.passage.date));
  if (!opts.followUp && before.every((p) => p !== null)) return withEvidence(true, "no source written after the period began", { lacking: before[0]!, score: 0 });
  // A figure the question names belongs beside the answer: "the 2006 World Cup" is not answered by a
  // sentence on the 1998 one in an article that mentions 2006 elsewhere.
  if (evidence.figuresFar.length && !opts.followUp) return withEvidence(true, "a figure of the question is not in the best sentence or beside it", { lacking: evidence.figuresFar[0], score: 0 });
  // Most of the question's names away from the answer: a neighbouring story quoted for one that is
  // not in the archive (BBC left out: "the Ray Charles museum" → a Hendrix museum). See nameNear.
  const far = opts.followUp ? null : namesFar(index, evidence, names, top);
  if (far) return withEvidence(true, "most of the question's names are not beside the best sentence", { lacking: far, score: 0 });
  // A sentence on the question's subject that contradicts one of its words does not answer it (answerability/).
  const contradicted = opts.followUp ? null : unanswered(index, question, chosen);
  if (contradicted) return withEvidence(true, contradicted.reason, { score: 0 });
  const weights = opts.weights ?? WEIGHTS;
  // A sentence not embedded yet (progressive indexing) has a zero vector and a word-overlap "sim".
  const lexical = opts.lexicalOnly || !Number.isFinite(top.sim) || (top.vector !== undefined && !top.vector.some((x) => x !== 0));
  const model = lexical ? weights.lexical : weights.full;
  const score = modelScore(model, evidence.features);
  if (score < model.thresholds[level]) {
    const lacking = evidence.figuresMissing[0] ?? evidence.rareMissing ?? undefined;
    return withEvidence(true, `evidence score ${score.toFixed(2)} below ${level} threshold ${model.thresholds[level].toFixed(2)}`, { score, ...(lacking ? { lacking } : {}) });
  }
  return withEvidence(false, "", { score });
}

/** The features the decision reads, for calibration: computed whatever the verdict. */
export function featureVector(evidence: Evidence, lexical = false): number[] {
  return (lexical ? LEXICAL_FEATURES : [...FEATURES]).map((f) => evidence.features[f]);
}

/** Whether `word` (5+ letters) is one edit — insertion, deletion, substitution or swap of neighbours — from a word in `words`, keeping its first letter. */
export function isTypoOf(word: string, words: Set<string>): boolean {
  if (word.length < 5 || /\d/.test(word)) return false;
  for (const w of words) if (w[0] === word[0] && Math.abs(w.length - word.length) <= 1 && w !== word && oneEdit(word, w)) return true;
  return false;
}

function oneEdit(a: string, b: string): boolean {
  if (a.length === b.length) {
    const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
    return diff.length === 1 || (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

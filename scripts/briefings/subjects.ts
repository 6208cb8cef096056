/**
 * The Reuters subjects of the briefing gold (evals/briefings/reuters.jsonl): a headline pattern
 * finding each subject's stories. Shared by the subset and conflict-case scripts.
 */
export const SUBJECTS: Record<string, RegExp> = {
  gencorp: /gencorp/i,
  texaco: /texaco|pennzoil/i,
  amc: /american motors|\bamc\b/i,
  ecuador: /ecuador/i,
  borg: /borg.warner/i,
  cyclops: /cyclops/i,
  purolator: /purolator/i,
  caesars: /caesars/i,
  harcourt: /harcourt/i,
  piedmont: /piedmont/i,
};

export interface ReutersStory {
  id: string;
  title: string;
  date: string;
  text: string;
}

/** The eval's seeded generator (mulberry32): the same seed draws the same distractors on every machine. */
export { mulberry32 as seeded } from "../../src/eval/squad.js";

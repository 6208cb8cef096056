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

/** A small seeded generator (mulberry32): the same seed draws the same distractors on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

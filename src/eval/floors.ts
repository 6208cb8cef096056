/** The quality floors: evals/floors.json is the one place their values live. */
import raw from "../../evals/floors.json" with { type: "json" };
import type { Floors } from "./metrics.js";

/** The seed floors: the file's top-level numbers. `sets` (per-set abstention floors) is read by parseSetFloors. */
export function parseFloors(x: unknown, file = "evals/floors.json"): Floors {
  if (typeof x !== "object" || x === null || Array.isArray(x)) throw new Error(`${file}: must be a JSON object of metric → number`);
  const out: Floors = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === "sets") continue;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${file}: "${k}" must be a number`);
    out[k] = v;
  }
  return out;
}

/** Floors per named set (`sets` in floors.json: "seed-leave-out", "bbc", "reuters"…, see abstentionSets.ts). */
export function parseSetFloors(x: unknown, file = "evals/floors.json"): Record<string, Floors> {
  const sets = (x as { sets?: unknown })?.sets;
  if (sets === undefined) return {};
  if (typeof sets !== "object" || sets === null || Array.isArray(sets)) throw new Error(`${file}: "sets" must map set names to floors`);
  return Object.fromEntries(Object.entries(sets).map(([name, floors]) => [name, parseFloors(floors, `${file} sets.${name}`)]));
}

export const FLOORS: Floors = parseFloors(raw);
export const SET_FLOORS: Record<string, Floors> = parseSetFloors(raw);

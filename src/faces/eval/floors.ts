/** The quality floors: evals/floors.json is the one place their values live. */
import raw from "../../../evals/floors.json" with { type: "json" };
import type { Floors } from "./metrics.js";

export function parseFloors(x: unknown, file = "evals/floors.json"): Floors {
  if (typeof x !== "object" || x === null || Array.isArray(x)) throw new Error(`${file}: must be a JSON object of metric → number`);
  const out: Floors = {};
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${file}: "${k}" must be a number`);
    out[k] = v;
  }
  return out;
}

export const FLOORS: Floors = parseFloors(raw);

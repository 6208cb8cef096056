import { describe, expect, it } from "vitest";
import { articleCentrality } from "../src/answer/briefings/centrality.js";

/** A unit vector between the given axes, so closeness is known exactly. */
function vec(...axes: number[]): Float32Array {
  const v = new Float32Array(8);
  for (const a of axes) v[a] += 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe("article centrality among a subject's articles", () => {
  // Four follow-ups on the bid (axes 0 and 1), one side story naming the company (axis 5).
  const sentences = [
    { articleId: "bid", vector: vec(0) },
    { articleId: "bid", vector: vec(0, 1) },
    { articleId: "suit", vector: vec(0, 1) },
    { articleId: "raise", vector: vec(0) },
    { articleId: "raise", vector: vec(1) },
    { articleId: "end", vector: vec(0, 1) },
    { articleId: "unit-sale", vector: vec(5) },
    { articleId: "unit-sale", vector: vec(5, 0) },
  ];

  it("ranks the side story last and the main story's articles at the top, scaled 0 to 1", () => {
    const c = articleCentrality(sentences, 2);
    expect(c.get("unit-sale")).toBe(0);
    expect(Math.max(...c.values())).toBe(1);
    for (const id of ["bid", "suit", "raise", "end"]) expect(c.get(id)!).toBeGreaterThan(0.8);
  });

  it("gives a lone article or identical ones full weight", () => {
    expect(articleCentrality([{ articleId: "a", vector: vec(0) }])).toEqual(new Map([["a", 1]]));
    expect(articleCentrality([{ articleId: "a", vector: vec(0) }, { articleId: "b", vector: vec(0) }])).toEqual(new Map([["a", 1], ["b", 1]]));
  });
});

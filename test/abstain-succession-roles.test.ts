// Who is leaving in a succession sentence (src/answer/answerability/succession-roles.ts): Reuters dev
// r180, r182, r184, r200 rewritten, each beside its answerable twin (r181, r183, r185, r201).
import { describe, expect, it } from "vitest";
import { anotherSuccession, succeededIn, takesPost } from "../src/answer/answerability/succession-roles.js";
import { namesSuccessor } from "../src/answer/answerability/successor.js";

describe("succession roles", () => {
  const arvin = "Arvin Industries Inc said L.K. Evans has been elected president, succeeding James Baker who remains chairman.";
  it("reads who is succeeded and who takes a post", () => {
    expect(succeededIn(arvin)).toEqual(["James Baker"]);
    expect(takesPost("Evans", arvin)).toBe(true);
    expect(takesPost("Kerslake", "Barclays Bank Plc said it has promoted John Kerslake to chief executive officer.")).toBe(true);
    expect(takesPost("Baker", arvin)).toBe(false);
  });
  it("a sentence on someone else's succession answers no question on X's", () => {
    expect(anotherSuccession("Evans", arvin)).toBe(true);
    expect(anotherSuccession("Baker", arvin)).toBe(false);
    expect(namesSuccessor("Who succeeded L.K. Evans as executive vice president of Arvin Industries?", arvin)).toBe(false);
    expect(namesSuccessor("Who succeeded James Baker as president of Arvin Industries?", arvin)).toBe(true);
  });
  it("the one leaving may also be named to another post", () => {
    const s = "Wurlitzer Co said George Howell was elected vice chairman, succeeding Sid Weiss who was named chief executive officer.";
    expect(namesSuccessor("Who succeeded Sid Weiss as Wurlitzer's vice chairman?", s)).toBe(true);
    expect(namesSuccessor("Who succeeded Frank Rubury as president of Horsman Inc?", "In other action, Frank Rubury was elected president and chief operating officer of Wurlitzer, effective April 27.")).toBe(false);
  });
  it("directors who resigned are not the chairman who was replaced", () => {
    const s = "BSD Medical Corp said Alan L Himber has been appointed chairman of the board, replacing John E. Langdon, who resigned.";
    expect(namesSuccessor("Who replaced Philip Dixon and Robert McCarroll as directors of BSD Medical?", s)).toBe(false);
    expect(namesSuccessor("Who replaced John Langdon as chairman of BSD Medical?", s)).toBe(true);
  });
});

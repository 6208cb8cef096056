import { describe, expect, it } from "vitest";
import { describeError, errorFacts, firstLine, ioProblem, UserError } from "../src/errors.js";

describe("one error describer (src/errors.ts)", () => {
  it("a UserError is its own message and hint; anything else is unexpected, first line only", () => {
    expect(describeError(new UserError("--k must be a whole number", "fix --k"))).toEqual({ message: "--k must be a whole number", hint: "fix --k", expected: true });
    expect(describeError(new UserError("no hint"))).toEqual({ message: "no hint", expected: true });
    expect(describeError(new TypeError("boom\n    at x (y.js:1:1)"))).toEqual({ message: "unexpected error: boom", expected: false });
    expect(describeError("a string")).toEqual({ message: "unexpected error: a string", expected: false });
    expect(firstLine(undefined)).toBe("undefined");
  });

  it("reads codes, the HTTP status and a short message through the causes", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const facts = errorFacts(new TypeError("fetch failed", { cause: refused }));
    expect(facts.codes).toEqual(["ECONNREFUSED"]);
    expect(facts.message).toBe("fetch failed");
    expect(facts.all).toContain("127.0.0.1:9");
    const members = errorFacts(new TypeError("fetch failed", { cause: Object.assign(new AggregateError([Object.assign(new Error("a"), { code: "ENETUNREACH" })], "x")) }));
    expect(members.codes).toEqual(["ENETUNREACH"]);
    expect(errorFacts(Object.assign(new Error("404 status code (no body)"), { status: 404 }))).toMatchObject({ status: 404, message: "" });
    expect(ioProblem(Object.assign(new Error("x"), { code: "ENOSPC" }))).toBe("no space left on the disk");
    expect(ioProblem(new Error("odd\nmore"))).toBe("odd");
  });
});

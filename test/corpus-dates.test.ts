import { describe, expect, it } from "vitest";
import { normalizeDate } from "../src/corpus/dates.js";

describe("normalizeDate", () => {
  it("accepts the ways articles write dates", () => {
    const cases: [unknown, string][] = [
      ["2024-01-31", "2024-01-31"],
      ["2024-1-5", "2024-01-05"],
      ["2024-01-31T23:30:00-05:00", "2024-01-31"], // the date as written, not shifted to UTC
      ["2024-01-31 10:00", "2024-01-31"],
      ["2024/01/31", "2024-01-31"],
      ["20240131", "2024-01-31"],
      ["31 January 2024", "2024-01-31"],
      ["31st Jan. 2024", "2024-01-31"],
      ["Wed, 31 Jan 2024 10:00:00 GMT", "2024-01-31"],
      ["Jan 31, 2024", "2024-01-31"],
      ["January 31st 2024", "2024-01-31"],
      ["Wednesday, January 31, 2024", "2024-01-31"],
      ["Sept 3, 2004", "2004-09-03"],
      [new Date(Date.UTC(2024, 0, 31)), "2024-01-31"],
    ];
    for (const [input, want] of cases) expect(normalizeDate(input), String(input)).toBe(want);
  });

  it("returns null for missing, ambiguous or impossible dates", () => {
    for (const input of [undefined, null, "", "yesterday", "01/02/2024", "2024-02-30", "2023-13-01", "31 Foo 2024", 1706659200, new Date("x")]) {
      expect(normalizeDate(input), String(input)).toBeNull();
    }
    expect(normalizeDate("2024-02-29")).toBe("2024-02-29");
  });
});

// Leave-one-article-out planning and the dev / held-out split: pure functions over article texts.
import { describe, expect, it } from "vitest";
import { batchLeaveOut, leaveOutCap, planLeaveOut, splitOf } from "../src/eval/leaveOut.js";
import type { ArticleText } from "../src/eval/keys.js";
import type { EvalQuestion } from "../src/eval/types.js";

const texts = new Map<string, ArticleText>([
  ["bbc/business/1.txt", { text: "BAT wants to make cigarettes in China, home to 350 million smokers.", keys: ["bbc/business/1.txt"] }],
  ["bbc/business/9.txt", { text: "BAT wants to make cigarettes in China, home to 350 million smokers.", keys: ["bbc/business/9.txt"] }],
  ["bbc/business/2.txt", { text: "China has 350 million smokers, the most of any country.", keys: ["bbc/business/2.txt"] }],
  ["bbc/business/3.txt", { text: "Smoking bans spread across Europe; China has many smokers.", keys: ["bbc/business/3.txt"] }],
]);
const q = (id: string, expected: string[], facts: string[][], answerable = true): EvalQuestion => ({
  id,
  question: `question ${id}`,
  type: answerable ? "number-date" : "unanswerable",
  answerable,
  expected_articles: expected,
  expected_facts: facts,
});

describe("planLeaveOut", () => {
  it("removes the expected article, its same-text duplicate, and any article holding every expected fact", () => {
    const { planned, dropped } = planLeaveOut([q("b002", ["business/1.txt"], [["350 million"]])], texts);
    expect(dropped).toEqual([]);
    expect(planned[0]!.remove).toEqual(["bbc/business/1.txt", "bbc/business/2.txt", "bbc/business/9.txt"]);
    // Asked again as an unanswerable question, same id and wording.
    expect(planned[0]!.question).toMatchObject({ id: "b002", answerable: false, type: "unanswerable", expected_articles: [], expected_facts: [] });
  });

  it("keeps articles that hold only some of the facts, and reads facts on word boundaries", () => {
    const { planned } = planLeaveOut([q("b003", ["business/1.txt"], [["350 million"], ["cigarettes"]]), q("b004", ["business/3.txt"], [["5 million"]])], texts);
    expect(planned[0]!.remove).toEqual(["bbc/business/1.txt", "bbc/business/9.txt"]);
    expect(planned[1]!.remove).toEqual(["bbc/business/3.txt"]); // "5 million" is not in "350 million"
  });

  it("drops questions whose expected article is not in the corpus, and skips unanswerable ones", () => {
    const { planned, dropped } = planLeaveOut([q("x1", ["tech/404.txt"], [["a"]]), q("x2", [], [], false)], texts);
    expect(planned).toEqual([]);
    expect(dropped).toEqual(["x1"]);
  });
});

describe("batchLeaveOut", () => {
  const plan = (id: string, remove: string[]) => ({ question: q(id, [], [], false), remove });
  it("shares a reduced index while the deletions stay within the cap", () => {
    const batches = batchLeaveOut([plan("a", ["1"]), plan("b", ["2"]), plan("c", ["3"]), plan("d", ["1"])], 2);
    expect(batches.map((b) => [b.remove, b.questions.map((x) => x.id)])).toEqual([
      [["1", "2"], ["a", "b", "d"]],
      [["3"], ["c"]],
    ]);
  });
  it("runs a question alone when its own deletions exceed the cap", () => {
    expect(batchLeaveOut([plan("a", ["1", "2", "3"]), plan("b", ["4"])], 2).map((b) => b.questions.map((x) => x.id))).toEqual([["a"], ["b"]]);
  });
  it("caps at 2% of the corpus, at least one article", () => {
    expect(leaveOutCap(3)).toBe(1);
    expect(leaveOutCap(2225)).toBe(44);
  });
});

describe("splitOf", () => {
  it("is fixed by the id and cuts a set roughly in half", () => {
    expect(splitOf("q001")).toBe(splitOf("q001"));
    const ids = Array.from({ length: 200 }, (_, i) => `q${i}`);
    const dev = ids.filter((id) => splitOf(id) === "dev").length;
    expect(dev).toBeGreaterThan(70);
    expect(dev).toBeLessThan(130);
  });
});

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

  it("removes an article writing a figure of the facts in another form, with the same currency or none", () => {
    const wire = new Map<string, ArticleText>([
      ["r/1", { text: "Wright wants to raise 18 billion dlrs in new taxes.", keys: ["r/1"] }],
      ["r/2", { text: "Wright approached the taxwriters with a plan to raise 18 billion dlr in taxes in 1988.", keys: ["r/2"] }],
      ["r/3", { text: "Taiwan's reserves hit 18 billion yen; the plan was shelved.", keys: ["r/3"] }],
      ["r/4", { text: "Brown's plan could cost the UK £1 billion, the Treasury said.", keys: ["r/4"] }],
      ["r/5", { text: "Air China plans to raise $1bn (£514m) from the flotation.", keys: ["r/5"] }],
      ["r/6", { text: "Vodafone has 14m customers; Microsoft is replacing 14 million cables.", keys: ["r/6"] }],
      ["r/7", { text: "Analysts say the unit could sell for up to £350m.", keys: ["r/7"] }],
    ]);
    const { planned } = planLeaveOut(
      [q("r021", ["r/1"], [["18 billion dlrs"]]), q("b015", ["r/9"], [["£1bn"]]), q("b002", ["r/6"], [["350 million"]])],
      new Map([...wire, ["r/9", { text: "It could cost £1bn.", keys: ["r/9"] }]]),
    );
    expect(planned[0]!.remove).toEqual(["r/1", "r/2"]); // "dlr" is "dlrs"; yen is not dollars
    expect(planned[1]!.remove).toEqual(["r/4", "r/9"]); // "£1 billion" is "£1bn"; "$1bn (£514m)" is not
    expect(planned[2]!.remove).toEqual(["r/6"]); // a sum of £350m is not 350 million smokers
  });

  it("reads a fact of words alone verbatim only", () => {
    const words = new Map<string, ArticleText>([
      ["s/1", { text: "The problem X reduces to Y.", keys: ["s/1"] }],
      ["s/2", { text: "The engine's weight was reduced.", keys: ["s/2"] }],
    ]);
    expect(planLeaveOut([q("s1", ["s/1"], [["reduces"]])], words).planned[0]!.remove).toEqual(["s/1"]);
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

// Rules from issue 12's BBC leave-one-article-out work (src/answer/answerability/asked-kind.ts, and
// takings as a sum in asked-detail.ts): BBC b031, b044 and b043 left out, rewritten for a small corpus where the answering story is absent and a
// neighbouring one is quoted. Each refusal has an answerable twin that must be answered.
// Real embedder, index and extractive pipeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Briefer } from "../src/answer/briefer.js";
import { asksNamedKind, postAsked } from "../src/answer/answerability/asked-kind.js";
import { asksMoney } from "../src/answer/asked-detail.js";
import { openOnArticles } from "./support/small-corpus.js";

const ARTICLES: Record<string, string> = {
  "school-standards.md": `---
title: Inspectors to judge school standards
---
Inspectors will look at how computer games and television are used in lessons, the schools watchdog said. This would include the quality of teaching, classroom discipline and academic standards in schools, she said. Parents will be able to read every report online.`,
  "chess-study.md": `---
title: Chess lifts pupils' maths
---
Researchers at the University of Leeds say chess improves the maths of primary pupils. The study followed 400 children in 20 schools over two years.`,
  "fox-buyout.md": `---
title: News Corp bids for rest of Fox
---
News Corp has offered to buy the shares in Fox Entertainment it does not own. The media giant, run by Rupert Murdoch, owns 82% of the shares in the company, home to the Fox television network and the 20th Century Fox film studio. Minority shareholders will receive 1.90 News Corp shares for each Fox share.`,
  "box-office-chart.md": `---
title: Boogeyman scares off rivals
---
The low-budget horror film Boogeyman has knocked Robert de Niro thriller Hide and Seek from the top of the North American box office. Hide and Seek fell one place to number two, while comedy Meet the Fockers dropped to number five.`,
  "uk-chart.md": `---
title: Fockers top UK chart
---
Comedy sequel Meet the Fockers shot to the top of the UK chart at the weekend. It took £7.2m in three days, eight times more than the number two, Closer.`,
  "vibe-awards.md": `---
title: Vibe awards to go ahead
---
The Vibe awards will be held again next year despite a stabbing at the ceremony. Vibe magazine president Kenard Gibbs said the attack was sickening.`,
};

let briefer: Briefer;
beforeAll(async () => {
  briefer = await openOnArticles(ARTICLES, "asked-kind");
}, 300_000);
afterAll(async () => {
  await briefer?.close();
});

describe("questions that ask for a name without 'who'", () => {
  it("reads 'which club', 'what magazine' as asking for a name, not 'what kind of company'", () => {
    expect(asksNamedKind("Which institute's academics say computer games deserve a place in the classroom?")).toBe(true);
    expect(asksNamedKind("Which two firms have worked with Sony on the chip?")).toBe(true);
    expect(asksNamedKind("What magazine did he edit?")).toBe(true);
    expect(asksNamedKind("What kind of company is Sky UK Limited?")).toBe(false);
    expect(asksNamedKind("What schools do preparatory schools prepare children to attend?")).toBe(false);
    expect(asksNamedKind("Which city hosted the final?")).toBe(false);
    expect(postAsked("Who is president of domestic distribution at 20th Century Fox?")).toBe("president");
    expect(postAsked("Who is the UK Prime Minister Blinken is meeting?")).toBe("minister");
    expect(postAsked("Who won the Davis Cup?")).toBeNull();
  });

  it("'which institute's academics' is not answered by a sentence naming no one (BBC b031 left out)", async () => {
    const b = await briefer.ask("Which institute's academics say computer games deserve a place in the classroom?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toMatch(/no name in the best sentences/);
    const twin = await briefer.ask("Which university's researchers say chess improves the maths of primary pupils?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/University of Leeds/);
  });

  it("'who is the president of …' is not answered by a name with no such post beside it (BBC b044 left out)", async () => {
    const b = await briefer.ask("Who is president of domestic distribution at 20th Century Fox?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toMatch(/post asked about \("president"\)/);
    const twin = await briefer.ask("Who is the president of Vibe magazine?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/Kenard Gibbs/);
  });
});

describe("a film's takings asked as 'how much did X take / make' (BBC b043 left out)", () => {
  it("reads takings as a sum, not 'the tax take grow' nor 'how much time did it take'", () => {
    expect(asksMoney("How much did Hide and Seek take to reach number one at the North American box office?")).toBe(true);
    expect(asksMoney("How much did Assault on Precinct 13 make in its first UK weekend?")).toBe(true);
    expect(asksMoney("By how much did Beijing's tax take grow, according to its taxation chief?")).toBe(false);
    expect(asksMoney("How much time did it take?")).toBe(false);
  });

  it("refuses when the chart story gives no sum, and answers the twin whose story gives one", async () => {
    const b = await briefer.ask("How much did Hide and Seek take to reach number one at the North American box office?");
    expect(b.abstained).toBe(true);
    expect(b.abstention?.reason).toMatch(/no sum of money/);
    const twin = await briefer.ask("How much did Meet the Fockers take in three days at the top of the UK chart?");
    expect(twin.abstained).toBe(false);
    expect(twin.answer).toMatch(/£7\.2m/);
  });
});

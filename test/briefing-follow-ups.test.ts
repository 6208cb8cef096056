/**
 * Follow-ups on a briefing through the real pipeline (real embedder, real hnswlib) over the five GenCorp
 * stories, the conversation carried as structured turns (`turnOf`): "and after that?", "what about the
 * earlier reports?", "as an overview?" and "what about April?" answer about the same subject.
 */
import { openPipeline } from "../src/pipeline.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Briefer } from "../src/answer/briefer.js";
import type { Briefing } from "../src/answer/types.js";
import { resolveSettings } from "../src/config.js";
import { turnOf, type Turn } from "../src/conversation/turn.js";
import { gencorpCorpus, hasReuters, REUTERS } from "./support/gencorp.js";

if (!hasReuters) console.warn(`briefing-follow-ups skipped: no Reuters corpus at ${REUTERS}`);

let briefer: Briefer;
beforeAll(async () => {
  if (!hasReuters) return;
  const { corpus, index } = gencorpCorpus();
  briefer = await openPipeline(resolveSettings({ corpus, index, llm: "none" }, {}));
}, 300_000);
afterAll(async () => briefer?.close());

const dates = (b: Briefing) => b.digest!.points.map((p) => p.date!);

describe.skipIf(!hasReuters)("follow-ups on a briefing", () => {
  it("'and after that?' continues the timeline after its last date; 'the earlier reports?' goes before its first", async () => {
    const history: Turn[] = [];
    const first = await briefer.ask("Timeline of the GenCorp takeover battle between March 20 and March 31");
    expect(first.digest?.kind).toBe("timeline");
    const shown = dates(first);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((d) => d >= "1987-03-20" && d <= "1987-03-31")).toBe(true);
    history.push(turnOf(first));

    const after = await briefer.ask("And after that?", { history });
    expect(after.digest?.kind).toBe("timeline");
    expect(after.understoodAs).toMatch(/^Timeline of .*GenCorp.* from 1987-03-3\d$/);
    expect(dates(after).length).toBeGreaterThan(0);
    expect(dates(after).every((d) => d > shown.at(-1)!)).toBe(true);
    // The raised bid (April 3) comes after the rejection.
    expect(after.digest!.points.some((p) => /110 dlrs/.test(p.text))).toBe(true);

    const before = await briefer.ask("What about the earlier reports?", { history });
    expect(dates(before).length).toBeGreaterThan(0);
    expect(dates(before).every((d) => d < shown[0])).toBe(true);
    expect(before.digest!.points.some((p) => /tender offer for all common shares/.test(p.text))).toBe(true);
  });

  it("'as an overview?' and 'what about April?' keep the subject and change the kind or the dates", async () => {
    const timeline = await briefer.ask("Timeline of the GenCorp takeover battle");
    const history = [turnOf(timeline)];
    const overview = await briefer.ask("As an overview?", { history });
    expect(overview.digest?.kind).toBe("overview");
    expect(overview.digest?.subject).toBe(timeline.digest?.subject);
    const april = await briefer.ask("What about April?", { history });
    expect(april.digest?.kind).toBe("timeline");
    expect(dates(april).length).toBeGreaterThan(0);
    expect(dates(april).every((d) => d.startsWith("1987-04"))).toBe(true);
    // Without a briefing before it, the same words are no follow-up.
    const alone = await briefer.ask("What about April?");
    expect(alone.digest).toBeUndefined();
  });
});

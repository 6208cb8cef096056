import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";

const CORPUS = path.join(import.meta.dirname, "..", "corpus");
const SEEDS = path.join(import.meta.dirname, "..", "..", "shared", "seeds");
const BBC = path.join(import.meta.dirname, "..", "..", "shared", "corpora", "bbc");

describe("the default corpus", () => {
  it("holds the three seed articles with readable titles and the one known date", async () => {
    const { articles, problems } = await loadCorpus(CORPUS);
    expect(problems).toEqual([]);
    expect(articles.map((a) => [path.basename(a.source), a.title, a.date])).toEqual([
      ["2024-01-31-us-uk-defence-chiefs.md", "US and UK defence chiefs meet on Iran-aligned militias, the Red Sea and Ukraine", "2024-01-31"],
      ["blinken-in-london-us-uk-strategic-dialogue.md", "Blinken in London to launch a US–UK strategic dialogue", null],
      ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "Hegseth and UK officials discuss peace efforts for Ukraine", null],
    ]);
    expect(articles[0]!.text).toMatch(/^In a significant move underscoring/);
  });

  if (!existsSync(SEEDS)) console.log(`note: ${SEEDS} is absent; the verbatim check against the seeds is skipped`);
  it.skipIf(!existsSync(SEEDS))("keeps each seed body verbatim (the date prefix moved to front matter)", async () => {
    const { articles } = await loadCorpus(CORPUS);
    const seeds = ["000_6256817babd1f59d.txt", "001_88c9f64f045f49d9.txt", "002_eeec23bd9742c3e3.txt"].map((f) =>
      readFileSync(path.join(SEEDS, f), "utf8"),
    );
    expect(articles[0]!.text).toBe(seeds[0]!.replace(/^\s*date 2024-01-31\s+/, "").trim());
    expect(articles[1]!.text).toBe(seeds[1]!.trim());
    expect(articles[2]!.text).toBe(seeds[2]!.trim());
  });

  it.skipIf(!existsSync(SEEDS))("reads the raw seed files too, taking the date from the first one", async () => {
    const { articles } = await loadCorpus(SEEDS);
    expect(articles.map((a) => a.date)).toEqual(["2024-01-31", null, null]);
    expect(articles[0]!.text).toMatch(/^In a significant move/);
  });
});

if (!existsSync(BBC)) console.log(`note: ${BBC} is absent; the BBC corpus tests are skipped`);
describe.skipIf(!existsSync(BBC))("the BBC corpus", () => {
  it("loads all 2,225 articles with headlines as titles, README ignored", async () => {
    // Its work is counted, not timed: corpus-limits.test.ts (one read per file).
    const r = await loadCorpus(BBC);
    expect(r.problems).toEqual([]);
    expect(r.articles).toHaveLength(2225);
    expect(r.ignored).toBe(1);
    const first = r.articles[0]!;
    expect(first.source).toBe(path.join(BBC, "business", "001.txt"));
    expect(first.title).toBe("Ad sales boost Time Warner profit");
    expect(first.text).toMatch(/^Quarterly profits at US media giant TimeWarner jumped 76%/);
    // Every article got a headline, none fell back to its numeric file name.
    expect(r.articles.filter((a) => /^\d+$/.test(a.title))).toEqual([]);
    expect(r.articles.filter((a) => a.text.startsWith(a.title))).toEqual([]);
  });

  it("decodes sport/199.txt (Windows-1252) instead of skipping it", async () => {
    const { articles } = await loadCorpus(path.join(BBC, "sport"));
    const a = articles.find((x) => x.source.endsWith("199.txt"))!;
    expect(a.title).toBe("Chelsea sack Mutu");
    expect(a.text).toContain("a £15.8m signing from Parma");
    expect(a.text).not.toMatch(/[\u0080-\u009f\ufffd]/);
  });
});

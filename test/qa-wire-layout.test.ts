/**
 * Hard-wrapped wire copy (Reuters breaks its lines at about 65 characters and indents them) is
 * laid out as prose in printed answers and quotes: before, every Reuters answer kept the wire's
 * line breaks, so `ask` printed ragged half-lines ("The Federal Reserve will promote lower" /
 * "interest rates this year…") and each quote's continuation lines were indented twice. The real
 * CLI, the real embedder, a temporary corpus; `--json` keeps the verbatim text.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { flowWrapped } from "../src/faces/terminal/briefing.js";
import { tempDir } from "./support/fixtures.js";
import { cli, expectClean, json } from "./support/robust.js";

// Two stories in the layout of reuters-21578.jsonl: hard-wrapped at ~65 columns, paragraphs indented.
const FED =
  "    The Federal Reserve will promote lower\n" +
  "interest rates this year to sustain world economic growth,\n" +
  "First Boston Corp managing director Albert Wojnilower said.\n" +
  "    Wojnilower told a meeting of bankers that the central bank\n" +
  "would keep credit easy as long as the dollar stayed stable.\n" +
  " REUTER\n";
const SUGAR =
  "    Cuba's sugar harvest is expected to fall short of the\n" +
  "target set by the government, trade sources in Havana said.\n" +
  " REUTER\n";
const Q = "What will the Federal Reserve promote this year?";
const SENTENCE = "The Federal Reserve will promote lower interest rates this year to sustain world economic growth,";

describe("wire copy in printed answers and quotes", () => {
  let dir: string;
  let index: string;
  beforeAll(async () => {
    dir = tempDir("briefing-wire-");
    index = path.join(tempDir(), "index");
    const records = [
      { id: "reut_1", title: "Wojnilower Sees Drop In U.S. Interest Rates", date: "1987-04-08", text: FED },
      { id: "reut_2", title: "Cuban Sugar Harvest Short", date: "1987-04-09", text: SUGAR },
    ];
    writeFileSync(path.join(dir, "wire.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const r = await cli(["ingest", "--corpus", dir, "--index", index]);
    expect(r.code, r.stderr).toBe(0);
    // The index's size on disk ends the summary (what someone with a large archive wants to know).
    expect(r.stdout).toMatch(/^Indexed 2 documents .* \(\d+(\.\d)? MB on disk\)$/m);
  }, 180_000);

  it("`ask` prints the answer and its quote as flowing lines, not the wire's breaks", async () => {
    const r = await cli(["ask", Q, "--corpus", dir, "--index", index], { env: { COLUMNS: "100" } });
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    // The answer's first line is filled: the whole opening clause, not "…will promote lower".
    expect(lines[0]).toContain(SENTENCE.slice(0, 80));
    expect(lines).not.toContain("The Federal Reserve will promote lower");
    // The quote under the source flows too: its opening runs past where the wire broke it.
    const quote = lines.find((l) => l.includes("“The Federal Reserve"));
    expect(quote, r.stdout).toBeDefined();
    expect(quote!).toContain("“The Federal Reserve will promote lower interest rates");
  }, 120_000);

  it("the piped chat lays it out the same way", async () => {
    const r = await cli(["chat", "--corpus", dir, "--index", index], { stdin: `${Q}\n`, env: { COLUMNS: "100" } });
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("The Federal Reserve will promote lower interest rates");
    expect(r.stdout).not.toMatch(/promote lower\n/);
  }, 120_000);

  it("`--json` keeps the article's text verbatim, line breaks and all", async () => {
    const r = json(await cli(["ask", Q, "--json", "--corpus", dir, "--index", index]));
    const cited = r.citations.find((c: { quote: string }) => c.quote.includes("Federal Reserve"));
    expect(cited?.quote).toContain("promote lower\ninterest rates");
  }, 120_000);
});

describe("flowWrapped", () => {
  it("joins wrapped lines but keeps bullets, table rows, wire figures lines and a list's lead-in", () => {
    expect(flowWrapped("The Fed will\n  promote lower\nrates.")).toBe("The Fed will promote lower rates.");
    expect(flowWrapped("Talks covered:\n- trade\n- defence")).toBe("Talks covered:\n- trade\n- defence");
    expect(flowWrapped("Strategy | Outcome |\n---|---|\nTalks | Peace |")).toBe("Strategy | Outcome |\n---|---|\nTalks | Peace |");
    expect(flowWrapped("Shr 34 cts vs 1.19 dlrs\nNet 1.1 mln vs 3.2 mln")).toBe("Shr 34 cts vs 1.19 dlrs\nNet 1.1 mln vs 3.2 mln");
    expect(flowWrapped("One paragraph.\n\nAnother.")).toBe("One paragraph.\n\nAnother.");
  });
});

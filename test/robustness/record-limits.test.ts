/**
 * Robustness catalogue, issue 10 item 7 (the parts about input): a record of a .jsonl/.json/.csv
 * file gets the same 4 MB limit as a .txt article; no sentence grows past MAX_SENTENCE_CHARS; a
 * newline or tab in a file name never splits a printed source or problem line. Real CLI, real embedder.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkArticles } from "../../src/corpus/chunk.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { MAX_SENTENCE_CHARS, splitSentences } from "../../src/text/sentences.js";
import { tempDir } from "../support/fixtures.js";
import { cli, expectClean, json } from "../support/robust.js";

// 5 MB of words with no punctuation: the record that became 8,063 passage-long "sentences" and 744 MB.
const blob = () => Array.from({ length: (5 * 1024 * 1024) / 7 }, (_, i) => `w${String(i % 100000).padStart(5, "0")}`).join(" ");
const SMALL = "The ferry to Roscoff sailed on time on Monday, the operator said.";

describe("a record over the article limit", () => {
  it("is skipped with one line naming the file and record, in .jsonl, .json and .csv; the other records load", async () => {
    const dir = tempDir("briefing-records-");
    const big = blob();
    writeFileSync(path.join(dir, "wire.jsonl"), `${JSON.stringify({ id: "huge", text: big })}\n${JSON.stringify({ id: "ok", title: "Ferry", text: SMALL })}\n`);
    writeFileSync(path.join(dir, "dump.json"), JSON.stringify([{ title: "Dump", text: big }, { title: "Port", text: "The port of Brest reopened after the storm on Tuesday." }]));
    writeFileSync(path.join(dir, "sheet.csv"), `title,text\nBig,${big}\nRail,"Trains to Quimper ran late on Friday, the railway said."\n`);
    const index = path.join(tempDir(), "index");
    const r = await cli(["ingest", "--corpus", dir, "--index", index]);
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    // One notice line each as it is found (stderr); the summary lists them again on stdout.
    const lines = r.stderr.split("\n").filter((l) => /over the 4\.0 MB limit/.test(l));
    expect(lines, r.stderr).toHaveLength(3);
    for (const id of ["wire.jsonl#huge", "dump.json#1", "sheet.csv#1"]) {
      expect(lines.some((l) => l.includes(path.join(dir, id)) && l.includes("record is 5.0 MB, over the 4.0 MB limit for one article")), `${id}: ${lines.join("\n")}`).toBe(true);
    }
    const a = json(await cli(["ask", "Did the ferry to Roscoff sail on time?", "--json", "--corpus", dir, "--index", index]));
    expect(a.citations[0].source).toBe(path.join(dir, "wire.jsonl#ok"));
  }, 180_000);

  it("a long record under the limit with no punctuation gives sentences no longer than the cap", async () => {
    const dir = tempDir("briefing-records-");
    writeFileSync(path.join(dir, "wire.jsonl"), `${JSON.stringify({ text: blob().slice(0, 300_000) })}\n`);
    const { articles } = await loadCorpus(dir);
    const passages = await chunkArticles(articles);
    const sentences = passages.flatMap((p) => splitSentences(p.text));
    expect(Math.max(...sentences.map((s) => s.text.length))).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(Math.max(...splitSentences(articles[0]!.text).map((s) => s.text.length))).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
  });
});

describe("control characters in file names", () => {
  it("a newline or tab in a name is shown as \\n or \\t, so source and problem lines stay whole", async () => {
    const dir = tempDir("briefing-names-");
    writeFileSync(path.join(dir, "harbour\nnews.txt"), `Harbour news\n\n${SMALL}\n`);
    writeFileSync(path.join(dir, "bad\tname\n.json"), "{ not json");
    const index = path.join(tempDir(), "index");
    const ingest = await cli(["ingest", "--corpus", dir, "--index", index]);
    expectClean(ingest);
    expect(ingest.code, ingest.stderr).toBe(0);
    const problem = ingest.stderr.split("\n").find((l) => l.includes("not valid JSON"));
    expect(problem, ingest.stderr).toContain(`${path.join(dir, "bad\\tname\\n.json")}:1: not valid JSON`);

    const plain = await cli(["ask", "Did the ferry to Roscoff sail on time?", "--corpus", dir, "--index", index]);
    expectClean(plain);
    const source = plain.stdout.split("\n").find((l) => l.startsWith("[1]"));
    expect(source, plain.stdout).toMatch(new RegExp(`Harbour news — undated — .*harbour\\\\nnews\\.txt$`));

    const chat = await cli(["chat", "--corpus", dir, "--index", index], { stdin: "Did the ferry to Roscoff sail on time?\n/sources\n/quit\n" });
    expectClean(chat);
    for (const l of chat.stdout.split("\n").filter((l) => l.includes("undated"))) expect(l).toMatch(/harbour\\nnews\.txt$/);
    expect(chat.stdout).not.toMatch(/harbour\n/);
  }, 180_000);
});

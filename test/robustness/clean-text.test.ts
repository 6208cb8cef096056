/**
 * Robustness catalogue, text stored clean (issue 10): escape and control sequences, zero-width
 * characters and an 8-bit CSI in a Windows-1252 file are removed when an article is loaded, so the
 * stored text, its BM25 tokens, quotes and offsets all agree. The real CLI, the real embedder.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/fixtures.js";
import { cli, expectClean, json, type Run } from "../support/robust.js";

// Anything a terminal acts on, or that hides between letters.
const DIRTY = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]|\[\d+m|\]0;/;
const Q_LORIENT = "What did firefighters save in Lorient?";
const BAKERY = "Firefighters saved the bakery next door.";
const Q_RIVERTON = "When was the dam in Riverton repaired?";

function corpus(files: Record<string, string | Buffer>): { dir: string; index: string } {
  const dir = tempDir("briefing-clean-");
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return { dir, index: path.join(tempDir(), "index") };
}

/** `printf` output of the files, byte for byte. */
const lorient = {
  "a.txt": "Fire in Lorient\n\nA fire broke out in a shop in Lorient on Tuesday. \x1b[1mFirefighters\x1b[0m saved the \x1b[4mbakery\x1b[0m next door.\n",
  "b.txt": "Fire in Quimper\n\nA fire broke out in a shop in Quimper on Tuesday. Firefighters saved the pharmacy next door.\n",
};
const riverton = {
  "evil.txt": "Evil \x1b]0;pwned\x07 headline\n\n\x1b[2J\x1b[31mThe dam in Riverton was repaired in March.\x1b[0m\n",
  "mixed.jsonl": '{"title":"ok","text":"The harbour reopened on Monday after repairs."}\n',
};

function expectNoDirt(r: Run): void {
  expectClean(r);
  expect(r.stdout).not.toMatch(DIRTY);
}

describe("escape sequences removed when an article is loaded", () => {
  let a: { dir: string; index: string };
  let b: { dir: string; index: string };
  beforeAll(async () => {
    a = corpus(lorient);
    b = corpus(riverton);
    for (const c of [a, b]) {
      const r = await cli(["ingest", "--corpus", c.dir, "--index", c.index]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 180_000);

  it("Lorient: the bakery sentence from a.txt, not the pharmacy from b.txt (plain and --json)", async () => {
    const plain = await cli(["ask", Q_LORIENT, "--corpus", a.dir, "--index", a.index]);
    expectNoDirt(plain);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(BAKERY);
    expect(plain.stdout).not.toContain("pharmacy");
    expect(plain.stdout).toContain(path.join(a.dir, "a.txt"));

    const r = json(await cli(["ask", Q_LORIENT, "--json", "--corpus", a.dir, "--index", a.index]));
    const cited = r.citations.find((c: { quote: string }) => c.quote === BAKERY);
    expect(cited, JSON.stringify(r.citations)).toBeDefined();
    expect(cited.source).toBe(path.join(a.dir, "a.txt"));
    expect(r.citations.map((c: { source: string }) => c.source)).not.toContain(path.join(a.dir, "b.txt"));
    expect(JSON.stringify(r)).not.toMatch(/\\u001b|\\u0007|\[\d+m/);
    // Offsets point at the quote in the stored (clean) text.
    expect(r.passages[0].text.slice(cited.start - r.passages[0].start, cited.end - r.passages[0].start)).toBe(BAKERY);
  });

  it("Riverton: the dam sentence with March, from a title and text that held OSC and CSI", async () => {
    const plain = await cli(["ask", Q_RIVERTON, "--corpus", b.dir, "--index", b.index]);
    expectNoDirt(plain);
    expect(plain.stdout).toContain("The dam in Riverton was repaired in March.");
    expect(plain.stdout).toContain("Evil headline");

    const r = json(await cli(["ask", Q_RIVERTON, "--json", "--corpus", b.dir, "--index", b.index]));
    expect(r.answer).toContain("March");
    expect(r.citations[0].quote).toBe("The dam in Riverton was repaired in March.");
    expect(r.citations[0].title).toBe("Evil headline");
    expect(JSON.stringify(r)).not.toMatch(/\\u001b|\\u0007|\[\d+m|\]0;/);
  });

  it("the chat's /sources shows the clean passages and titles", async () => {
    for (const [c, q, want] of [
      [a, Q_LORIENT, BAKERY],
      [b, Q_RIVERTON, "The dam in Riverton was repaired in March."],
    ] as const) {
      const r = await cli(["chat", "--corpus", c.dir, "--index", c.index], { stdin: `${q}\n/sources\n/quit\n` });
      expectNoDirt(r);
      expect(r.code, r.stderr).toBe(0);
      const at = r.stdout.indexOf("Passages behind the last answer");
      expect(at, r.stdout).toBeGreaterThan(0);
      expect(r.stdout.slice(at)).toContain(want);
      expect(r.stdout).not.toMatch(/\dmFirefighters|4mbakery|31mThe/);
    }
  });
});

describe("Windows-1252 and invisible characters", () => {
  it("an 8-bit CSI (0x9B) with parameters is removed whole; a French › quote is kept", async () => {
    const latin = (s: string) => Buffer.from(s, "latin1");
    // 0x9B is "›" in Windows-1252; 0xE9 "é" makes the file invalid UTF-8.
    const c = corpus({
      "lorient.txt": Buffer.concat([latin("Incendie à Lorient\n\nA fire broke out in a shop in Lorient. "), Buffer.from([0x9b]), latin("1mFirefighters"), Buffer.from([0x9b]), latin("0m saved the bakery, the café said.\n")]),
      "guillemets.txt": Buffer.concat([latin("Citation\n\nLe maire a dit "), Buffer.from([0x8b]), latin(" tout va bien "), Buffer.from([0x9b]), latin(" au café du port de Brest.\n")]),
    });
    const r = json(await cli(["ask", "What did the mayor of Brest say?", "--json", "--corpus", c.dir, "--index", c.index]));
    const texts = r.passages.map((p: { text: string }) => p.text).join("\n");
    expect(texts).toContain("Le maire a dit ‹ tout va bien › au café du port de Brest.");
    expect(texts).toContain("Firefighters saved the bakery, the café said.");
    expect(texts).not.toMatch(/›\d|\dmFire/);
  });

  it("zero-width spaces and word joiners are dropped; a joiner inside an emoji stays (and a non-joiner in Persian)", async () => {
    const c = corpus({
      "zw.txt": "Harbour news\n\nThe fer\u200bry to Ros\u2060coff sailed on time, \ufeffthe operator said. Crew cheered 👩\u200d🚒 and wrote می\u200cخواهم.\n",
    });
    const r = json(await cli(["ask", "Did the ferry to Roscoff sail on time?", "--json", "--corpus", c.dir, "--index", c.index]));
    expect(r.citations[0]?.quote ?? "", JSON.stringify(r)).toContain("The ferry to Roscoff sailed on time, the operator said.");
    const text = r.passages.map((p: { text: string }) => p.text).join("\n");
    expect(text).not.toMatch(/[\u200b\u2060\ufeff]/);
    expect(text).toContain("👩\u200d🚒");
    expect(text).toContain("می\u200cخواهم");
  });
});

/**
 * A new user's folder of odd files (QA, 2026-12-01), through the real loader and the real CLI:
 * - a short binary file (a few hundred bytes, no NUL, under 10% control bytes) was indexed as
 *   Windows-1252 garbage; now refused as binary, like a long one;
 * - `<html><title>…</title><body>…` with no `<head>` (hand-written pages) read as "empty (no text)":
 *   linkedom left the real body beside an empty one; now the head a browser infers is supplied.
 * Every bad file is one `skipped` line naming it (escape sequences in its name removed); the good ones answer.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "../src/corpus/encoding.js";
import { loadCorpus } from "../src/corpus/load.js";
import { tempDir } from "./support/fixtures.js";
import { cli, expectClean } from "./support/robust.js";

/** Bytes as compressed data looks: mostly high bytes (invalid UTF-8), 5% control bytes, no NUL. */
function shortBinary(n = 300): Buffer {
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Buffer.from(Array.from({ length: n }, (_, i) => (i % 20 === 7 ? 1 + Math.floor(next() * 8) : 0x80 + Math.floor(next() * 128))));
}

function oddFolder(): string {
  const dir = path.join(tempDir("briefing-odd-"), "odd");
  mkdirSync(dir);
  const put = (name: string, content: string | Buffer) => writeFileSync(path.join(dir, name), content);
  put("empty.md", "");
  put("blank.txt", "   \n\n  ");
  put("short-binary.md", shortBinary());
  put("latin1.txt", Buffer.from("Caf\xe9 owners in M\xfcnchen said prices rose on Tuesday.\n", "latin1"));
  put("utf16.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("The lighthouse at Skerry was repainted.", "utf16le")]));
  put("escapes.md", "# Escapes \x1b[31mred\x1b[0m title\n\nThe council \x1b]0;pwned\x07voted to close the \x1b[2Jharbour on Friday.\n");
  put("bad.json", '{"title": "broken');
  put("no-head.html", "<html><title>Port news</title><body><h1>Port news</h1><p>The port of Leith handled record cargo in May.</p></body></html>");
  put("script-first.html", "<html><script>alert(1)</script><body><p>The ferry to Orkney was cancelled by gales.</p></body></html>");
  put("empty-\x1b[31mname.md", "");
  return dir;
}

describe("a folder of odd files", () => {
  it("a short binary file is refused as binary; real Windows-1252 text is still read", () => {
    expect(decodeBytes(shortBinary())).toEqual({ problem: expect.stringMatching(/^binary file \(not text\)/) });
    expect(decodeBytes(shortBinary(60))).toEqual({ problem: expect.stringMatching(/^binary file/) });
    expect(decodeBytes(Buffer.from("\x93Caf\xe9\x94 \x96 10\x80 in M\xfcnchen.", "latin1"))).toEqual({ text: "“Café” – 10€ in München.", encoding: "windows-1252" });
  });

  it("HTML without <head> is read: its title, its body text", async () => {
    const dir = oddFolder();
    const { articles } = await loadCorpus(dir);
    const byId = new Map(articles.map((a) => [a.id, a]));
    expect(byId.get("no-head.html")).toMatchObject({ title: "Port news" });
    expect(byId.get("no-head.html")?.text).toContain("The port of Leith handled record cargo in May.");
    expect(byId.get("script-first.html")?.text).toBe("The ferry to Orkney was cancelled by gales.");
  });

  it("ingest names each bad file in one line, indexes the rest, and nothing reaches the terminal raw", async () => {
    const dir = oddFolder();
    const index = path.join(tempDir(), "index");
    const r = await cli(["ingest", "--corpus", dir, "--index", index]);
    expectClean(r);
    expect(r.code, r.stderr).toBe(0);
    const skipped = r.stderr.split("\n").filter((l) => l.startsWith("skipped "));
    const named = (file: string) => skipped.filter((l) => l.includes(path.join(dir, file)));
    for (const file of ["empty.md", "blank.txt", "short-binary.md", "bad.json"]) expect(named(file), r.stderr).toHaveLength(1);
    expect(named("short-binary.md")[0]).toMatch(/binary file \(not text\); convert it to text, or remove it/);
    expect(skipped.filter((l) => l.includes("name.md")), r.stderr).toHaveLength(1); // its escape sequence removed
    expect(skipped).toHaveLength(5);
    expect(r.stdout).toMatch(/Indexed 5 documents/);

    const asked = await cli(["ask", "Which port handled record cargo in May?", "--corpus", dir, "--index", index, "--json"]);
    expect(asked.code, asked.stderr).toBe(0);
    expect(JSON.parse(asked.stdout).citations[0].source).toContain("no-head.html");
  }, 300_000);
});

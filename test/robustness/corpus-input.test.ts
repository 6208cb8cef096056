/**
 * Robustness catalogue, corpus input: every odd thing a corpus folder can hold, loaded by the
 * real loader and, where it matters, ingested and asked through the real CLI.
 */
// Timeouts here are hang guards, not timing checks: generous, as a loaded 2-core machine runs each CLI start several times slower.
import { execFileSync } from "node:child_process";
import { chownSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chunkArticles } from "../../src/corpus/chunk.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { copyOfSeedCorpus, tempDir } from "../support/fixtures.js";
import { cli, expectClean, expectFailure, json, nobodyCannotRunCli, permissionsApply, readableByAll } from "../support/robust.js";

const NO_PUNCT = Array.from({ length: 40 }, (_, i) => `the lighthouse keepers of Skerryvore voted to strike over pay and rota changes on shift ${i} and the union backed them`).join(" ");
const DEEP = "Submarines from three navies began patrolling the Skagerrak strait on Thursday.";
const CAFE = "Café owners in Brest protested on Tuesday against a new tax on terraces.";

/** The seed articles plus one of each odd entry, built once; the CLI cases below share it. */
function messyCorpus(): string {
  const dir = copyOfSeedCorpus();
  const put = (rel: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  };
  put("binary.txt", Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)));
  put("nopunct.txt", NO_PUNCT);
  put("one.txt", "Zeitgeist");
  put("bad-front-matter.md", "---\ntitle: [unclosed\ndate: : :\n---\nBody text here.\n");
  put("records.jsonl", ['{"title":"Ferry sails","text":"The night ferry to Bergen sailed at noon."}', "{bad json", '{"title":"Harbour","text":"The harbour at Stavanger reopened."}'].join("\n"));
  let deep = "deep";
  for (let i = 1; i <= 60; i++) deep = path.join(deep, `level${i}`);
  put(path.join(deep, "skagerrak.txt"), DEEP);
  symlinkSync("..", path.join(dir, "deep", "loop")); // back up into the corpus: read once
  symlinkSync("self", path.join(dir, "self")); // a link to itself
  symlinkSync(path.join(dir, "missing.txt"), path.join(dir, "dangling.txt"));
  execFileSync("mkfifo", [path.join(dir, "pipe.txt")]); // reading it would block forever
  put(path.join("Über dossier", "café à Brest.txt"), CAFE);
  cpSync(path.join(dir, "blinken-in-london-us-uk-strategic-dialogue.md"), path.join(dir, "copy of blinken.md"));
  return dir;
}

describe("corpus folder: missing or empty", () => {
  it("an empty folder: ingest and ask stop with one line naming it and what to add", async () => {
    const empty = tempDir("briefing-empty-");
    const index = path.join(tempDir(), "index");
    for (const args of [["ingest"], ["ask", "What happened?"]]) {
      const r = await cli([...args, "--corpus", empty, "--index", index]);
      expectFailure(r, new RegExp(`no articles could be read from ${empty}`), /add \.txt, \.md, \.json/);
    }
  }, 180_000);

  it("a folder that does not exist: one line naming it, and how to point at another", async () => {
    const missing = path.join(tempDir(), "no-such-corpus");
    const r = await cli(["ask", "What happened?", "--corpus", missing, "--index", path.join(tempDir(), "index")]);
    expectFailure(r, new RegExp(`corpus folder ${missing} does not exist`), /--corpus <folder>/);
  }, 180_000);
});

describe("a messy corpus through the CLI", () => {
  let corpus: string;
  let index: string;
  let plain: Awaited<ReturnType<typeof cli>>;
  let report: any;
  const ask = async (q: string) => json(await cli(["ask", q, "--json", "--corpus", corpus, "--index", index]));

  beforeAll(async () => {
    corpus = messyCorpus();
    index = path.join(tempDir(), "index");
    plain = await cli(["ingest", "--corpus", corpus, "--index", index]);
    report = json(await cli(["ingest", "--json", "--corpus", corpus, "--index", index]));
  }, 360_000);

  const reason = (rel: string) => report.skipped.find((s: any) => s.path === path.join(corpus, rel))?.reason;

  it("indexes the good files and names each skipped file with its reason, in one line each", () => {
    expectClean(plain);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^Indexed 10 documents/);
    expect(report).toMatchObject({ documents: 10, unchanged: true });
    for (const s of report.skipped) expect(plain.stderr).toContain(`skipped ${s.path}: ${s.reason}\n`);
    expect(report.skipped.map((s: any) => path.relative(corpus, s.path)).sort()).toEqual(
      ["bad-front-matter.md", "binary.txt", "dangling.txt", "pipe.txt", "records.jsonl:2", "self"].sort(),
    );
  });

  it("a binary file with a text extension is skipped as binary", () => expect(reason("binary.txt")).toMatch(/^binary file \(not text\); convert it to text, or remove it/));
  it("malformed front matter: that file only, with the YAML error and the fix", () => expect(reason("bad-front-matter.md")).toMatch(/^front matter is not valid YAML \(.+\); fix it, or remove the --- lines$/));
  it("JSONL with one bad line: the line is named, the good lines load", async () => {
    expect(reason("records.jsonl:2")).toMatch(/^not valid JSON/);
    const b = await ask("Where did the night ferry sail to?");
    expect(b.citations[0]).toMatchObject({ source: `${path.join(corpus, "records.jsonl")}#1`, quote: "The night ferry to Bergen sailed at noon." });
  }, 180_000);
  it("a dangling symlink and a link to itself are skipped with what to do", () => {
    expect(reason("dangling.txt")).toBe("broken link (its target is missing); fix or remove the link");
    expect(reason("self")).toBe("symbolic link loop (the link leads back to itself); remove the link");
  });
  it("a named pipe with a .txt name is reported, never read (reading would hang)", () => expect(reason("pipe.txt")).toMatch(/^not a regular file/));

  it("a file with no sentence punctuation is indexed in bounded passages and quoted verbatim", async () => {
    const b = await ask("Why did the lighthouse keepers of Skerryvore vote to strike?");
    const c = b.citations.find((x: any) => x.source.endsWith("nopunct.txt"));
    expect(c, JSON.stringify(b.citations)).toBeDefined();
    expect(NO_PUNCT).toContain(c.quote);
    const { articles } = await loadCorpus(corpus);
    const passages = await chunkArticles(articles.filter((a) => a.source.endsWith("nopunct.txt")));
    expect(passages.length).toBeGreaterThan(4);
    for (const p of passages) {
      expect(p.text.length).toBeLessThanOrEqual(800);
      expect(NO_PUNCT.slice(p.start, p.end)).toBe(p.text);
    }
  }, 180_000);

  it("an article of one word is indexed and retrievable", async () => {
    const b = await ask("Zeitgeist");
    expect(b.passages.map((p: any) => p.source)).toContain(path.join(corpus, "one.txt"));
  }, 180_000);

  it("duplicate articles under two names: both indexed, one retrieval slot, the briefing never quotes the same text twice", async () => {
    for (const q of ["Why is Blinken visiting London?", "What is the US-UK strategic dialogue?"]) {
      const b = await ask(q);
      const quotes = b.citations.map((c: any) => c.quote);
      expect(new Set(quotes).size, quotes.join("\n")).toBe(quotes.length);
      const said = b.sentences.map((s: any) => s.text);
      expect(new Set(said).size).toBe(said.length);
      // The two copies take one retrieval slot, not two.
      const texts = b.passages.map((p: any) => p.text);
      expect(new Set(texts).size, b.passages.map((p: any) => p.source).join("\n")).toBe(texts.length);
    }
  }, 180_000);

  it("a 60-level deep folder with a symlink loop is read once; its article is cited by its path", async () => {
    const b = await ask("Which strait are submarines patrolling?");
    expect(b.citations[0].quote).toBe(DEEP);
    expect(b.citations[0].source).toMatch(/deep\/level1\/.*\/level60\/skagerrak\.txt$/);
    expect(b.citations[0].source).not.toContain("loop");
  }, 180_000);

  it("file and folder names with spaces and non-ASCII characters keep their names", async () => {
    const b = await ask("What did café owners in Brest protest against?");
    expect(b.citations[0]).toMatchObject({ source: path.join(corpus, "Über dossier", "café à Brest.txt"), quote: CAFE, title: "Café à Brest" });
  }, 180_000);
});

describe("an unreadable file", () => {
  // As root, permissions stop no one: the CLI runs as `nobody`, who must be able to reach the checkout.
  const why = permissionsApply ? null : nobodyCannotRunCli();
  if (why) console.log(`skipped "an unreadable file": ${why}`);
  it.skipIf(why)(`is skipped with 'permission denied' and the rest is indexed${why ? ` (skipped: ${why})` : ""}`, async () => {
    const corpus = copyOfSeedCorpus();
    writeFileSync(path.join(corpus, "locked.txt"), "Secret minutes of a meeting.");
    const indexParent = tempDir();
    readableByAll(corpus, indexParent);
    execFileSync("chmod", ["000", path.join(corpus, "locked.txt")]);
    const index = path.join(indexParent, "index");
    mkdirSync(index);
    // As root, permissions stop no one: run the CLI as `nobody`, who may write only the index folder.
    if (!permissionsApply) chownSync(index, 65534, 65534);
    const r = await cli(["ingest", "--json", "--corpus", corpus, "--index", index], { asNobody: !permissionsApply });
    expectClean(r);
    const out = json(r);
    expect(out.documents).toBe(3);
    expect(out.skipped).toEqual([{ path: path.join(corpus, "locked.txt"), reason: "permission denied (cannot read it); make it readable, or move it out of the corpus" }]);
  }, 180_000);
});

// Size and count limits of the loader and chunker: corpus-limits.test.ts (work counted, not timed).

import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleHash } from "../src/corpus/article.js";
import { loadCorpus } from "../src/corpus/load.js";
import type { LoadProblem } from "../src/corpus/types.js";
import { UserError } from "../src/errors.js";

let root: string;
const dirs: string[] = [];

async function corpus(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(root, "c-"));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "briefing-load-"));
});
afterAll(async () => {
  await chmod(root, 0o755).catch(() => {});
  await rm(root, { recursive: true, force: true });
});

const BODY = "The minister met his counterpart on Tuesday. They discussed trade and security.";

describe("loadCorpus: plain text", () => {
  it("takes a short first line followed by a blank line as the headline (BBC layout)", async () => {
    const dir = await corpus({ "a.txt": `Ad sales boost Time Warner profit\n\n${BODY}\n` });
    const { articles, problems } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(articles[0]).toMatchObject({ title: "Ad sales boost Time Warner profit", text: BODY, date: null });
  });

  it("does not take a first sentence as a headline; titles from the file name instead", async () => {
    const dir = await corpus({ "us_uk-talks.txt": `The minister met his counterpart.\n\nThey talked.`, "b.txt": `${BODY}\nMore.` });
    const { articles } = await loadCorpus(dir);
    expect(articles.map((a) => a.title)).toEqual(["B", "Us uk talks"]);
    expect(articles[1]!.text).toBe("The minister met his counterpart.\n\nThey talked.");
  });

  it("moves a leading `date YYYY-MM-DD` into the date and out of the body", async () => {
    const dir = await corpus({ "d.txt": ` date 2024-01-31 In a significant move, ministers met.\n\nSecond paragraph.` });
    const [a] = (await loadCorpus(dir)).articles;
    expect(a).toMatchObject({ date: "2024-01-31", text: "In a significant move, ministers met.\n\nSecond paragraph." });
  });

  it("fills id, source and a hash that changes with the text", async () => {
    const dir = await corpus({ "x/a.txt": BODY, "x/b.txt": BODY + " Extra." });
    const { articles } = await loadCorpus(dir);
    const a = articles[0]!;
    expect(a.source).toBe(path.join(dir, "x", "a.txt"));
    // The id is the path inside the corpus folder, however the folder was named.
    expect(a.id).toBe(path.join("x", "a.txt"));
    expect(a.hash).toBe(articleHash(a.title, a.date, a.text));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(articles[1]!.hash).not.toBe(a.hash);
  });

  it("keeps the corpus path as given: relative in, relative sources out", async () => {
    const dir = await corpus({ "n/a.txt": BODY });
    const rel = path.relative(process.cwd(), dir);
    const { articles } = await loadCorpus(rel);
    expect(articles[0]!.source).toBe(path.join(rel, "n", "a.txt"));
    expect(path.isAbsolute(articles[0]!.source)).toBe(false);
  });
});

describe("loadCorpus: encodings and bad files", () => {
  it("decodes invalid UTF-8 as Windows-1252 instead of skipping it", async () => {
    const latin1 = Buffer.from("Caf\xe9 owners in S\xe3o Paulo paid \xa315m \x96 a record.", "latin1");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Wide headline\r\n\r\nBody in UTF-16.", "utf16le")]);
    const dir = await corpus({
      "l.txt": latin1,
      "bom.txt": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Déjà vu headline\n\nBody.")]),
      "wide.txt": utf16,
    });
    const { articles, problems } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(articles.find((a) => a.source.endsWith("l.txt"))!.text).toBe("Café owners in São Paulo paid £15m – a record.");
    expect(articles.find((a) => a.source.endsWith("bom.txt"))!.title).toBe("Déjà vu headline");
    expect(articles.find((a) => a.source.endsWith("wide.txt"))).toMatchObject({ title: "Wide headline", text: "Body in UTF-16." });
  });

  it("reports binary content, empty files and unreadable files as problems, and loads the rest", async () => {
    const binary = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 37) % 256));
    const dir = await corpus({ "bin.txt": binary, "empty.txt": "  \n\t\n", "good.txt": BODY, "locked.txt": BODY });
    await chmod(path.join(dir, "locked.txt"), 0o000);
    const seen: LoadProblem[] = [];
    const { articles, problems } = await loadCorpus(dir, { onProblem: (p) => seen.push(p) });
    const reason = (f: string) => problems.find((p) => p.path === path.join(dir, f))?.reason;
    expect(reason("bin.txt")).toMatch(/binary/);
    expect(reason("empty.txt")).toMatch(/empty/);
    expect(seen).toEqual(expect.arrayContaining(problems));
    const rootCanRead = await readFile(path.join(dir, "locked.txt")).then(() => true, () => false);
    if (rootCanRead) {
      console.log("note: running as root, chmod 000 does not stop reads; the unreadable-file assertion is skipped");
      expect(articles.map((a) => path.basename(a.source))).toEqual(["good.txt", "locked.txt"]);
    } else {
      expect(reason("locked.txt")).toMatch(/permission denied/);
      expect(articles.map((a) => path.basename(a.source))).toEqual(["good.txt"]);
    }
  });

  it("throws a UserError for a missing folder or a file given as the folder", async () => {
    await expect(loadCorpus(path.join(root, "nope"))).rejects.toThrow(UserError);
    await expect(loadCorpus(path.join(root, "nope"))).rejects.toThrow(/does not exist/);
    const dir = await corpus({ "a.txt": BODY });
    await expect(loadCorpus(path.join(dir, "a.txt"))).rejects.toThrow(/is a file, not a folder/);
  });

  it("refuses an over-limit file with the reason, but streams an over-limit .jsonl", async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ title: `T${i}`, text: `${BODY} Number ${i}.` }));
    const dir = await corpus({ "big.txt": BODY.repeat(40), "big.jsonl": lines.join("\n") });
    const { articles, problems } = await loadCorpus(dir, { maxFileBytes: 1000 });
    expect(problems).toEqual([{ path: path.join(dir, "big.txt"), reason: expect.stringMatching(/over the 0\.0 MB limit.*split it/) }]);
    expect(articles).toHaveLength(50);
    expect(articles[49]!.source).toBe(`${path.join(dir, "big.jsonl")}#50`);
  });
});

describe("loadCorpus: walking the folder", () => {
  it("recurses in sorted order, skips hidden files and folders, ignores other extensions and README", async () => {
    const dir = await corpus({
      "b/z.txt": BODY,
      "b/a b é.txt": BODY,
      "a.md": BODY,
      "Über ünïcode.TXT": BODY,
      ".hidden.txt": BODY,
      ".git/x.txt": BODY,
      "image.png": "PNG",
      "README.TXT": "About this dataset",
    });
    const r = await loadCorpus(dir);
    expect(r.articles.map((a) => path.relative(dir, a.source))).toEqual(["a.md", path.join("b", "a b é.txt"), path.join("b", "z.txt"), "Über ünïcode.TXT"]);
    expect(r.articles[1]!.title).toBe("A b é");
    expect(r.ignored).toBe(2);
    expect(r.problems).toEqual([]);
  });

  it("survives a symlink loop and reads each folder once", async () => {
    const dir = await corpus({ "sub/a.txt": BODY });
    await symlink(dir, path.join(dir, "sub", "loop"));
    await symlink(path.join(dir, "missing.txt"), path.join(dir, "broken.txt"));
    const r = await loadCorpus(dir);
    expect(r.articles.map((a) => path.relative(dir, a.source))).toEqual([path.join("sub", "a.txt")]);
    expect(r.problems).toEqual([{ path: path.join(dir, "broken.txt"), reason: expect.stringMatching(/broken link/) }]);
  });
});

describe("loadCorpus: Markdown", () => {
  it("reads YAML front matter; a web `source` becomes the url", async () => {
    const md = `---\ntitle: "Talks: a summary"\ndate: 2024-01-31\nsource: https://example.com/talks\n---\n\n${BODY}\n`;
    const [a] = (await loadCorpus(await corpus({ "t.md": md }))).articles;
    expect(a).toMatchObject({ title: "Talks: a summary", date: "2024-01-31", url: "https://example.com/talks", text: BODY });
  });

  it("falls back to a leading # heading (removed from the body), then to the file name", async () => {
    const dir = await corpus({ "h.md": `# Big news\n\n${BODY}`, "2024-03-02-no-heading.md": BODY });
    const { articles } = await loadCorpus(dir);
    expect(articles[0]).toMatchObject({ title: "No heading", date: "2024-03-02", text: BODY });
    expect(articles[1]).toMatchObject({ title: "Big news", text: BODY });
  });

  it("reports malformed front matter as a problem for that file only", async () => {
    const dir = await corpus({ "bad.md": `---\ntitle: [unclosed\ndate: x: y\n---\n${BODY}`, "ok.md": BODY, "rule.md": `---\n${BODY}` });
    const { articles, problems } = await loadCorpus(dir);
    expect(problems).toEqual([{ path: path.join(dir, "bad.md"), reason: expect.stringMatching(/front matter is not valid YAML/) }]);
    expect(articles.map((a) => path.basename(a.source))).toEqual(["ok.md", "rule.md"]);
    expect(articles[1]!.text).toBe(`---\n${BODY}`);
  });
});

describe("loadCorpus: JSON, JSONL and CSV records", () => {
  it("loads good JSONL lines and reports a malformed one as file.jsonl:LINE", async () => {
    const jsonl = [
      JSON.stringify({ id: "a1", title: "First", date: "31 January 2024", text: BODY, url: "https://x.test/1" }),
      "{not json",
      "",
      JSON.stringify({ content: "Second article body." }),
      JSON.stringify({ title: "no text" }),
    ].join("\n");
    const dir = await corpus({ "feed.jsonl": jsonl });
    const file = path.join(dir, "feed.jsonl");
    const { articles, problems } = await loadCorpus(dir);
    expect(articles.map((a) => [a.source, a.title, a.date])).toEqual([
      [`${file}#a1`, "First", "2024-01-31"],
      [`${file}#4`, "Second article body.", null],
    ]);
    expect(articles[0]!.url).toBe("https://x.test/1");
    expect(problems.map((p) => p.path)).toEqual([`${file}:2`, `${file}:5`]);
    expect(problems[0]!.reason).toMatch(/not valid JSON/);
    expect(problems[1]!.reason).toMatch(/no text, content or body/);
  });

  it("loads a JSON array, an {articles: []} object and a single record", async () => {
    const dir = await corpus({
      "arr.json": JSON.stringify([{ title: "A", body: "Alpha text.", date: "Jan 31, 2024" }, { title: "B", text: "Beta text.", id: 7 }, 3]),
      "obj.json": JSON.stringify({ articles: [{ title: "C", text: "Gamma text." }] }),
      "one.json": JSON.stringify({ title: "D", text: "Delta text.", date: "2024-02-01T23:59:00-05:00" }),
      "bad.json": "[{\"text\": \"x\"},\n{oops}]",
    });
    const { articles, problems } = await loadCorpus(dir);
    expect(articles.map((a) => [path.relative(dir, a.source), a.title, a.date])).toEqual([
      ["arr.json#1", "A", "2024-01-31"],
      ["arr.json#7", "B", null],
      ["obj.json#1", "C", null],
      ["one.json", "D", "2024-02-01"],
    ]);
    expect(problems.map((p) => path.relative(dir, p.path))).toEqual(["arr.json#3", "bad.json:2"]);
    // Ids are the same paths inside the corpus folder, however it was named.
    expect(articles.map((a) => a.id)).toEqual(["arr.json#1", "arr.json#7", "obj.json#1", "one.json"]);
  });

  it("loads CSV with a text column, quoted newlines, and reports a missing text column", async () => {
    const csv = 'id,Title,date,text\nr1,"Quoted, title",2024-01-31,"Line one.\nLine two."\n,Second,,Plain text here.\n';
    const dir = await corpus({ "a.csv": csv, "b.csv": "title,summary\nX,Y\n" });
    const { articles, problems } = await loadCorpus(dir);
    expect(articles.map((a) => [path.relative(dir, a.source), a.title, a.date, a.text])).toEqual([
      ["a.csv#r1", "Quoted, title", "2024-01-31", "Line one.\nLine two."],
      ["a.csv#2", "Second", null, "Plain text here."],
    ]);
    expect(problems).toEqual([{ path: path.join(dir, "b.csv"), reason: expect.stringMatching(/no "text" column \(columns: title, summary\)/) }]);
  });
});

describe("loadCorpus: HTML", () => {
  it("extracts the main text with Readability, with title, date and url from the head", async () => {
    const para = (s: string) => `<p>${s} ${"Officials said the talks covered trade, security and the war in Ukraine. ".repeat(2)}</p>`;
    const html = `<!doctype html><html><head><title>Site | Talks</title>
      <meta property="og:title" content="Ministers hold talks">
      <meta property="article:published_time" content="2024-01-31T09:00:00Z">
      <link rel="canonical" href="https://news.test/talks"></head>
      <body><nav><a href="/">Home</a> <a href="/w">World</a></nav>
      <article>${para("First paragraph.")}${para("Second paragraph.")}<ul><li>Point one.</li><li>Point two.</li></ul></article>
      <footer>Cookie policy</footer><script>track()</script></body></html>`;
    const dir = await corpus({ "talks.html": html, "frag.htm": "<p>Just a fragment.</p>" });
    const { articles, problems } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(articles[0]).toMatchObject({ title: "Frag", text: "Just a fragment." });
    const a = articles[1]!;
    expect(a).toMatchObject({ title: "Ministers hold talks", date: "2024-01-31", url: "https://news.test/talks" });
    expect(a.text).toMatch(/^First paragraph\. Officials said/);
    expect(a.text).toContain("\n\nSecond paragraph.");
    expect(a.text).toContain("- Point one.\n- Point two.");
    expect(a.text).not.toMatch(/Home|Cookie|track/);
  });
});

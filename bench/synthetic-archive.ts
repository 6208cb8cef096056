/**
 * `npx tsx bench/synthetic-archive.ts OUT.jsonl [N]` (default 50,000): an archive of N articles for
 * scale checks, made from Reuters-21578 (../shared/corpora/reuters): the 19,035 stories as they are,
 * then copies in which every line's words are rotated by the copy's number, so each copy's sentences
 * are new texts (nothing is embedded once for two articles) of the same lengths and vocabulary. Its
 * text is not news a person would read; it is for memory, disk and time, never for quality figures.
 */
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import path from "node:path";

const [out, wanted = "50000"] = process.argv.slice(2);
const source = path.resolve(import.meta.dirname, "../../shared/corpora/reuters/reuters-21578.jsonl");
if (!out || !existsSync(source)) {
  console.error(`usage: npx tsx bench/synthetic-archive.ts OUT.jsonl [N] (needs ${source})`);
  process.exit(1);
}
type Story = { id: string; title?: string; date?: string; text: string };
const stories = readFileSync(source, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Story);
const rotate = (line: string, k: number) => {
  const words = line.trim().split(/\s+/);
  if (words.length < 2) return line;
  const s = k % words.length;
  return [...words.slice(s), ...words.slice(0, s)].join(" ");
};
const file = createWriteStream(out);
for (let i = 0; i < Number(wanted); i++) {
  const story = stories[i % stories.length]!;
  const k = Math.floor(i / stories.length);
  const text = k ? story.text.split("\n").map((l) => rotate(l, k)).join("\n") : story.text;
  const copy = k ? { ...story, id: `${story.id}_${k}`, title: `${story.title ?? ""} (${k})`, text } : story;
  if (!file.write(JSON.stringify(copy) + "\n")) await new Promise<void>((r) => file.once("drain", () => r()));
}
file.end();
await new Promise<void>((r) => file.on("finish", () => r()));
console.error(`wrote ${wanted} articles to ${out}`);

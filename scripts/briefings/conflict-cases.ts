/**
 * Builds the constructed "reports differ" corpus from evals/briefings/conflicts.jsonl: every Reuters
 * story on a gold subject, plus for each case a later copy of one real story (dated a day after it)
 * with one figure, date or name changed. Written outside the repo; the shared corpus is only read.
 *
 *   npx tsx scripts/briefings/conflict-cases.ts [out-dir]
 *
 * Default out-dir: $TMPDIR/briefing-conflicts.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SUBJECTS, type ReutersStory } from "./subjects.js";

export interface ConflictCase {
  id: string;
  story: string;
  kind: "figure" | "date" | "name";
  from: string;
  to: string;
  question: string;
}

const root = path.resolve(import.meta.dirname, "../..");
const source = path.resolve(root, "../shared/corpora/reuters/reuters-21578.jsonl");
const out = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), "briefing-conflicts"));
const cases = readFileSync(path.join(root, "evals/briefings/conflicts.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ConflictCase);

const stories = readFileSync(source, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ReutersStory);
const byId = new Map(stories.map((s) => [s.id, s]));
const chosen = stories.filter((s) => Object.values(SUBJECTS).some((re) => re.test(s.title)));
const dayAfter = (iso: string) => new Date(Date.parse(iso.slice(0, 10) + "T00:00:00Z") + 86_400_000).toISOString().slice(0, 10) + iso.slice(10);
const normal = (s: string) => s.replace(/\s+/g, " ");
for (const c of cases) {
  const s = byId.get(c.story);
  if (!s) throw new Error(`${c.id}: story ${c.story} is not in ${source}`);
  // The story's line breaks fall anywhere; the edit matches across them and keeps the rest as it was.
  const pattern = new RegExp(c.from.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+"), "g");
  if (!pattern.test(normal(s.text)) && !pattern.test(s.text)) throw new Error(`${c.id}: "${c.from}" is not in ${c.story}`);
  pattern.lastIndex = 0;
  chosen.push({ id: `${s.id}_${c.id}`, title: s.title, date: dayAfter(s.date), text: s.text.replace(pattern, c.to) });
}
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "conflicts.jsonl"), chosen.map((s) => JSON.stringify({ id: s.id, title: s.title, date: s.date, text: s.text })).join("\n") + "\n");
console.log(`${chosen.length} stories (${cases.length} edited copies) → ${out}/conflicts.jsonl`);

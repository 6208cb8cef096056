/**
 * Writes the Reuters subset corpus the briefing eval runs on: every story whose headline names a gold
 * subject, plus DISTRACTORS other stories drawn with a fixed seed. Embedding all 19k stories takes
 * ~25 min of both cores, so the briefing figures are subset figures (evals/README.md says so).
 *
 *   npx tsx scripts/briefings/reuters-subset.ts [out-dir] [distractors]
 *
 * Default out-dir: $TMPDIR/briefing-reuters-subset (outside the repo; the shared corpus is only read).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seeded, SUBJECTS, type ReutersStory } from "./subjects.js";

const root = path.resolve(import.meta.dirname, "../..");
const source = path.resolve(root, "../shared/corpora/reuters/reuters-21578.jsonl");
const out = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), "briefing-reuters-subset"));
const distractors = Number(process.argv[3] ?? 1500);

const stories = readFileSync(source, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ReutersStory);
const onSubject = stories.filter((s) => Object.values(SUBJECTS).some((re) => re.test(s.title)));
const others = stories.filter((s) => !onSubject.includes(s));
const random = seeded(20260430);
for (let i = others.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [others[i], others[j]] = [others[j], others[i]];
}
const chosen = [...onSubject, ...others.slice(0, distractors)].sort((a, b) => a.id.localeCompare(b.id));
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "reuters-subset.jsonl"), chosen.map((s) => JSON.stringify({ id: s.id, title: s.title, date: s.date, text: s.text })).join("\n") + "\n");
console.log(`${chosen.length} stories (${onSubject.length} on the gold subjects, ${Math.min(distractors, others.length)} distractors) → ${out}/reuters-subset.jsonl`);

/**
 * Differently-worded conflicts: two reports giving a different toll for the same thing in their own
 * words ("killed 300 people, left 4,000 homeless" against "more than 15,000 people left homeless").
 * Word alignment (conflicts.ts) cannot see these; a toll — dead, injured, missing, homeless, evacuated —
 * is read wherever it is written, and two reports of the same toll that differ are a conflict. Only
 * tolls: prices, stakes and offers change over a story's life, and a changed figure there is news,
 * not a disagreement.
 */
import type { Difference } from "./conflicts.js";

export type Measure = "dead" | "injured" | "missing" | "homeless" | "evacuated" | "dead or missing" | "dead or injured";

export interface Toll {
  measure: Measure;
  value: number;
  /** As written, for the "reports differ" line ("more than 15,000 homeless"). */
  shown: string;
}

const QUAL = String.raw`(?:at\s+least|more\s+than|up\s+to|about|some|nearly|over|almost|around|an\s+estimated|estimated|roughly)`;
const NUM = String.raw`(\d[\d,]*(?:\.\d+)?(?:\s+(?:mln|million|thousand))?|hundreds|thousands|dozens)`;
const WHO = String.raw`(?:(?:people|persons|villagers|residents|workers|miners|passengers|crew(?:\s+members)?|soldiers)\s+)?`;
const BE = String.raw`(?:(?:were|was|are|have\s+been|had\s+been|being)\s+)?(?:(?:feared|reported|believed|confirmed|known\s+to\s+be)\s+)?(?:(?:left|made|rendered)\s+)?`;
const WORD = String.raw`(dead|killed|homeless|injured|wounded|hurt|missing|evacuated)(\s+or\s+(?:missing|injured|wounded|hurt))?`;
/** "300 people were feared dead", "15,000 were left homeless", "at least 12 injured". */
const AFTER = new RegExp(String.raw`(${QUAL}\s+)?${NUM}\s+${WHO}${BE}${WORD}\b`, "gi");
/** "killed 300 people", "injuring at least 40", "left 4,000 homeless". */
const BEFORE = new RegExp(String.raw`\b(killed|killing|kills|injured|injuring|wounded|wounding|left|leaving|evacuated)\s+(${QUAL}\s+)?${NUM}\s+${WHO}(homeless|dead|injured)?(\s+or\s+(?:missing|injured|wounded|hurt))?`, "gi");

/** "dead or missing" counts something else than "dead": its own measure, never compared with it. */
function measureOf(word: string, or: string | undefined): Measure {
  const m = CANON[word.toLowerCase()];
  if (!or) return m;
  const other = CANON[or.trim().split(/\s+/).pop()!.toLowerCase()];
  return m === "dead" && other === "missing" ? "dead or missing" : m === "dead" && other === "injured" ? "dead or injured" : (`${m} or ${other}` as Measure);
}

const CANON: Record<string, Measure> = { dead: "dead", killed: "dead", killing: "dead", kills: "dead", homeless: "homeless", injured: "injured", injuring: "injured", wounded: "injured", wounding: "injured", hurt: "injured", missing: "missing", evacuated: "evacuated" };

function amount(written: string): number | null {
  const w = written.toLowerCase();
  if (!/\d/.test(w)) return null; // "hundreds", "thousands": too vague to disagree with a figure
  const n = Number(w.replace(/,/g, "").replace(/\s+(mln|million|thousand)$/, ""));
  if (!Number.isFinite(n)) return null;
  return /mln|million/.test(w) ? n * 1e6 : /thousand/.test(w) ? n * 1e3 : n;
}

/** Every toll a sentence gives. */
export function tollsOf(text: string): Toll[] {
  const t = text.replace(/\s+/g, " ");
  const out: Toll[] = [];
  for (const m of t.matchAll(AFTER)) {
    const value = amount(m[2]);
    const measure = measureOf(m[3], m[4]);
    if (value !== null) out.push({ measure, value, shown: `${m[1] ?? ""}${m[2]} ${measure}` });
  }
  for (const m of t.matchAll(BEFORE)) {
    const verb = m[1].toLowerCase();
    // "left 4,000 homeless" needs its word; "left 40 people" says nothing measurable.
    const word = verb.startsWith("left") || verb.startsWith("leaving") ? m[4]?.toLowerCase() : verb;
    const value = amount(m[3]);
    if (!word || value === null || !CANON[word]) continue;
    const measure = measureOf(word, m[5]);
    out.push({ measure, value, shown: `${m[2] ?? ""}${m[3]} ${measure}` });
  }
  // "left 4,000 homeless" is read both ways: one toll.
  return out.filter((x, i) => out.findIndex((y) => y.measure === x.measure && y.value === x.value) === i);
}

/** Tolls this far apart (the larger over the smaller) differ; closer ones are the same report rounded. */
const APART = 1.2;
/** Sentences that report movement ("the toll rose to 500"): a new figure because things changed. */
const MOVED = /\b(?:rose|risen|rising|climbed|increased|jumped|grew|revised|now|toll\s+(?:has\s+)?reached)\b/i;

/** The toll in which two sentences disagree, as a Difference, or null. */
export function tollDifference(textA: string, textB: string): Difference | null {
  if (MOVED.test(textA) || MOVED.test(textB)) return null;
  const a = tollsOf(textA);
  const b = tollsOf(textB);
  for (const x of a) {
    const same = b.filter((y) => y.measure === x.measure);
    // A sentence giving the same measure twice (two places, two dates) is not one figure to compare.
    if (same.length !== 1 || a.filter((y) => y.measure === x.measure).length !== 1) continue;
    const y = same[0];
    if (Math.max(x.value, y.value) / Math.max(1, Math.min(x.value, y.value)) >= APART) return { a: x.shown, b: y.shown, kind: "figure" };
  }
  return null;
}

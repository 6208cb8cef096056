/**
 * `npx tsx scripts/leave-out-pairs.ts`: searches, on the **dev** halves only, for a rule "same subject, not
 * this detail" among the questions the rules and the balanced model leave answered (rows of `npm run
 * calibrate -- --refresh`): every feature threshold alone, and each paired with one of the name / head /
 * focus positions of `leave-out-signals.ts` missing. A candidate is listed when it catches at least two dev
 * leave-out questions (seed, BBC) while refusing at most one dev answerable question (seed, BBC, Reuters,
 * SQuAD seeds 1 and 2); each line gives dev caught, dev answerable refused, all answerable refused, and the
 * per-set counts (A answerable refused, Ud / Uh unanswerable caught on dev / held-out). evals/README.md,
 * "fourth pass", records the outcome. `DIST=feature` prints that feature's spread per set instead;
 * `SHOW=position,feature` the rows with that position missing, by the feature; `CITES=1` cited articles per answer.
 */
import { existsSync, readFileSync } from "node:fs";
import { modelScore, WEIGHTS } from "../src/answer/abstain.js";
import { focusTerms, namesOf } from "../src/answer/evidence.js";
import { contentTerms } from "../src/text/terms.js";
import { any, articleText, cacheDir, firstSentence, LABELS, questions, whHead, windowOf } from "./leave-out-rows.js";

/** A cached row (scripts/calibrate.ts) read loosely: features by name, plus the positions computed here. */
type Row = { set: string; id: string; split: string; answerable: boolean; ruled: boolean; features: Record<string, number> | null; cites?: string[]; answer?: string; b?: Record<string, number> };
type Features = Parameters<typeof modelScore>[1];

const open: Row[] = [];
for (const l of LABELS) {
  const f = `${cacheDir}/${l}.json`;
  if (!existsSync(f)) continue;
  for (const r of JSON.parse(readFileSync(f, "utf8")) as Row[]) {
    if (r.ruled || !r.features || !r.cites?.length || !questions.has(r.id)) continue;
    if (modelScore(WEIGHTS.full, r.features as Features) < WEIGHTS.full.thresholds.balanced) continue;
    const q = questions.get(r.id)!;
    const article = articleText(r.set, r.cites[0]!);
    const win = new Set(contentTerms(windowOf(article, r.answer ?? "")));
    const sent = new Set(contentTerms(firstSentence(r.answer ?? "")));
    const art = new Set(contentTerms(article));
    const head = whHead(q);
    const names = namesOf(q);
    const focus = focusTerms(q);
    r.b = {
      headWinMiss: head.length ? +!any(win, head) : -1,
      headArtMiss: head.length ? +!any(art, head) : -1,
      headSentMiss: head.length ? +!any(sent, head) : -1,
      focusWinMiss: focus.length ? +!any(win, focus) : -1,
      focusSentMiss: focus.length ? +!any(sent, focus) : -1,
      focusArtMiss: focus.length ? +!any(art, focus) : -1,
      nameSentMiss: names.length ? +!any(sent, names.flatMap((n) => contentTerms(n))) : -1,
      allNamesWinMiss: names.length ? +!names.every((n) => any(win, contentTerms(n))) : -1,
    };
    open.push(r);
  }
}
const isLO = (r: Row) => r.set.endsWith("leave-out") && !r.set.startsWith("reuters");
const count = (pred: (r: Row) => boolean) => {
  const c: Record<string, string[]> = {};
  for (const r of open) if (pred(r)) { const k = r.answerable ? `${r.set}:A` : `${r.set}:U${r.split === "dev" ? "d" : "h"}`; (c[k] ??= []).push(r.id.slice(0, 6)); }
  return Object.entries(c).map(([k, v]) => `${k}=${v.length}${v.length < 4 ? "(" + v.join(",") + ")" : ""}`).join(" ");
};
const feats = Object.keys(open[0]!.features!);
const bools = Object.keys(open[0]!.b!);
const results: [string, number, number, number, string][] = [];
const conds: [string, (r: Row) => boolean][] = [["true", () => true], ...bools.map((b) => [b, (r: Row) => r.b![b] === 1] as [string, (r: Row) => boolean])];
for (const [bn, bf] of conds) for (const f of [...feats, "none"]) for (const dir of ["<", ">"]) {
  const vals = f === "none" ? [0] : [...new Set(open.map((r) => r.features![f]!))].sort((a, b) => a - b);
  if (f === "none" && dir === ">") continue;
  for (const t of vals) {
    const fire = (r: Row) => bf(r) && (f === "none" ? true : dir === "<" ? r.features![f]! < t : r.features![f]! > t);
    const ansDev = open.filter((r) => r.answerable && r.split === "dev" && fire(r)).length;
    const ansAll = open.filter((r) => r.answerable && fire(r)).length;
    const devCaught = open.filter((r) => !r.answerable && isLO(r) && r.split === "dev" && fire(r)).length;
    if (ansDev <= 1 && devCaught >= 2) results.push([`${bn} & ${f} ${dir} ${t.toFixed(3)}`, devCaught, ansDev, ansAll, count(fire)]);
  }
}
results.sort((a, b) => b[1] - a[1] || a[2] - b[2] || a[3] - b[3]);
const seen = new Set<string>();
for (const r of results) { const k = r[0].replace(/ [<>] [-\d.]+$/, ""); if (seen.has(k)) continue; seen.add(k); console.log(r.slice(0, 4).join("  "), " ", r[4]); if (seen.size > 40) break; }
if (process.env.SHOW) {
  const [b, f] = process.env.SHOW.split(",");
  const rows = open.filter((r) => r.b![b!] === 1).sort((x, y) => y.features![f!]! - x.features![f!]!);
  for (const r of rows.slice(0, 40)) console.log(r.features![f!]!.toFixed(3), r.set, r.id.slice(0, 8), r.split, r.answerable ? "A" : "U", questions.get(r.id)!.slice(0, 70));
}
if (process.env.DIST) {
  const f = process.env.DIST;
  for (const set of ["seed", "seed-leave-out", "bbc", "bbc-leave-out", "reuters", "squad-seed2"]) {
    const rows = open.filter((r) => r.set === set);
    const A = rows.filter((r) => r.answerable).map((r) => r.features![f]!).sort((a, b) => a - b);
    const U = rows.filter((r) => !r.answerable).map((r) => `${r.features![f]!.toFixed(2)}${r.split === "dev" ? "d" : "h"}`);
    const q = (p: number) => A.length ? A[Math.floor(p * (A.length - 1))]!.toFixed(2) : "-";
    console.log(set.padEnd(16), `A n=${A.length} min ${q(0)} p5 ${q(0.05)} p10 ${q(0.1)} p25 ${q(0.25)} med ${q(0.5)}`, "| U:", U.sort().join(" "));
  }
}
if (process.env.CITES) {
  for (const set of ["seed", "seed-leave-out", "bbc", "bbc-leave-out", "reuters", "reuters-leave-out", "squad", "squad-seed2"]) {
    const rows = open.filter((r) => r.set === set);
    const d = (rs: Row[]) => { const c: Record<number, number> = {}; for (const r of rs) { const n = new Set(r.cites).size; c[n] = (c[n] ?? 0) + 1; } return JSON.stringify(c); };
    console.log(set.padEnd(18), "A", d(rows.filter((r) => r.answerable)), "U", d(rows.filter((r) => !r.answerable)));
  }
}

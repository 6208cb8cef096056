/**
 * `npx tsx scripts/leave-out-signals.ts [--dense]`: measures candidate abstention signals that are not
 * in the decision, over the rows `npm run calibrate` cached (.briefing/abstention-rows/, one per
 * question asked at the rules-only point), so a signal's cost is read before any code is written.
 * For every question the rules and the shipped model (balanced) left answered, it reads the first
 * cited article (the best sentence's) and the answer's first sentence, and prints per set how many
 * answerable questions each signal would refuse (those answered wrongly anyway marked "w") against
 * the unanswerable ones it would catch. Signals (issue 12, leave-one-article-out; see evals/README.md):
 * - headWin / headArt: the head of the wh-phrase ("how many **smokers**", "which **university team**")
 *   beside the best sentence (it and the sentences before and after) / anywhere in its article;
 * - focusNameWin: the asked-about thing (focusTerms or the head) and one of the question's names
 *   together beside the best sentence;
 * - nameSent / allNamesWin: one of the question's names in the best sentence itself / all beside it;
 * - with --dense (embeds about 1,600 texts with USE-Lite, ~2 min): leadSim, the question's similarity
 *   to the cited article's lead (title and first two sentences), and leadGap, that minus the same for
 *   the second cited article (a left-out answer comes from one of several equally close stories).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { modelScore, WEIGHTS } from "../src/answer/abstain.js";
import { focusTerms, namesOf } from "../src/answer/evidence.js";
import { contentTerms } from "../src/text/terms.js";
import type { Row } from "./calibrate.js";
import { any, articleText, cacheDir, firstSentence, LABELS, questions, sentences, whHead, windowOf } from "./leave-out-rows.js";

const { values } = parseArgs({ options: { dense: { type: "boolean" } } });
type Signal = (q: string, win: Set<string>, sent: Set<string>, art: Set<string>, row: Row & { dense?: { lead: number; gap: number } }) => boolean | null;
const SIGNALS: Record<string, Signal> = {
  "headWin missing": (q, win) => (whHead(q).length ? !any(win, whHead(q)) : null),
  "headArt missing": (q, _w, _s, art) => (whHead(q).length ? !any(art, whHead(q)) : null),
  "focusNameWin missing": (q, win) => {
    const focus = [...focusTerms(q), ...whHead(q)];
    const names = namesOf(q).flatMap((n) => contentTerms(n));
    return focus.length && names.length ? !(any(win, focus) && any(win, names)) : null;
  },
  "nameSent missing": (q, _w, sent) => (namesOf(q).length ? !any(sent, namesOf(q).flatMap((n) => contentTerms(n))) : null),
  "allNamesWin missing": (q, win) => (namesOf(q).length ? !namesOf(q).every((n) => any(win, contentTerms(n))) : null),
  "leadSim < 0.35": (_q, _w, _s, _a, r) => (r.dense ? r.dense.lead < 0.35 : null),
  "leadSim < 0.35 & leadGap < 0": (_q, _w, _s, _a, r) => (r.dense ? r.dense.lead < 0.35 && r.dense.gap < 0 : null),
  "leadSim < 0.4 & leadGap < -0.05": (_q, _w, _s, _a, r) => (r.dense ? r.dense.lead < 0.4 && r.dense.gap < -0.05 : null),
};

const open: (Row & { dense?: { lead: number; gap: number } })[] = [];
for (const label of LABELS) {
  const file = path.join(cacheDir, `${label}.json`);
  if (!existsSync(file)) {
    console.error(`skipped ${label}: no rows (npm run calibrate first)`);
    continue;
  }
  for (const r of JSON.parse(readFileSync(file, "utf8")) as Row[]) {
    if (r.ruled || !r.features || !r.cites?.length || !questions.has(r.id)) continue;
    if (modelScore(WEIGHTS.full, r.features) < WEIGHTS.full.thresholds.balanced) continue;
    open.push(r);
  }
}

if (values.dense) {
  const { createEmbeddings } = await import("../src/embedding/providers.js");
  const embeddings = await createEmbeddings("use-lite", { batchSize: 32 });
  const lead = (label: string, id: string) => sentences(articleText(label, id)).slice(0, 2).join(" ").slice(0, 400);
  const texts = [...new Set(open.flatMap((r) => [questions.get(r.id)!, ...r.cites!.slice(0, 2).map((id) => lead(r.set, id))]))];
  const vectors = new Map((await embeddings.embedDocuments(texts)).map((v, i) => [texts[i]!, v]));
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  for (const r of open) {
    const q = vectors.get(questions.get(r.id)!)!;
    const [first, second] = r.cites!.slice(0, 2).map((id) => dot(q, vectors.get(lead(r.set, id))!));
    r.dense = { lead: first!, gap: second === undefined ? 1 : first! - second };
  }
}

console.log(`questions left answered by the rules and the balanced model: ${open.length}`);
console.log("signal: per set, answerable refused (w: answered wrongly anyway) | unanswerable caught, of those it applies to");
for (const [name, signal] of Object.entries(SIGNALS)) {
  if (name.startsWith("lead") && !values.dense) continue;
  console.log(name);
  for (const label of LABELS) {
    const rows = open.filter((r) => r.set === label);
    if (!rows.length) continue;
    let applies = 0;
    const refused: string[] = [];
    const caught: string[] = [];
    for (const r of rows) {
      const q = questions.get(r.id)!;
      const article = articleText(label, r.cites![0]!);
      const fired = signal(q, new Set(contentTerms(windowOf(article, r.answer ?? ""))), new Set(contentTerms(firstSentence(r.answer ?? ""))), new Set(contentTerms(article)), r);
      if (fired === null) continue;
      applies++;
      if (fired) (r.answerable ? refused : caught).push(r.id.slice(0, 8) + (r.answerable && !(r.cited || r.facts) ? "w" : ""));
    }
    console.log(`  ${label.padEnd(18)} of ${String(applies).padStart(3)}: refused ${String(refused.length).padStart(2)} ${refused.slice(0, 6).join(" ")} | caught ${String(caught.length).padStart(2)} ${caught.slice(0, 8).join(" ")}`);
  }
}
process.exit(0);

/**
 * `npx tsx scripts/leave-out-audit.ts [set…]`: audits the leave-one-article-out construction (issue 12:
 * "remove every expected article, their duplicates, and any other article holding all of the expected
 * facts"). For every planned question it lists the articles left in the index that hold every expected
 * fact *loosely* — each fact's content terms (stemmed, any order) within three consecutive sentences —
 * beside the window, so a reader can judge whether a remaining article answers the question in other words.
 * Reads the corpus text only (no index, no model). Sets: seed, bbc, reuters, squad (the seed-2 sample).
 */
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { articleKeysOf, readFrontMatterSources, type ArticleText } from "../src/eval/keys.js";
import { planLeaveOut, splitOf } from "../src/eval/leaveOut.js";
import { loadCorpus } from "../src/corpus/load.js";
import { splitSentences } from "../src/text/sentences.js";
import { contentTerms } from "../src/text/terms.js";
import { factPhrase, factTokens, holdsPhrase } from "../src/eval/factForms.js";
import { matchesExpected, normalizeText } from "../src/eval/metrics.js";

const verbatim = (text: string, fact: string) => new RegExp(`(?<![\\p{L}\\p{N}])${fact.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u").test(text);
const loose = process.argv.includes("--loose");

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const names = new Map([["seed", "seed-leave-out"], ["bbc", "bbc-leave-out"], ["reuters", "reuters-leave-out"], ["squad", "squad"]]);
for (const set of abstentionSets({ squadSeed: 2 })) {
  const short = [...names].find(([, n]) => n === set.name)?.[0];
  if (!short || (wanted.length && !wanted.includes(short))) continue;
  if (set.missing && !set.missing.startsWith("no built index")) {
    console.log(`${short}: not run (${set.missing})`);
    continue;
  }
  const { articles } = await loadCorpus(set.corpus);
  const front = await readFrontMatterSources(articles);
  const texts = new Map<string, ArticleText>(articles.map((a) => [a.id, { text: a.text, keys: articleKeysOf(a, front.get(a.id)) }]));
  const windows = new Map<string, { text: string; terms: Set<string> }[]>();
  for (const [id, a] of texts) {
    const ss = splitSentences(a.text).map((s) => s.text);
    windows.set(id, ss.map((_, i) => { const text = ss.slice(i, i + 3).join(" "); return { text, terms: new Set(contentTerms(text)) }; }));
  }
  const questions = set.questions();
  const { planned, dropped } = planLeaveOut(questions, texts);
  console.log(`\n## ${short}: ${planned.length} planned, ${dropped.length} dropped (${dropped.join(", ")})`);
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const p of planned) {
    const q = byId.get(p.question.id)!;
    const facts = q.expected_facts.map((vs) => vs.map((v) => contentTerms(v)).filter((t) => t.length));
    if (!facts.length || facts.some((vs) => !vs.length)) continue;
    const removed = new Set(p.remove);
    const matchesKey = (id: string) => q.expected_articles.some((e) => matchesExpected(texts.get(id)!.keys, e)) || p.remove.some((r) => r !== id && normalizeText(texts.get(r)!.text) === normalizeText(texts.get(id)!.text) && q.expected_articles.some((e) => matchesExpected(texts.get(r)!.keys, e)));
    const hits: string[] = [];
    for (const [id, ws] of windows) {
      if (removed.has(id)) continue;
      const where = facts.map((vs) => ws.find((w) => vs.some((terms) => terms.every((t) => w.terms.has(t)))));
      if (where.every(Boolean)) hits.push(`    ${id}: ${where.map((w) => w!.text.slice(0, 300)).join(" || ")}`);
    }
    // Articles removed only because they hold the facts in another form (factForms.ts): the sentence that does.
    for (const id of p.remove) {
      const n = normalizeText(texts.get(id)!.text);
      if (matchesKey(id) || q.expected_facts.every((vs) => vs.some((v) => verbatim(n, normalizeText(v))))) continue;
      const ss = splitSentences(texts.get(id)!.text).map((s) => s.text);
      const shown = ss.filter((s) => q.expected_facts.some((vs) => vs.some((v) => { const ph = factPhrase(normalizeText(v)); return ph !== null && holdsPhrase(factTokens(s), ph); })));
      console.log(`${q.id} (${splitOf(q.id)}) OTHER FORM ${id}: ${shown.join(" | ").slice(0, 400)}\n  question: ${q.question} facts ${JSON.stringify(q.expected_facts)}`);
    }
    if (loose && hits.length) console.log(`${q.id} (${splitOf(q.id)}) ${q.question}\n  facts ${JSON.stringify(q.expected_facts)}; removed ${p.remove.length}\n${hits.slice(0, 4).join("\n")}${hits.length > 4 ? `\n    … ${hits.length - 4} more` : ""}`);
  }
}

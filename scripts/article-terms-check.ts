/**
 * `npx tsx scripts/article-terms-check.ts seed bbc reuters squad`: the check that the decision's article
 * lookups (BriefingIndex.articleHolds, termsStartingWith; src/answer/article-terms.ts) agree with reading
 * each article's text: every term of every article's title and text is held, and for every such term every
 * vocabulary term sharing its first four letters is held exactly when the text has it. Prints the
 * disagreements (0 expected) per index.
 */
import { resolveSettings } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { openPipeline } from "../src/pipeline.js";
import { contentTerms } from "../src/text/terms.js";
for (const name of process.argv.slice(2)) {
  const set = abstentionSets({ squadSeed: 2 }).find((s) => s.name === name)!;
  const briefer = await openPipeline(resolveSettings({ corpus: set.corpus, index: set.index, workers: 1 }, {}));
  const index = briefer.index;
  let bad = 0, badRev = 0, n = 0, checked = 0;
  for (const [id, entry] of index.articles) {
    n++;
    const T = new Set(contentTerms(`${entry.title}\n${index.articleText(id, 0, entry.length)}`));
    const miss = [...T].filter((t) => !index.lexical.articleHolds(id, t));
    if (miss.length) { bad++; if (bad < 4) console.log(name, id, "missing", miss.slice(0, 5)); }
    const seen = new Set<string>();
    for (const t of T) { const k = t.slice(0, 4); if (t.length < 4 || seen.has(k)) continue; seen.add(k);
      for (const x of index.lexical.termsStartingWith(t)) { checked++; if (index.lexical.articleHolds(id, x) !== T.has(x)) { badRev++; if (badRev < 4) console.log(name, id, "extra", x); } } }
  }
  console.log(`${name}: ${n} articles, ${bad} with a term BM25 lacks, ${badRev} disagreements over ${checked} same-prefix terms`);
  await briefer.close();
}

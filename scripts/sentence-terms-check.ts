/**
 * `npx tsx scripts/sentence-terms-check.ts seed bbc reuters squad`: the check that each article's sentence
 * terms as filed at ingest (src/index/sentence-terms.ts, read by src/answer/article-terms.ts) are the terms
 * of its sentences tokenised from the article's text rebuilt, as the decision read them before: the same
 * sentences, in the same order, each with the same terms. Prints the time to open each index (an index of
 * format 4 is rewritten on that first open: the cost of the upgrade) and the disagreements (0 expected).
 */
import { resolveSettings } from "../src/config.js";
import { abstentionSets } from "../src/eval/abstentionSets.js";
import { openPipeline } from "../src/pipeline.js";
import { contentTerms } from "../src/text/terms.js";

for (const name of process.argv.slice(2)) {
  const set = abstentionSets({ squadSeed: 2 }).find((s) => s.name === name)!;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const briefer = await openPipeline(resolveSettings({ corpus: set.corpus, index: set.index, workers: 1 }, {}));
  const used = process.cpuUsage(cpu);
  const opened = `opened in ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`;
  const index = briefer.index;
  let bad = 0;
  let missing = 0;
  let sentences = 0;
  for (const [id, entry] of index.articles) {
    const filed: string[][] = [];
    const count = index.lexical.sentenceTerms(id, (t, i) => (filed[i] ??= []).push(t));
    if (count === null) {
      missing++;
      continue;
    }
    const text = index.articleText(id, 0, entry.length);
    const spans = index.passagesOf(id).flatMap((p) => p.sentences).sort((a, b) => a.start - b.start);
    const seen = new Set<number>();
    const read = spans.filter((s) => !seen.has(s.start) && seen.add(s.start)).map((s) => contentTerms(text.slice(s.start, s.end)));
    sentences += read.length;
    const same = count === read.length && read.every((terms, i) => terms.join(" ") === (filed[i] ?? []).join(" "));
    if (!same && ++bad <= 3) console.log(name, id, "differs", count, read.length);
  }
  console.log(`${name}: ${index.articles.size} articles, ${sentences} sentences, ${opened}; ${bad} disagreements, ${missing} without filed terms`);
  await briefer.close();
}

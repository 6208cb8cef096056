/**
 * Calibrates the citation verifier's thresholds (src/answer/llm/verify.ts, SUPPORT).
 * Run: npx tsx test/support/calibrate-verifier.ts   (needs ../shared for the SQuAD part)
 *
 * Pairs of (claim, cited passage), labelled supported or not:
 * - SQuAD v2 dev: a claim is "question + answer" (crowd-written paraphrase of the paragraph);
 *   positive against its own paragraph, negative against another paragraph of the same
 *   Wikipedia article that lacks the answer (same topic, does not say it: the hard case).
 * - Seed articles (corpus/): hand-written claims as an LLM would paraphrase them, and
 *   plausible falsehoods about the same passage.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createEmbeddings } from "../../src/embedding/providers.js";
import { splitSentences } from "../../src/text/sentences.js";
import { unit } from "../../src/embedding/vectors.js";
import { claimOf, numbersIn, SUPPORT, supportOf, termsOf, type VerifierSource } from "../../src/answer/llm/support.js";
import { ROOT, SQUAD } from "./fixtures.js";

interface Pair {
  claim: string;
  passage: string;
  positive: boolean;
  set: "squad" | "seed";
}

const SEED: [file: string, locator: string, claim: string, positive: boolean][] = [
  ["2024-01-31-us-uk-defence-chiefs.md", "Iran-aligned militia groups", "Austin and Shapps presented a united front against attacks by Iran-aligned militias on US troops in the Middle East.", true],
  ["2024-01-31-us-uk-defence-chiefs.md", "Iran-aligned militia groups", "The UK intends to send an aircraft carrier to the Red Sea.", true],
  ["2024-01-31-us-uk-defence-chiefs.md", "Iran-aligned militia groups", "The ministers also discussed Houthi attacks on global shipping in the Red Sea.", true],
  ["2024-01-31-us-uk-defence-chiefs.md", "humanitarian assistance to Gaza", "The two countries are working together to deliver humanitarian aid to Gaza.", true],
  ["2024-01-31-us-uk-defence-chiefs.md", "humanitarian assistance to Gaza", "Both nations expressed continued support for Ukraine.", true],
  ["2024-01-31-us-uk-defence-chiefs.md", "gratitude towards", "Austin thanked the UK for its support in countering Houthi aggression.", true],
  ["2024-01-31-us-uk-defence-chiefs.md", "gratitude towards", "They also discussed the AUKUS pact and the upcoming NATO summit in Washington.", true],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "two-day visit", "Blinken is on a two-day visit to London to meet Prime Minister Keir Starmer and Foreign Secretary David Lammy.", true],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "two-day visit", "The visit is meant to launch a US-UK strategic dialogue.", true],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "suspension of certain arms", "The UK recently suspended some arms export licences to Israel.", true],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "second bilateral meeting", "Starmer and Biden are due to meet again on Friday in Washington.", true],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "more volatile", "Lammy said that in a more volatile world it is even more important for the two nations to be highly aligned.", true],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "$16 billion", "The United States has provided $16 billion in military aid to Ukraine.", true],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "$16 billion", "Germany has contributed $3 billion and runs armor training.", true],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "accelerating peace efforts", "Hegseth and his UK counterpart discussed how to speed up peace efforts in Ukraine.", true],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "accelerating peace efforts", "Their plan includes coordinating financial assistance to rebuild war-torn areas.", true],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "emphasized unity", "The Department of Defense stressed unity among allies as crucial for responding to global threats.", true],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "emphasized unity", "The cooperation covers intelligence sharing, logistical help and joint training exercises.", true],
  ["2024-01-31-us-uk-defence-chiefs.md", "Iran-aligned militia groups", "Austin and Shapps agreed to deploy British troops to Iraq.", false],
  ["2024-01-31-us-uk-defence-chiefs.md", "Iran-aligned militia groups", "The UK will send two submarines to the Persian Gulf.", false],
  ["2024-01-31-us-uk-defence-chiefs.md", "humanitarian assistance to Gaza", "The US promised $2 billion in humanitarian aid to Gaza.", false],
  ["2024-01-31-us-uk-defence-chiefs.md", "gratitude towards", "Austin criticised the UK for cutting its defence budget.", false],
  ["2024-01-31-us-uk-defence-chiefs.md", "gratitude towards", "The next NATO summit will be held in London in 2026.", false],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "two-day visit", "Blinken met Chinese officials in Beijing during the trip.", false],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "suspension of certain arms", "The UK lifted its ban on arms exports to Israel.", false],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "second bilateral meeting", "Starmer and Biden will meet in London on Monday.", false],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "bridging proposal", "Netanyahu rejected the bridging proposal outright.", false],
  ["blinken-in-london-us-uk-strategic-dialogue.md", "more volatile", "Lammy resigned as Foreign Secretary after the talks.", false],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "$16 billion", "The United Kingdom has provided $16 billion in military aid.", false],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "$16 billion", "Germany is training Ukrainian pilots to fly F-16 jets.", false],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "accelerating peace efforts", "Hegseth announced that the US would withdraw from NATO.", false],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "accelerating peace efforts", "The officials agreed to impose a no-fly zone over Ukraine.", false],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "emphasized unity", "Russia agreed to a ceasefire after the meeting.", false],
  ["hegseth-and-uk-officials-ukraine-peace-efforts.md", "emphasized unity", "The UK declared war on France.", false],
];

/** The passage around a locator: its paragraph and neighbours up to about a chunk (700 chars). */
function passageAround(text: string, locator: string): string {
  const paras = text.split(/\n\s*\n|\n(?=\S)/).map((p) => p.trim()).filter(Boolean);
  let i = paras.findIndex((p) => p.includes(locator));
  if (i < 0) throw new Error(`locator not found: ${locator}`);
  let [a, b] = [i, i];
  const len = () => paras.slice(a, b + 1).join("\n").length;
  while (len() < 700 && (a > 0 || b < paras.length - 1)) {
    if (b < paras.length - 1) b++;
    if (len() < 700 && a > 0) a--;
  }
  return paras.slice(a, b + 1).join("\n");
}

function seedPairs(): Pair[] {
  return SEED.map(([file, locator, claim, positive]) => {
    const body = readFileSync(path.join(ROOT, "corpus", file), "utf8").replace(/^---[\s\S]*?---\n/, "");
    return { claim, passage: passageAround(body, locator), positive, set: "seed" };
  });
}

function squadPairs(perArticle: number): Pair[] {
  if (!existsSync(SQUAD)) {
    console.log(`(${SQUAD} is absent: SQuAD pairs skipped)`);
    return [];
  }
  const data = JSON.parse(readFileSync(SQUAD, "utf8")).data as { paragraphs: { context: string; qas: { question: string; answers: { text: string }[]; is_impossible?: boolean }[] }[] }[];
  const pairs: Pair[] = [];
  for (const article of data) {
    let taken = 0;
    article.paragraphs.forEach((p, pi) => {
      for (const qa of p.qas) {
        if (taken >= perArticle || qa.is_impossible || !qa.answers.length) continue;
        if (pi % 3 !== taken % 3) continue; // spread over the article's paragraphs
        const answer = qa.answers[0].text;
        // Another paragraph of the same article that does not contain the answer: same topic, no support.
        const other = article.paragraphs[(pi + 1 + (taken % Math.max(1, article.paragraphs.length - 1))) % article.paragraphs.length];
        if (other === p || other.context.includes(answer)) continue;
        const claim = `${qa.question.replace(/\?\s*$/, "")}: ${answer}.`;
        pairs.push({ claim, passage: p.context, positive: true, set: "squad" });
        pairs.push({ claim, passage: other.context, positive: false, set: "squad" });
        taken++;
        break;
      }
    });
  }
  return pairs;
}

async function main() {
  const embeddings = await createEmbeddings("use-lite");
  const pairs = [...seedPairs(), ...squadPairs(Number(process.env.PER_ARTICLE ?? 20))];
  const passages = [...new Set(pairs.map((p) => p.passage))];
  const sentencesOf = passages.map((p) => splitSentences(p));
  const flat = sentencesOf.flat().map((s) => s.text);
  console.log(`${pairs.length} pairs, ${passages.length} passages, ${flat.length} passage sentences; embedding…`);
  const vecs = (await embeddings.embedDocuments(flat)).map(unit);
  const claimVecs = (await embeddings.embedDocuments(pairs.map((p) => p.claim))).map(unit);
  let row = 0;
  const sources = new Map<string, VerifierSource>();
  passages.forEach((text, i) => {
    const sentences = sentencesOf[i].map((s) => ({ text: s.text, start: s.start, end: s.end, heading: s.kind === "heading", evidence: true, vector: vecs[row++] }));
    sources.set(text, { n: 1, title: "", date: null, source: "", articleId: "", terms: termsOf(text), numbers: numbersIn(text), sentences });
  });
  const scored = pairs.map((p, i) => ({ ...p, ...supportOf(claimOf(p.claim, claimVecs[i]), [sources.get(p.passage)!]) }));

  const rate = (xs: typeof scored, f: (x: (typeof scored)[0]) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 0);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const set of ["squad", "seed"] as const) {
    const pos = scored.filter((x) => x.set === set && x.positive);
    const neg = scored.filter((x) => x.set === set && !x.positive);
    if (!pos.length) continue;
    const q = (xs: number[], f: number) => xs.sort((a, b) => a - b)[Math.floor(f * (xs.length - 1))].toFixed(2);
    console.log(`\n${set}: ${pos.length} supported, ${neg.length} unsupported`);
    console.log(`  lexical  supported p10/p50 ${q(pos.map((x) => x.lexical), 0.1)}/${q(pos.map((x) => x.lexical), 0.5)}   unsupported p50/p90 ${q(neg.map((x) => x.lexical), 0.5)}/${q(neg.map((x) => x.lexical), 0.9)}`);
    console.log(`  sim      supported p10/p50 ${q(pos.map((x) => x.sim), 0.1)}/${q(pos.map((x) => x.sim), 0.5)}   unsupported p50/p90 ${q(neg.map((x) => x.sim), 0.5)}/${q(neg.map((x) => x.sim), 0.9)}`);
    console.log(`  current rule: accepts ${pct(rate(pos, (x) => x.ok))} of supported, ${pct(rate(neg, (x) => x.ok))} of unsupported`);
    if (set === "seed") for (const x of neg.filter((x) => x.ok)) console.log(`    accepted falsehood: ${x.claim} (lex ${x.lexical.toFixed(2)}, sim ${x.sim.toFixed(2)})`);
    if (set === "seed") for (const x of pos.filter((x) => !x.ok)) console.log(`    rejected paraphrase: ${x.claim} (lex ${x.lexical.toFixed(2)}, sim ${x.sim.toFixed(2)})`);
  }
  // Grid over the thresholds, with and without the names/figures check, per set (supported / unsupported accepted).
  console.log("\ngrid: rule → accepted supported/unsupported  [squad | seed]");
  const cell = (set: string, ok: (x: (typeof scored)[0]) => boolean) => {
    const xs = scored.filter((x) => x.set === set);
    return `${pct(rate(xs.filter((x) => x.positive), ok))}/${pct(rate(xs.filter((x) => !x.positive), ok))}`;
  };
  for (const specifics of [true, false]) {
    for (const lex of [0.4, 0.5, 0.6]) {
      for (const sim of [0.35, 0.45, 0.55]) {
        for (const simAlone of [0.7, 0.75, 0.8]) {
          const ok = (x: (typeof scored)[0]) => (!specifics || x.specifics) && ((x.lexical >= lex && x.sim >= sim) || x.lexical >= SUPPORT.lexicalAlone || x.sim >= simAlone);
          console.log(`  ${specifics ? "names+figures" : "no specifics "} lex≥${lex} & sim≥${sim} | simAlone≥${simAlone}:  ${cell("squad", ok)} | ${cell("seed", ok)}`);
        }
      }
    }
  }
  await embeddings.close?.();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

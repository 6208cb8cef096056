/**
 * The eval runner: opens the pipeline once (index refreshed, model loaded once), asks every
 * question of a set with each retriever, and turns the briefings into EvalRecords and verdicts.
 * The CLI (`briefing eval`) and the gate test both call `runEval` directly.
 */
import type { Briefing } from "../answer/types.js";
import type { Settings } from "../config.js";
import { loadCorpus } from "../corpus/load.js";
import type { IngestProgress, IngestReport } from "../index/ingest-types.js";
import { BriefingIndex } from "../index/store.js";
import { openPipeline } from "../pipeline.js";
import { batchLeaveOut, leaveOutCap, planLeaveOut, splitOf, type Split } from "./leaveOut.js";
import type { RetrieverKind } from "../retrieval/types.js";
import { articleKeysOf, checkQuote, claimSupported, readFrontMatterSources, type ArticleText } from "./keys.js";
import { aggregate, scoreRecord, type Aggregate, type EvalQuestion, type EvalRecord, type QuestionVerdict } from "./metrics.js";

export interface EvalProgress {
  retriever: RetrieverKind;
  done: number;
  total: number;
  id: string;
}

export interface RunEvalOptions {
  settings: Settings;
  questions: EvalQuestion[];
  /** Retrievers to run on the same questions (one column each in --compare). */
  retrievers: RetrieverKind[];
  onIngest?: (p: IngestProgress) => void;
  onNotice?: (line: string) => void;
  onProgress?: (p: EvalProgress) => void;
  /** `lexical`: evaluate the stage before any sentence is embedded (its own index, nothing embedded). */
  stage?: "lexical" | "semantic";
  /** Leave-one-article-out: each answerable question asked of the index without its answer (leaveOut.ts). */
  leaveOut?: boolean;
  /** Only the questions of this split (by id; see splitOf). */
  split?: Split;
}

/** One question's outcome: the record the metrics read, its verdict, and the briefing for --out. */
export interface QuestionOutcome {
  record: EvalRecord;
  verdict: QuestionVerdict;
  briefing: Briefing;
}

export interface RetrieverRun {
  retriever: RetrieverKind;
  aggregate: Aggregate;
  outcomes: QuestionOutcome[];
  seconds: number;
}

export interface EvalRun {
  corpus: string;
  index: string;
  articles: number;
  passages: number;
  /** Wall time to bring the index up to date (≈ 0 when it already was). */
  ingestSeconds: number;
  /** Whether the index had to be (re)built or updated for this run. */
  indexUpdated: boolean;
  runs: RetrieverRun[];
  /** Article texts and keys by id, as read for this run (for --out). */
  texts: Map<string, ArticleText>;
  /** With leaveOut: questions asked, dropped (no expected article in the corpus), reduced indexes opened. */
  leaveOut?: { questions: number; dropped: string[]; indexes: number; removedPerIndex: number };
}

export async function runEval(opts: RunEvalOptions): Promise<EvalRun> {
  const { settings } = opts;
  // The article texts, read once: quotes and claims are checked against them, not against the index.
  const { articles } = await loadCorpus(settings.corpus);
  const frontMatter = await readFrontMatterSources(articles);
  const texts = new Map<string, ArticleText>(articles.map((a) => [a.id, { text: a.text, keys: articleKeysOf(a, frontMatter.get(a.id)) }]));
  // The index brought up to date and completely embedded (a big job on the worker pool), the model loaded once.
  let report: IngestReport | undefined;
  const t0 = performance.now();
  const briefer = await openPipeline(settings, { embed: opts.stage === "lexical" ? "none" : "all", onProgress: opts.onIngest, onNotice: opts.onNotice, onIndexed: (r) => (report = r) });
  const ingestSeconds = report ? report.seconds : (performance.now() - t0) / 1000;
  try {
    // Quotes of an article missing from the texts read above would all count as not found: say why.
    const unread = [...briefer.index.articles.keys()].filter((id) => !texts.has(id)).length;
    if (unread > 0) opts.onNotice?.(`${unread} indexed article(s) were not in ${settings.corpus} when it was read (did the corpus change during the run?); their quotes count as not found`);
    const keysOf = (articleId: string, source: string): string[] => {
      const known = texts.get(articleId)?.keys;
      if (known) return known;
      const entry = briefer.index.articles.get(articleId);
      return [articleId, entry?.source ?? source, ...(entry?.url ? [entry.url] : [])];
    };
    // Without leave-out, one batch on the full index; with it, one reduced index per batch of questions.
    const plan = opts.leaveOut ? planLeaveOut(opts.questions, texts) : null;
    const inSplit = (q: EvalQuestion) => !opts.split || splitOf(q.id) === opts.split;
    const batches = (plan ? batchLeaveOut(plan.planned, leaveOutCap(briefer.index.articles.size)) : [{ remove: [] as string[], questions: opts.questions }])
      .map((b) => ({ ...b, questions: b.questions.filter(inSplit) }))
      .filter((b) => b.questions.length);
    const total = batches.reduce((n, b) => n + b.questions.length, 0);
    const outcomes = new Map<RetrieverKind, QuestionOutcome[]>(opts.retrievers.map((r) => [r, []]));
    const seconds = new Map<RetrieverKind, number>(opts.retrievers.map((r) => [r, 0]));
    for (const batch of batches) {
      let asker = briefer;
      if (batch.remove.length) {
        // Derived by deletion from the full index on disk: nothing is embedded again.
        const reduced = await BriefingIndex.open(settings.index, briefer.embeddings);
        for (const id of batch.remove) reduced.remove(id);
        asker = briefer.withIndex(reduced);
      }
      for (const retriever of opts.retrievers) {
        const started = performance.now();
        const done = outcomes.get(retriever)!;
        for (const q of batch.questions) {
          opts.onProgress?.({ retriever, done: done.length, total, id: q.id });
          const briefing = await asker.ask(q.question, { retriever });
          const record = toRecord(q, briefing, texts, keysOf);
          done.push({ record, verdict: scoreRecord(record), briefing });
        }
        seconds.set(retriever, seconds.get(retriever)! + (performance.now() - started) / 1000);
      }
    }
    const runs: RetrieverRun[] = opts.retrievers.map((retriever) => {
      const done = outcomes.get(retriever)!;
      opts.onProgress?.({ retriever, done: done.length, total, id: "" });
      return { retriever, aggregate: aggregate(done.map((o) => o.record)), outcomes: done, seconds: seconds.get(retriever)! };
    });
    return {
      corpus: settings.corpus,
      index: settings.index,
      articles: briefer.index.articles.size,
      passages: briefer.index.passages.size,
      ingestSeconds,
      indexUpdated: !report?.unchanged,
      runs,
      texts,
      ...(plan ? { leaveOut: { questions: total, dropped: plan.dropped, indexes: batches.filter((b) => b.remove.length).length, removedPerIndex: Math.max(0, ...batches.map((b) => b.remove.length)) } } : {}),
    };
  } finally {
    await briefer.close();
  }
}

/** A briefing as the metrics see it: article keys for citations and passages, quotes and claims checked. */
export function toRecord(
  q: EvalQuestion,
  b: Briefing,
  texts: Map<string, ArticleText>,
  keysOf: (articleId: string, source: string) => string[],
): EvalRecord {
  const quoteFound = b.citations.map((c) => checkQuote(texts.get(c.articleId)?.text, c).found);
  const byNumber = new Map(b.citations.map((c) => [c.n, c]));
  return {
    question: q,
    answer: b.answer,
    abstained: b.abstained,
    citations: b.citations.map((c) => ({ n: c.n, articleKey: keysOf(c.articleId, c.source), quote: c.quote, supported: c.supported })),
    passages: b.passages.map((p) => ({ articleKey: keysOf(p.articleId, p.source) })),
    sentences: b.sentences.map((s) => ({
      text: s.text,
      citations: s.citations,
      supported: claimSupported(b.mode, s, byNumber, texts),
    })),
    quoteFound,
    latencyMs: b.timingsMs.total,
  };
}

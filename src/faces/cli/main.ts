import { Command, Option } from "commander";
import { createInterface } from "node:readline";
import { cleanQuestion } from "../../answer/question.js";
import { resolveSettings, type Flags } from "../../config.js";
import { registerEvalCommand } from "./eval-command.js";
import { UserError } from "../../errors.js";
import { exitOnSignals, failAndExit, installLastResortHandlers } from "./errors.js";
import { briefingJson, jsonLine } from "./json.js";
import { progressReporter } from "../terminal/progress.js";
import { renderPlain } from "./render.js";
import { colorWanted } from "../terminal/color.js";
import { printLine } from "../terminal/print.js";

installLastResortHandlers();

const program = new Command("briefing")
  .description("Grounded, cited briefings from a corpus of news articles, in the terminal. Offline by default.")
  .showHelpAfterError("(run with --help for usage)");

const corpusOpt = () => new Option("--corpus <dir>", "corpus folder (env BRIEFING_CORPUS; default: ./corpus)");
const indexOpt = () => new Option("--index <dir>", "index folder (env BRIEFING_INDEX; default: .briefing/indexes/<corpus>-<hash>)");
const embeddingsOpt = () => new Option("--embeddings <spec>", "embedder: use-lite (default, offline), transformers:MODEL, ollama:MODEL, openai:MODEL (env BRIEFING_EMBEDDINGS)");
const llmOpt = () => new Option("--llm <spec>", "answer with a chat model: none (default), ollama:MODEL, openai:MODEL, llamacpp:PATH.gguf (env BRIEFING_LLM)");
/** The options of every command that answers questions. */
const answerOptions = () => [
  corpusOpt(),
  indexOpt(),
  embeddingsOpt(),
  llmOpt(),
  llmTimeoutOpt(),
  new Option("--k <n>", "passages to retrieve (env BRIEFING_K; default 5)"),
  new Option("--abstain <level>", "when to say 'not covered': strict, balanced (default) or lenient (env BRIEFING_ABSTAIN)"),
];
const llmTimeoutOpt = () => new Option("--llm-timeout <ms>", "wait this long for the model's first or next token before falling back (env BRIEFING_LLM_TIMEOUT; default 60000)");

program
  .command("ingest")
  .description("build or refresh the index for a corpus (only new or changed articles are embedded)")
  .addOption(corpusOpt())
  .addOption(indexOpt())
  .addOption(embeddingsOpt())
  .option("--rebuild", "ignore the existing index and build from scratch")
  .option("--workers <n>", "embedding worker threads (env BRIEFING_WORKERS; default 2)")
  .option("--lock-wait <seconds>", "wait this long for another ingest of the same index to finish (env BRIEFING_LOCK_WAIT; default 600)")
  .option("--json", "print the report as JSON, no progress")
  .action(async (flags: Flags & { rebuild?: boolean; json?: boolean }) => {
    const settings = resolveSettings(flags);
    const progress = progressReporter({ quiet: flags.json });
    exitOnSignals(progress.done, `the index at ${settings.index} is intact`, "run `briefing ingest` again to finish updating it");
    // The model loads only if something needs embedding; big jobs get a worker pool.
    // Commands load the pipeline on use: `chat` and `--help` start faster without it.
    const [{ createEmbeddings, bulkEmbedder }, { ingest }] = await Promise.all([import("../../embedding/providers.js"), import("../../index/build.js")]);
    const embeddings = await createEmbeddings(settings.embeddings);
    const bulk = bulkEmbedder(settings.embeddings, settings.workers);
    try {
      const r = await ingest({ corpus: settings.corpus, indexDir: settings.index, embeddings, bulk, rebuild: flags.rebuild, waitForLock: true, lockWaitMs: settings.lockWaitMs, onProgress: progress.onProgress, onNotice: progress.notice });
      progress.done();
      const summary = { corpus: settings.corpus, index: settings.index, documents: r.articles, chunks: r.passages, sentencesEmbedded: r.embedded, ...(r.lexicalSeconds !== undefined ? { lexicalSeconds: Math.round(r.lexicalSeconds * 100) / 100 } : {}), added: r.added, changed: r.changed, removed: r.removed, unchanged: r.unchanged, skipped: r.skipped, seconds: Math.round(r.seconds * 100) / 100, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
      if (flags.json) console.log(jsonLine(summary));
      else {
        const what = r.unchanged ? "unchanged" : `${r.added} added, ${r.changed} changed, ${r.removed} removed`;
        console.log(`Indexed ${r.articles} documents as ${r.passages} chunks in ${summary.seconds}s (${what}) → ${settings.index}`);
        if (r.skipped.length) console.log(printLine(`Skipped ${r.skipped.length} file(s):\n${r.skipped.map((s) => `  ${s.path}: ${s.reason}`).join("\n")}`));
      }
    } finally {
      await embeddings.close?.();
    }
  });

program
  .command("ask")
  .description("answer one question with a cited briefing (with --json and no question: one question per stdin line)")
  .argument("[question]", "the question; omit with --json to read questions from stdin")
  .addOption(new Option("--retriever <kind>", "retrieval strategy").choices(["hybrid", "dense", "bm25"]))
  .option("--json", "print the briefing as JSON")
  .action(async (question: string | undefined, flags: Flags & { json?: boolean }) => {
    const settings = resolveSettings(flags);
    if (question === undefined && !flags.json) {
      program.error("briefing ask: give a question, e.g. briefing ask \"What did Austin and Shapps discuss?\" (or use --json to read questions from stdin)");
    }
    if (question !== undefined) cleanQuestion(question); // an empty question fails before the model loads
    const progress = progressReporter({ quiet: false });
    exitOnSignals(progress.done, `the index at ${settings.index} is intact`);
    const { Briefer } = await import("../../answer/briefer.js");
    // What stderr is told while the index opens ("answering from the index as it is", …) goes into --json's notices too.
    const opened: string[] = [];
    const onNotice = (line: string) => (opened.push(line), progress.notice(line));
    const briefer = await Briefer.open(settings, { onProgress: progress.onProgress, onNotice });
    progress.done();
    try {
      if (question !== undefined) {
        const b = await briefer.ask(question);
        console.log(flags.json ? jsonLine(briefingJson(b, opened)) : renderPlain(b, { width: process.stdout.columns, color: colorWanted() }));
        return;
      }
      // Batch mode: one JSON line per question, in order, the model loaded once. A line that
      // cannot be answered gets an error object in its place and the batch goes on.
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        let out: object;
        try {
          out = briefingJson(await briefer.ask(line), opened);
        } catch (e) {
          const user = e instanceof UserError;
          out = { question: line, error: user ? e.message : `unexpected error: ${String((e as Error)?.message ?? e).split("\n")[0]}`, ...(user && e.hint ? { hint: e.hint } : {}) };
        }
        process.stdout.write(jsonLine(out) + "\n");
      }
    } finally {
      await briefer.close();
    }
  });

program
  .command("timeline")
  .description("a dated timeline of a subject from all its articles, oldest first, each event with every article reporting it")
  .argument("<subject>", 'what to follow, e.g. "the takeover battle for GenCorp"')
  .addOption(new Option("--retriever <kind>", "retrieval strategy").choices(["hybrid", "dense", "bm25"]))
  .option("--json", "print the timeline as JSON (entries, dates, citations, agreement counts, conflicts)")
  .action(async (subject: string, flags: Flags & { json?: boolean }) => {
    const settings = resolveSettings(flags);
    const question = `Timeline of ${cleanQuestion(subject)}`;
    const progress = progressReporter({ quiet: false });
    exitOnSignals(progress.done, `the index at ${settings.index} is intact`);
    const { Briefer } = await import("../../answer/briefer.js");
    const briefer = await Briefer.open(settings, { onProgress: progress.onProgress, onNotice: progress.notice });
    progress.done();
    try {
      const b = await briefer.ask(question);
      console.log(flags.json ? jsonLine(briefingJson(b)) : renderPlain(b, { width: process.stdout.columns, color: colorWanted() }));
    } finally {
      await briefer.close();
    }
  });

program
  .command("chat")
  .description("chat in the terminal: ask, read cited briefings, inspect sources, follow up (one question per line when stdin is not a terminal)")
  .action(async (flags: Flags) => {
    // Loaded on demand: Ink and React are only needed by this command.
    const { runChat } = await import("../chat/run.js");
    await runChat(flags);
  });

program
  .command("mcp")
  .description("serve the archive to AI assistants (Claude, Cursor, any MCP client) over stdio: tools search, ask, get_article, list_articles")
  .action(async (flags: Flags) => {
    const { serveMcp } = await import("../mcp/run.js");
    await serveMcp(flags);
  });

registerEvalCommand(program);
for (const name of ["ask", "chat", "timeline", "mcp"]) {
  const command = program.commands.find((c) => c.name() === name)!;
  for (const option of answerOptions()) command.addOption(option);
}

program.parseAsync(process.argv).catch(failAndExit);

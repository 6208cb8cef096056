import { Command } from "commander";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { cleanQuestion } from "../../answer/question.js";
import { resolveSettings, type Flags } from "../../config.js";
import { diskUsage } from "../../index/disk-usage.js";
import { registerEvalCommand } from "./eval-command.js";
import { describeError } from "../../errors.js";
import { exitOnSignals, failAndExit, installLastResortHandlers } from "./errors.js";
import { answerOptions, settingOption } from "./options.js";
import { briefingJson, jsonLine } from "./json.js";
import { progressReporter } from "../terminal/progress.js";
import { renderPlain } from "./render.js";
import { colorWanted } from "../terminal/color.js";
import { printLine } from "../terminal/print.js";

installLastResortHandlers();

// The same path from src/faces/cli (tsx) and dist/faces/cli (the installed binary).
const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command("briefing")
  .description("Grounded, cited briefings from a corpus of news articles, in the terminal. Offline by default.")
  .version(version, "-V, --version", "print the version")
  .configureOutput({ outputError: (text, write) => write(usageErrorLine(text)) })
  .showHelpAfterError("  hint: run with --help for usage");

/**
 * Commander's usage errors as one `briefing: …` line, like every other error: an unknown option's
 * "(Did you mean --corpus?)" joins the line instead of a second one.
 */
function usageErrorLine(text: string): string {
  const line = text.trim().replace(/^error: /, "").replace(/\s*\n\s*\(Did you mean (.+)\?\)$/, " (did you mean $1?)").replace(/\s*\n\s*/g, " ");
  return `${line.startsWith("briefing") ? line : `briefing: ${line}`}\n`;
}

program
  .command("ingest")
  .description("build or refresh the index for a corpus (only new or changed articles are embedded)")
  .addOption(settingOption("corpus"))
  .addOption(settingOption("index"))
  .addOption(settingOption("embeddings"))
  .option("--rebuild", "ignore the existing index and build from scratch")
  .addOption(settingOption("workers"))
  .addOption(settingOption("pinWorkers"))
  .addOption(settingOption("lockWait"))
  .option("--json", "print the report as JSON, no progress")
  .action(async (flags: Flags & { rebuild?: boolean; json?: boolean }) => {
    const settings = resolveSettings(flags);
    const progress = progressReporter({ quiet: flags.json });
    exitOnSignals(progress.done, `the index at ${settings.index} is intact`, "run `briefing ingest` again to finish updating it");
    // Commands load the pipeline on use: `chat` and `--help` start faster without it.
    const { ingestCorpus } = await import("../../pipeline.js");
    const r = await ingestCorpus(settings, { rebuild: flags.rebuild, onProgress: progress.onProgress, onNotice: progress.notice });
    progress.done();
    const summary = { corpus: settings.corpus, index: settings.index, documents: r.articles, chunks: r.passages, sentencesEmbedded: r.embedded, ...(r.lexicalSeconds !== undefined ? { lexicalSeconds: Math.round(r.lexicalSeconds * 100) / 100 } : {}), added: r.added, changed: r.changed, removed: r.removed, unchanged: r.unchanged, skipped: r.skipped, seconds: Math.round(r.seconds * 100) / 100, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), indexMb: Math.round(diskUsage(settings.index) / 104857.6) / 10 };
    if (flags.json) console.log(jsonLine(summary));
    else {
      const what = r.unchanged ? "unchanged" : `${r.added} added, ${r.changed} changed, ${r.removed} removed`;
      console.log(`Indexed ${r.articles} documents as ${r.passages} chunks in ${summary.seconds}s (${what}) → ${settings.index} (${summary.indexMb} MB on disk)`);
      if (r.skipped.length) console.log(printLine(`Skipped ${r.skipped.length} file(s):\n${r.skipped.map((s) => `  ${s.path}: ${s.reason}`).join("\n")}`));
    }
  });

program
  .command("ask")
  .description("answer one question with a cited briefing (with --json and no question: one question per stdin line)")
  .argument("[question]", "the question; omit with --json to read questions from stdin")
  .addOption(settingOption("retriever"))
  .option("--json", "print the briefing as JSON")
  .action(async (question: string | undefined, flags: Flags & { json?: boolean }) => {
    const settings = resolveSettings(flags);
    if (question === undefined && !flags.json) {
      program.error("briefing ask: give a question, e.g. briefing ask \"What did Austin and Shapps discuss?\" (or use --json to read questions from stdin)");
    }
    if (question !== undefined) cleanQuestion(question); // an empty question fails before the model loads
    const progress = progressReporter({ quiet: false });
    exitOnSignals(progress.done, `the index at ${settings.index} is intact`);
    const { openPipeline } = await import("../../pipeline.js");
    // What stderr is told while the index opens ("answering from the index as it is", …) goes into --json's notices too.
    const opened: string[] = [];
    const onNotice = (line: string) => (opened.push(line), progress.notice(line));
    const briefer = await openPipeline(settings, { onProgress: progress.onProgress, onNotice });
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
          const { message, hint } = describeError(e);
          out = { question: line, error: message, ...(hint ? { hint } : {}) };
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
  .addOption(settingOption("retriever"))
  .option("--json", "print the timeline as JSON (entries, dates, citations, agreement counts, conflicts)")
  .action(async (subject: string, flags: Flags & { json?: boolean }) => {
    const settings = resolveSettings(flags);
    const question = `Timeline of ${cleanQuestion(subject)}`;
    const progress = progressReporter({ quiet: false });
    exitOnSignals(progress.done, `the index at ${settings.index} is intact`);
    const { openPipeline } = await import("../../pipeline.js");
    const briefer = await openPipeline(settings, { onProgress: progress.onProgress, onNotice: progress.notice });
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
  .description("serve the archive to AI assistants (Claude, Cursor, any MCP client) over stdio: tools search, ask, brief, get_article, list_articles")
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

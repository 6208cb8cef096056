import { describeError } from "../../errors.js";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Briefer } from "../../answer/briefer.js";
import type { Briefing } from "../../answer/types.js";
import { turnOf, type Turn } from "../../conversation/turn.js";
import { briefingLines, openedLines, passagesLines } from "../terminal/briefing.js";
import { printLine, printLines, printPaint, printText, styled } from "../terminal/print.js";
import { COMMANDS, parseInput } from "./commands.js";
import { corpusFacts, openSource, passageRow, sourceRows, type CorpusFacts, type Opened, type SourceRow } from "./facts.js";

/**
 * The chat without a terminal: questions one per line on stdin, plain briefings on stdout, so
 * it can be piped and scripted. Follow-ups and the slash commands work as in the Ink app.
 */
export interface PlainIO {
  input: Readable;
  output: Writable;
  width: number;
  color: boolean;
}

export async function chatPlain(briefer: Briefer, io: PlainIO): Promise<void> {
  // Every reply is one block followed by a blank line.
  const out = (s: string) => io.output.write(s.trimEnd() + "\n\n");
  const width = Math.max(40, Math.min(io.width, 120));
  let turns: Turn[] = [];
  let last: Briefing | undefined;
  // One line for whatever goes wrong with one input (a question that cannot be asked, an index file
  // damaged mid-session), as the Ink chat does; the session goes on. BRIEFING_DEBUG=1 adds the stack on stderr.
  const problem = (e: unknown) => {
    if (process.env.BRIEFING_DEBUG) console.error((e as Error)?.stack ?? e);
    const { message, hint, expected } = describeError(e);
    return printLine(`! ${expected ? message : `Could not answer: ${message.replace(/^unexpected error: /, "")}`}${hint ? ` (${hint})` : ""}`);
  };
  for await (const line of createInterface({ input: io.input, crlfDelay: Infinity })) {
    const input = parseInput(line);
    try {
      switch (input.kind) {
        case "empty":
          continue;
        case "quit":
          return;
        case "question": {
          const asked = styled(io.color ? { bold: true } : undefined, printText(`› ${input.text}`, width, 2));
          let b: Briefing;
          try {
            // Another process may have re-ingested since the last question: answer from its index, and say so.
            const updated = await briefer.refresh();
            if (updated) out(printLine(`(${updated})`));
            b = await briefer.ask(input.text, { history: turns });
          } catch (e) {
            out(`${asked}\n${problem(e)}\n`);
            continue;
          }
          turns.push(turnOf(b));
          last = b;
          out(`${asked}\n${printLines(briefingLines(b, { width, form: "print", paint: printPaint(io.color) }))}`);
          continue;
        }
        case "sources":
          out(last ? plainSources(sourceRows(last, briefer.index), width) : "No answer yet: ask a question first.\n");
          continue;
        case "open":
          out(plainOpen(openSource(last, briefer.index, input.n), width, io.color));
          continue;
        case "corpus":
          out(plainCorpus(corpusFacts(briefer.index, briefer.settings), width));
          continue;
        case "clear":
          turns = [];
          last = undefined;
          out("(conversation cleared: the next question starts afresh)");
          continue;
        case "help":
          out(plainHelp(width));
          continue;
        case "unknown":
          out(printLine(`Unknown command ${input.command}; /help lists the commands.\n`));
          continue;
        case "usage":
          out(printLine(`${input.text}\n`));
          continue;
      }
    } catch (e) {
      out(`${problem(e)}\n`);
    }
  }
}

export function plainSources(rows: SourceRow[], width: number): string {
  if (!rows.length) return "No passages were retrieved for the last answer.\n";
  return printLines(passagesLines(rows.map(passageRow), { width, form: "print", paint: printPaint(false) })) + "\n";
}

export function plainOpen(o: Opened, width: number, color = false): string {
  if (!o.ok) return o.message + "\n";
  // Without colour the quote is marked »like this«.
  const marks: [string, string] = color ? ["", ""] : ["»", "«"];
  return printLines(openedLines(o.ref, o.place, o, { width, form: "print", paint: printPaint(color) }, marks)) + "\n";
}

export function plainCorpus(f: CorpusFacts, width: number, limit = 12): string {
  const out = [
    printLine(`Corpus ${f.name}: ${f.articles} articles, ${f.chunks} chunks`),
    printText(`folder: ${f.corpus}`, width, 0, 2),
    printText(`index: ${f.indexDir}`, width, 0, 2),
    printText(`updated ${f.age} (${f.updated}) · embedder ${f.embedder} · answers ${f.answers}`, width, 0, 2),
    ...f.titles.slice(0, limit).map((t) => printLine(`  ${t.date} ${t.title}`).slice(0, width)),
  ];
  if (f.titles.length > limit) out.push(`  … and ${f.titles.length - limit} more`);
  return out.join("\n") + "\n";
}

export function plainHelp(width: number): string {
  const pad = Math.max(...COMMANDS.map((c) => c.usage.length)) + 2;
  return [
    printText("Ask a question about the corpus, one per line; follow-ups use the previous turn.", width),
    ...COMMANDS.map((c) => c.usage.padEnd(pad) + printText(c.what, width, 0, pad).slice(pad)),
  ].join("\n") + "\n";
}

import { UserError } from "../../errors.js";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Briefer } from "../../answer/briefer.js";
import type { Briefing } from "../../answer/types.js";
import { turnOf, type Turn } from "../../conversation/turn.js";
import { sanitizeForTerminal } from "../../text/sanitize.js";
import { renderPlain, sourceLine, wrap } from "../cli/render.js";
import { COMMANDS, parseInput } from "./commands.js";
import { corpusFacts, openSource, scoreLine, sourceRows, type CorpusFacts, type Opened, type SourceRow } from "./facts.js";

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
  const style = styles(io.color);
  let turns: Turn[] = [];
  let last: Briefing | undefined;
  for await (const line of createInterface({ input: io.input, crlfDelay: Infinity })) {
    const input = parseInput(line);
    switch (input.kind) {
      case "empty":
        continue;
      case "quit":
        return;
      case "question": {
        const asked = style.bold(wrap(`› ${sanitizeForTerminal(input.text)}`, width, "  "));
        let b: Briefing;
        try {
          // Another process may have re-ingested since the last question: answer from its index, and say so.
          const updated = await briefer.refresh();
          if (updated) out(`(${sanitizeForTerminal(updated)})`);
          b = await briefer.ask(input.text, { history: turns });
        } catch (e) {
          // One question that cannot be asked ("???") must not end a scripted session.
          if (!(e instanceof UserError)) throw e;
          out(`${asked}\n! ${sanitizeForTerminal(e.message)}${e.hint ? ` (${sanitizeForTerminal(e.hint)})` : ""}\n`);
          continue;
        }
        turns.push(turnOf(b));
        last = b;
        out(`${asked}\n${renderPlain(b, { width, color: io.color })}`);
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
        out(`Unknown command ${sanitizeForTerminal(input.command)}; /help lists the commands.\n`);
        continue;
    }
  }
}

/** Wraps to the width less the indent, then indents every line (wrap() alone drops a leading indent). */
function indented(text: string, width: number, indent = "    "): string {
  return wrap(text, width - indent.length).split("\n").map((l) => (l ? indent + l : "")).join("\n");
}

function styles(color: boolean) {
  const sgr = (on: string, off: string) => (s: string) => (color ? `\x1b[${on}m${s}\x1b[${off}m` : s);
  return { bold: sgr("1", "22"), dim: sgr("2", "22"), quote: color ? sgr("1;33", "22;39") : (s: string) => `»${s}«` };
}

export function plainSources(rows: SourceRow[], width: number): string {
  if (!rows.length) return "No passages were retrieved for the last answer.\n";
  const out = ["Passages behind the last answer (best first):"];
  for (const r of rows) {
    out.push("", wrap(sourceLine({ n: r.rank, title: r.title, date: r.date, source: r.source }), width, "    "));
    out.push(indented(`${r.place} · ${scoreLine(r)}`, width), indented(r.snippet, width));
  }
  return out.join("\n") + "\n";
}

export function plainOpen(o: Opened, width: number, color = false): string {
  if (!o.ok) return o.message + "\n";
  const q = styles(color).quote;
  // Wrap first, then mark the quote, so escape codes never count toward the line width.
  const body = indented(`${o.before}\u0001${o.quote}\u0002${o.after}`, width).replace(/\u0001([^]*?)\u0002/gs, (_m, s: string) => q(s));
  return [wrap(sourceLine(o.ref), width, "    "), indented(o.place, width), body].join("\n") + "\n";
}

export function plainCorpus(f: CorpusFacts, width: number, limit = 12): string {
  const out = [
    `Corpus ${f.name}: ${f.articles} articles, ${f.chunks} chunks`,
    indented(`folder: ${f.corpus}`, width, "  "),
    indented(`index: ${f.indexDir}`, width, "  "),
    indented(`updated ${f.age} (${f.updated}) · embedder ${f.embedder} · answers ${f.answers}`, width, "  "),
    ...f.titles.slice(0, limit).map((t) => `  ${t.date} ${t.title}`.slice(0, width)),
  ];
  if (f.titles.length > limit) out.push(`  … and ${f.titles.length - limit} more`);
  return out.join("\n") + "\n";
}

export function plainHelp(width: number): string {
  const pad = Math.max(...COMMANDS.map((c) => c.usage.length)) + 2;
  return [
    wrap("Ask a question about the corpus, one per line; follow-ups use the previous turn.", width),
    ...COMMANDS.map((c) => c.usage.padEnd(pad) + indented(c.what, width, " ".repeat(pad)).slice(pad)),
  ].join("\n") + "\n";
}

import type { EvalReporter } from "../../eval/command.js";
import type { EvalProgress } from "../../eval/runner.js";
import type { IngestProgress } from "../../index/ingest-types.js";
import { terminalSafe } from "./wrap.js";

/**
 * Ingest progress on stderr: a redrawn bar with counts, rate and ETA on a terminal;
 * a line every few seconds when piped; nothing when quiet.
 */
export function progressReporter(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}) {
  const out = opts.stream ?? process.stderr;
  const tty = Boolean(out.isTTY);
  let stageStart = performance.now();
  let stage = "";
  // Piped: a first line only after 3 s of work, so a quick command prints none (however long the process took to start).
  let lastLine = performance.now();
  let drawn = false;
  const onProgress = (p: IngestProgress) => {
    if (opts.quiet) return;
    const now = performance.now();
    if (p.stage !== stage) {
      stage = p.stage;
      stageStart = now;
    }
    const line = describe(p, (now - stageStart) / 1000);
    if (tty) {
      out.write(`\r\x1b[2K${line}`);
      drawn = true;
    } else if (p.stage !== "loading" && (now - lastLine > 3000 || (p.total > 0 && p.done === p.total))) {
      // Piped, "Reading the corpus…" says nothing a log needs: an up-to-date index prints no line at all.
      out.write(line + "\n");
      lastLine = now;
    }
  };
  const done = () => {
    if (drawn) out.write("\r\x1b[2K");
    drawn = false;
  };
  const notice = (line: string) => {
    if (opts.quiet) return;
    done();
    out.write(terminalSafe(line) + "\n"); // notices name corpus files, whose names are untrusted
  };
  return { onProgress, done, notice };
}

export function describe(p: IngestProgress, seconds: number): string {
  if (p.stage === "loading") return "Reading the corpus…";
  if (p.stage === "saving") return "Saving the index…";
  const unit = p.stage === "chunking" ? "articles chunked" : "sentences embedded";
  const width = 24;
  const filled = p.total ? Math.round((p.done / p.total) * width) : 0;
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const articles = p.articlesTotal ? ` · ${p.articlesDone ?? 0}/${p.articlesTotal} articles` : "";
  return `Indexing ${bar} ${p.done}/${p.total} ${unit}${articles} · ${pace(p, seconds)}`;
}

/** Rate and time left, once they mean something: before the first work is done (or within half a second of starting) a rate would read "0/s · ETA 0s". */
function pace(p: IngestProgress, seconds: number): string {
  if (p.total > 0 && p.done >= p.total) return "done";
  if (p.done <= 0 || seconds < 0.5) return "estimating…";
  const rate = p.done / seconds;
  const eta = Math.ceil((p.total - p.done) / rate);
  return `${rate < 10 ? rate.toFixed(1) : rate.toFixed(0)}/s · ETA ${eta < 60 ? `${eta}s` : `${Math.floor(eta / 60)}m ${String(eta % 60).padStart(2, "0")}s`}`;
}

/** Eval progress on stderr: the index's as above, then questions done, redrawn on a terminal, a line every few seconds when piped. */
export function evalProgress(quiet: boolean): EvalReporter {
  const ingest = progressReporter({ quiet });
  const out = process.stderr;
  let last = 0;
  const onProgress = (p: EvalProgress) => {
    if (quiet) return;
    const line = `Evaluating (${p.retriever}) ${p.done}/${p.total}${p.id ? ` · ${p.id}` : ""}`;
    if (out.isTTY) out.write(`\r\x1b[2K${line}${p.done === p.total ? "\n" : ""}`);
    else if (performance.now() - last > 3000 || p.done === p.total) {
      out.write(line + "\n");
      last = performance.now();
    }
  };
  return { onIngest: ingest.onProgress, onNotice: ingest.notice, ingestDone: ingest.done, onProgress };
}

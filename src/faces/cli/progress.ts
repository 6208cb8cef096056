import type { IngestProgress } from "../../index/build.js";
import { sanitizeForTerminal } from "../../text/sanitize.js";

/**
 * Ingest progress on stderr: a redrawn bar with counts, rate and ETA on a terminal;
 * a line every few seconds when piped; nothing when quiet.
 */
export function progressReporter(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}) {
  const out = opts.stream ?? process.stderr;
  const tty = Boolean(out.isTTY);
  let stageStart = performance.now();
  let stage = "";
  // From now, not from process start: a slow start (a loaded machine) must not print a line for an up-to-date index.
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
    } else if (now - lastLine > 3000 || (p.total > 0 && p.done === p.total)) {
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
    out.write(sanitizeForTerminal(line) + "\n"); // notices name corpus files, whose names are untrusted
  };
  return { onProgress, done, notice };
}

export function describe(p: IngestProgress, seconds: number): string {
  if (p.stage === "loading") return "Reading the corpus…";
  if (p.stage === "saving") return "Saving the index…";
  const unit = p.stage === "chunking" ? "articles chunked" : "sentences embedded";
  const rate = seconds > 0 ? p.done / seconds : 0;
  const eta = rate > 0 ? Math.ceil((p.total - p.done) / rate) : 0;
  const width = 24;
  const filled = p.total ? Math.round((p.done / p.total) * width) : 0;
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const articles = p.articlesTotal ? ` · ${p.articlesDone ?? 0}/${p.articlesTotal} articles` : "";
  return `Indexing ${bar} ${p.done}/${p.total} ${unit}${articles} · ${rate.toFixed(0)}/s · ETA ${eta}s`;
}

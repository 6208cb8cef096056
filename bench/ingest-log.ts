/**
 * Reading the logs of `/usr/bin/time -v briefing ingest … 2> LOG` runs, for bench:corpus's "time to
 * the full semantic layer" on an archive too big to build per bench run. A resumed ingest is another
 * run: appended to the same log, or in a log of its own (give every log, oldest first). Each run is
 * the progress lines it printed, closed by GNU time's block (`Command being timed:` … `Exit status:`);
 * a run killed together with its timer has no block, and its time is estimated from its progress bar.
 */

export interface IngestRun {
  /** Wall-clock seconds: GNU time's, or for an untimed run the embedding stage's, from its bar's rate. */
  seconds: number;
  /** No /usr/bin/time block closed this run: `seconds` is the bar's estimate (the lexical stage not counted). */
  untimed: boolean;
  /** User + system CPU seconds (NaN when untimed). */
  cpu: number;
  rssMb: number;
  /** The signal that ended the run, when GNU time saw one. */
  signal?: string;
  exit?: number;
  /** Distinct sentence texts embedded by this run (its bar's last count); 0 when it printed none. */
  embedded: number;
  /** Sentences this run set out to embed (its bar's total once the indexer reported). */
  total: number;
  /** The run printed `Indexed N documents …`: it completed. */
  finished: boolean;
}

const BLOCK = /Command being timed:[\s\S]*?Exit status: (\d+)[^\n]*/g;

/** The runs in one or more logs, in order. */
export function parseIngestLogs(texts: string[]): IngestRun[] {
  const runs: IngestRun[] = [];
  for (const text of texts) {
    let at = 0;
    for (const m of text.matchAll(BLOCK)) {
      runs.push(run(text.slice(at, m.index), m[0]));
      at = m.index! + m[0].length;
    }
    const rest = text.slice(at);
    if (progressOf(rest).length > 0 || /Indexed \d+ documents/.test(rest)) runs.push(run(rest, null));
  }
  return runs;
}

function progressOf(text: string): { done: number; total: number; rate?: number }[] {
  return [...text.matchAll(/(\d+)\/(\d+) sentences embedded(?: · ([\d.]+)\/s)?/g)].map((x) => ({
    done: Number(x[1]),
    total: Number(x[2]),
    rate: x[3] === undefined ? undefined : Number(x[3]),
  }));
}

/** `1:02:03.5`, `24:48.99` or `0.5` as seconds. */
export function clockSeconds(text: string): number {
  return text.split(":").reduce((s, part) => s * 60 + Number(part), 0);
}

function run(output: string, block: string | null): IngestRun {
  const progress = progressOf(output);
  const last = progress.at(-1);
  const finished = /Indexed \d+ documents/.test(output);
  // GNU time reports a signal on a line of its own just before its block.
  const signal = output.match(/Command terminated by signal (\d+)\s*$/)?.[1];
  if (!block) {
    const rated = progress.filter((p) => p.rate && p.rate > 0).at(-1);
    return {
      seconds: rated ? rated.done / rated.rate! : NaN,
      untimed: true,
      cpu: NaN,
      rssMb: NaN,
      embedded: last?.done ?? 0,
      total: last?.total ?? 0,
      finished,
    };
  }
  const num = (re: RegExp) => Number(block.match(re)?.[1] ?? NaN);
  // The label reads `Elapsed (wall clock) time (h:mm:ss or m:ss): 24:48.99`: its own colons come before ": ".
  const wall = block.match(/Elapsed \(wall clock\) time.*?: (\d[\d:.]*)/)?.[1];
  return {
    seconds: wall ? clockSeconds(wall) : NaN,
    untimed: false,
    cpu: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    signal,
    exit: num(/Exit status: (\d+)/),
    embedded: last?.done ?? 0,
    total: last?.total ?? 0,
    finished,
  };
}

import { Box, Static, useApp, useInput, useStdout } from "ink";
import { useEffect, useRef, useState } from "react";
import type { Briefer } from "../../answer/briefer.js";
import type { Briefing } from "../../answer/types.js";
import { firstLine } from "../../errors.js";
import type { IngestProgress } from "../../index/ingest-types.js";
import { semanticProgress } from "../../index/semantic.js";
import type { BriefingIndex } from "../../index/store.js";
import { turnOf, type Turn as HistoryTurn } from "../../conversation/turn.js";
import { describe as describeProgress } from "../terminal/progress.js";
import { InputHistory, parseInput } from "./commands.js";
import { answerMode, corpusFacts, corpusName, openSource, sourceRows, type CorpusFacts, type Opened, type SourceRow } from "./facts.js";
import { Header, SemanticLine, type HeaderFacts } from "./Header.js";
import { Pacer } from "./pace.js";
import { Prompt } from "./Prompt.js";
import { STAGE_LABEL, StatusLine } from "./StatusLine.js";
import { ColorContext, ColumnsContext, useTerminalColumns } from "./theme.js";
import { Asked, PendingTurn, Turn } from "./Turn.js";
import { CorpusView, HelpView, Notice, OpenView, SourcesView } from "./views.js";

export interface OpenHooks {
  onProgress: (p: IngestProgress) => void;
  onNotice: (line: string) => void;
  /** The index answering changed: a checkpoint of the background embedding landed, or another process's generation is in use. */
  onIndex?: (index: BriefingIndex) => void;
}

export interface ChatAppProps {
  /** Opens (and if needed builds) the index; the prompt is usable while this runs. */
  open: (hooks: OpenHooks) => Promise<Briefer>;
  color?: boolean;
  /** Milliseconds between revealed sentences of an extractive answer (0: all at once). */
  paceMs?: number;
}

/** What the transcript holds; finished entries are printed once, above the live area. */
type Entry = { id: number } & (
  | { kind: "header"; facts: HeaderFacts }
  | { kind: "asked"; line: string }
  | { kind: "turn"; question: string; briefing: Briefing }
  | { kind: "sources"; rows: SourceRow[] }
  | { kind: "open"; opened: Opened }
  | { kind: "corpus"; facts: CorpusFacts }
  | { kind: "help" }
  | { kind: "notice"; text: string; tone: "info" | "error" }
);
type NewEntry = Entry extends infer E ? (E extends Entry ? Omit<E, "id"> : never) : never;

type Phase = { kind: "opening"; label: string } | { kind: "ready" } | { kind: "failed"; message: string };
type Busy = { question: string; label: string } | null;

export function ChatApp({ open, color = true, paceMs = 45 }: ChatAppProps) {
  const { exit } = useApp();
  const { write } = useStdout();
  const columns = useTerminalColumns();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [staticKey, setStaticKey] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: "opening", label: "Loading the embedder and checking the index…" });
  const [busy, setBusy] = useState<Busy>(null);
  const [streamed, setStreamed] = useState("");
  const [queued, setQueued] = useState<string[]>([]);
  /** `semantic index 34% — answers improve as it completes` while the background embedding runs. */
  const [semantic, setSemantic] = useState<string | null>(null);

  const nextId = useRef(0);
  const briefer = useRef<Briefer | null>(null);
  const turns = useRef<HistoryTurn[]>([]);
  const last = useRef<Briefing | undefined>(undefined);
  const history = useRef(new InputHistory());
  const pacer = useRef(new Pacer(setStreamed, 0));
  const asking = useRef(false);
  const shownSemantic = useRef<string | null>(null);

  const add = (...items: NewEntry[]) => setEntries((es) => [...es, ...items.map((e) => ({ ...e, id: nextId.current++ }) as Entry)]);
  const headerOf = (b: Briefer): HeaderFacts => ({
    name: corpusName(b.settings.corpus),
    articles: b.index.manifest.articleCount,
    chunks: b.index.manifest.passageCount,
    embedder: b.index.manifest.embedder.id,
    answers: answerMode(b.settings),
  });

  // Ctrl+C leaves at any moment, including while indexing or answering; Ink restores the terminal.
  useInput((input, key) => {
    if (key.ctrl && input === "c") exit();
  });

  useEffect(() => {
    let stageName = "";
    let stageStart = performance.now();
    let lastEvent = stageStart;
    const onProgress = (p: IngestProgress) => {
      const now = performance.now();
      // A stage's first report comes after its first batch; it began when the previous stage ended.
      if (p.stage !== stageName) [stageName, stageStart] = [p.stage, lastEvent];
      lastEvent = now;
      setPhase({ kind: "opening", label: describeProgress(p, (now - stageStart) / 1000) });
    };
    const onNotice = (line: string) => add({ kind: "notice", text: line, tone: "info" });
    let live = true;
    const onIndex = (index: BriefingIndex) => {
      if (!live) return;
      const line = semanticProgress(index);
      if (shownSemantic.current && !line) add({ kind: "notice", text: "semantic index complete", tone: "info" });
      shownSemantic.current = line;
      setSemantic(line);
    };
    open({ onProgress, onNotice, onIndex }).then(
      (b) => {
        if (!live) return;
        briefer.current = b;
        shownSemantic.current = semanticProgress(b.index);
        setSemantic(shownSemantic.current);
        pacer.current.ms = b.settings.llm === "none" ? paceMs : 0;
        add({ kind: "header", facts: headerOf(b) });
        setPhase({ kind: "ready" });
      },
      (e: unknown) => {
        if (!live) return;
        const err = e as Error & { hint?: string };
        // Messages can quote file names from the corpus folder: sanitised like article text.
        const message = `briefing: ${firstLine(err)}${err?.hint ? `\n  hint: ${err.hint}` : ""}`;
        setPhase({ kind: "failed", message });
      },
    );
    return () => {
      live = false;
      pacer.current.reset();
    };
  }, []);

  // A failed start is shown, then the app exits with the error (exit status 1).
  useEffect(() => {
    if (phase.kind === "failed") exit(new Error(phase.message));
  }, [phase]);

  // Questions typed while the index was still opening are answered once it is ready.
  useEffect(() => {
    if (phase.kind === "ready" && !busy && queued.length && !asking.current) {
      const [q, ...rest] = queued;
      setQueued(rest);
      void ask(q!);
    }
  }, [phase, busy, queued]);

  async function ask(question: string) {
    const b = briefer.current!;
    asking.current = true;
    pacer.current.reset();
    setBusy({ question, label: STAGE_LABEL.searching });
    try {
      // Another process may have re-ingested since the last question: answer from its index, and say so.
      const updated = await b.refresh();
      if (updated) add({ kind: "notice", text: updated, tone: "info" });
      const briefing = await b.ask(question, {
        history: turns.current,
        onStage: (stage) => setBusy({ question, label: STAGE_LABEL[stage] }),
        onText: (chunk) => pacer.current.push(chunk),
      });
      await pacer.current.drained();
      turns.current.push(turnOf(briefing));
      last.current = briefing;
      add({ kind: "turn", question, briefing });
    } catch (e) {
      add({ kind: "notice", text: `Could not answer: ${firstLine(e)}`, tone: "error" });
    } finally {
      asking.current = false;
      pacer.current.reset();
      setBusy(null);
    }
  }

  function submit(line: string) {
    const input = parseInput(line);
    const b = briefer.current;
    // Commands are echoed like questions, so each view sits under what asked for it.
    const echo = { kind: "asked" as const, line: line.trim() };
    const needIndex = () => {
      add(echo, { kind: "notice", text: "Still opening the index; try again in a moment.", tone: "info" });
      return null;
    };
    switch (input.kind) {
      case "empty":
        return;
      case "question":
        if (b && !asking.current) void ask(input.text);
        else setQueued((q) => [...q, input.text]);
        return;
      case "quit":
        return exit();
      case "help":
        return add(echo, { kind: "help" });
      case "clear":
        // Wipe the screen and scrollback, and start a fresh conversation.
        write("\x1b[2J\x1b[3J\x1b[H");
        turns.current = [];
        last.current = undefined;
        setStaticKey((k) => k + 1);
        setEntries(b ? [{ id: nextId.current++, kind: "header", facts: headerOf(b) }] : []);
        return;
      case "sources":
        if (!b) return needIndex();
        if (!last.current) return add(echo, { kind: "notice", text: "No answer yet: ask a question first.", tone: "info" });
        return add(echo, { kind: "sources", rows: sourceRows(last.current, b.index) });
      case "open":
        if (!b) return needIndex();
        return add(echo, { kind: "open", opened: openSource(last.current, b.index, input.n) });
      case "corpus":
        if (!b) return needIndex();
        return add(echo, { kind: "corpus", facts: corpusFacts(b.index, b.settings) });
      case "unknown":
        return add(echo, { kind: "notice", text: `Unknown command ${input.command}; /help lists the commands.`, tone: "info" });
      case "usage":
        return add(echo, { kind: "notice", text: input.text, tone: "info" });
    }
  }

  return (
    <ColorContext.Provider value={color}>
      <ColumnsContext.Provider value={columns}>
      <Static key={staticKey} items={entries}>
        {(e) => (
          <Box key={e.id} flexDirection="column">
            <EntryView entry={e} />
          </Box>
        )}
      </Static>
      <Box flexDirection="column">
        {busy ? <PendingTurn question={busy.question} text={streamed} /> : null}
        {queued.map((q, i) => (
          <PendingTurn key={i} question={q} text="" />
        ))}
        {phase.kind === "failed" ? <Notice text={phase.message} tone="error" /> : null}
        {phase.kind === "opening" ? <StatusLine label={phase.label} /> : null}
        {phase.kind === "ready" && semantic ? <SemanticLine text={semantic} /> : null}
        {busy ? <StatusLine label={busy.label} /> : null}
        {phase.kind !== "failed" ? (
          <Box marginTop={busy || phase.kind === "opening" ? 0 : 1}>
            <Prompt history={history.current} onSubmit={submit} active={!busy} placeholder={phase.kind === "ready" ? "Ask about the corpus, or /help" : "Type a question; it is answered once the index is open"} />
          </Box>
        ) : null}
      </Box>
      </ColumnsContext.Provider>
    </ColorContext.Provider>
  );
}

function EntryView({ entry }: { entry: Entry }) {
  switch (entry.kind) {
    case "header":
      return <Header facts={entry.facts} />;
    case "asked":
      return (
        <Box marginTop={1}>
          <Asked line={entry.line} />
        </Box>
      );
    case "turn":
      return <Turn question={entry.question} briefing={entry.briefing} />;
    case "sources":
      return <SourcesView rows={entry.rows} />;
    case "open":
      return <OpenView opened={entry.opened} />;
    case "corpus":
      return <CorpusView facts={entry.facts} />;
    case "help":
      return <HelpView />;
    case "notice":
      return <Notice text={entry.text} tone={entry.tone} />;
  }
}


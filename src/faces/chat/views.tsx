import { Box } from "ink";
import { openedLines, passagesLines } from "../terminal/briefing.js";
import { terminalSafe } from "../terminal/wrap.js";
import { COMMANDS } from "./commands.js";
import { passageRow, type CorpusFacts, type Opened, type SourceRow } from "./facts.js";
import { Lines, Para } from "./Para.js";
import { NARROW, useColor, useColumns, useLayout } from "./theme.js";

/** /sources: every retrieved passage behind the last answer, best first, with its scores. */
export function SourcesView({ rows }: { rows: SourceRow[] }) {
  const layout = useLayout();
  if (!rows.length) return <Notice text="No passages were retrieved for the last answer." />;
  return <Lines lines={passagesLines(rows.map(passageRow), layout)} />;
}

/** /open N: the cited passage, the quoted sentence highlighted, and where it sits in the article. */
export function OpenView({ opened }: { opened: Opened }) {
  const layout = useLayout();
  if (!opened.ok) return <Notice text={opened.message} />;
  return <Lines lines={openedLines(opened.ref, opened.place, opened, layout)} />;
}

/** /corpus: what is indexed, where the index lives and how old it is. */
export function CorpusView({ facts, limit = 12 }: { facts: CorpusFacts; limit?: number }) {
  const shown = facts.titles.slice(0, limit);
  const line = (text: string, dim = false) => <Para indent={2} hang={2} runs={[{ text, style: dim ? { dimColor: true } : undefined }]} />;
  return (
    <Box flexDirection="column">
      <Para runs={[{ text: `Corpus ${facts.name}: ${facts.articles} articles, ${facts.chunks} chunks`, style: { bold: true } }]} />
      {line(`folder: ${facts.corpus}`)}
      {line(`index: ${facts.indexDir}`)}
      {line(`updated ${facts.age} (${facts.updated}) · embedder ${facts.embedder} · answers ${facts.answers}`)}
      {shown.map((t, i) => (
        <Box key={i}>{line(`${t.date}  ${t.title}`, true)}</Box>
      ))}
      {facts.titles.length > shown.length ? line(`… and ${facts.titles.length - shown.length} more`, true) : null}
    </Box>
  );
}

export function HelpView() {
  const columns = useColumns();
  const pad = Math.max(...COMMANDS.map((c) => c.usage.length)) + 2;
  return (
    <Box flexDirection="column">
      <Para runs={[{ text: 'Ask a question about the corpus; follow-ups like "What about Germany?" use the previous turn. Up/Down recall earlier inputs.' }]} />
      {COMMANDS.map((c) =>
        // Too narrow for two columns: each command above what it does.
        columns - pad < NARROW ? (
          <Box key={c.usage} flexDirection="column">
            <Para runs={[{ text: c.usage, style: { bold: true } }]} />
            <Para indent={2} runs={[{ text: c.what }]} />
          </Box>
        ) : (
          <Box key={c.usage}>
            <Box width={pad} flexShrink={0}>
              <Para runs={[{ text: c.usage, style: { bold: true } }]} />
            </Box>
            <Para width={columns - pad} runs={[{ text: c.what }]} />
          </Box>
        ),
      )}
    </Box>
  );
}

/** A one-line message (an error may carry a second, indented `hint:` line). */
export function Notice({ text, tone = "info" }: { text: string; tone?: "info" | "error" }) {
  const { paint } = useColor();
  const style = tone === "error" ? { color: paint("red"), bold: true } : { dimColor: true };
  return (
    <Box flexDirection="column">
      {terminalSafe(text)
        .split("\n")
        .map((line, i) => (
        <Para key={i} indent={/^\s*/.exec(line)![0].length} runs={[{ text: line.trim(), style: i === 0 ? style : { dimColor: true } }]} />
      ))}
    </Box>
  );
}

import { Box } from "ink";
import type { Briefing } from "../../answer/types.js";
import { sanitizeForTerminal } from "../../text/sanitize.js";
import { markerSegments, sourceGroups } from "./facts.js";
import type { Run } from "../terminal/wrap.js";
import { Para } from "./Para.js";
import { useColor } from "./theme.js";

/** Answer text with its [n] citation markers highlighted. Sanitises what it is given. */
export function AnswerText({ text }: { text: string }) {
  const { paint } = useColor();
  const runs: Run[] = markerSegments(sanitizeForTerminal(text)).map((s) => (s.marker ? { text: s.text, style: { bold: true, color: paint("cyan") } } : { text: s.text }));
  return <Para runs={runs} />;
}

/**
 * An overview, timeline or what's-new briefing, a line per point: dates in a column of their own
 * (continuation lines indent past them), "Reports differ" lines in yellow.
 */
export function DigestText({ text }: { text: string }) {
  const { paint } = useColor();
  return (
    <Box flexDirection="column">
      {sanitizeForTerminal(text)
        .split("\n")
        .map((line, i) => {
          const dated = /^(\d{4}-\d{2}-\d{2}|undated   ) {2}/.exec(line);
          const body = dated ? line.slice(dated[0].length) : line;
          const differ = body.startsWith("Reports differ:");
          const runs: Run[] = [
            ...(dated ? [{ text: dated[0], style: { bold: true } }] : []),
            ...markerSegments(body).map((s) => (s.marker ? { text: s.text, style: { bold: true, color: paint("cyan") } } : { text: s.text, style: differ ? { color: paint("yellow") } : {} })),
          ];
          return <Para key={i} runs={runs} hang={dated ? dated[0].length : body.startsWith("• ") ? 2 : 0} />;
        })}
    </Box>
  );
}

/** `[1] Title — date — source`, continuation lines indented under the title. Expects sanitised text. */
export function SourceLine({ n, title, date, source, indent = 0 }: { n: number | string; title: string; date: string; source: string; indent?: number }) {
  const { paint } = useColor();
  const tag = `[${n}] `;
  const runs: Run[] = [
    { text: tag, style: { bold: true, color: paint("cyan") } },
    { text: title, style: { bold: true } },
    { text: ` — ${date} — ${source}`, style: { dimColor: true } },
  ];
  return <Para runs={runs} indent={indent} hang={tag.length} />;
}

export function SourceList({ briefing }: { briefing: Briefing }) {
  const { heading, groups } = sourceGroups(briefing);
  if (!groups.length) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Para runs={[{ text: `${heading}:`, style: { dimColor: true } }]} />
      {groups.map((g) => (
        <SourceLine key={g.label} n={g.label} title={g.title} date={g.date} source={g.source} />
      ))}
    </Box>
  );
}

/** A finished briefing: how the question was understood, notices, the answer, its sources. */
export function Answer({ briefing }: { briefing: Briefing }) {
  const { paint } = useColor();
  return (
    <Box flexDirection="column">
      {briefing.understoodAs ? <Para runs={[{ text: `(understood as: ${sanitizeForTerminal(briefing.understoodAs)})`, style: { dimColor: true, italic: true } }]} /> : null}
      {briefing.notices.map((n, i) => (
        <Para key={i} runs={[{ text: `! ${sanitizeForTerminal(n)}`, style: { color: paint("yellow") } }]} hang={2} />
      ))}
      {briefing.digest ? <DigestText text={briefing.answer} /> : <AnswerText text={briefing.answer} />}
      <SourceList briefing={briefing} />
    </Box>
  );
}

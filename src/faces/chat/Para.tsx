import { Box, Text } from "ink";
import { layoutText, type Line, type Run } from "../terminal/wrap.js";
import { useColumns } from "./theme.js";

/** Laid-out lines (terminal/), drawn with Ink: each line its indent, then its styled runs. */
export function Lines({ lines }: { lines: Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i}>
          {line.lead}
          {line.runs.length === 0 ? " " : line.runs.map((r, j) => <Text key={j} {...r.style}>{r.text}</Text>)}
        </Text>
      ))}
    </Box>
  );
}

/**
 * A paragraph of styled runs wrapped to the terminal (or a given width), every line indented
 * by `indent` and continuation lines by `hang` more: `[1] A long title…` wraps under the title.
 */
export function Para({ runs, indent = 0, hang = 0, width }: { runs: Run[]; indent?: number; hang?: number; width?: number }) {
  const columns = useColumns();
  return <Lines lines={layoutText(runs, width ?? columns, { indent, hang, breakWords: true })} />;
}

import { Box, Text } from "ink";
import { wrapRuns, type Run } from "../terminal/wrap.js";
import { useColumns } from "./theme.js";

/**
 * A paragraph of styled runs wrapped to the terminal (or a given width), every line indented
 * by `indent` and continuation lines by `hang` more: `[1] A long title…` wraps under the title.
 */
export function Para({ runs, indent = 0, hang = 0, width }: { runs: Run[]; indent?: number; hang?: number; width?: number }) {
  const columns = useColumns();
  const lines = wrapRuns(runs, (width ?? columns) - indent, hang);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i}>
          {" ".repeat(indent + (i > 0 ? hang : 0))}
          {line.length === 0 ? " " : line.map((r, j) => <Text key={j} {...r.style}>{r.text}</Text>)}
        </Text>
      ))}
    </Box>
  );
}

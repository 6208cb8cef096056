import { Text } from "ink";
import Spinner from "ink-spinner";
import { useColor } from "./theme.js";

/** A spinner with what is happening now: loading, indexing, searching, composing. */
export function StatusLine({ label }: { label: string }) {
  const { paint } = useColor();
  return (
    <Text wrap="truncate-end">
      <Text color={paint("cyan")}>
        <Spinner type="dots" />
      </Text>{" "}
      <Text dimColor>{label}</Text>
    </Text>
  );
}

export const STAGE_LABEL = {
  searching: "Searching the corpus…",
  composing: "Composing the briefing…",
} as const;

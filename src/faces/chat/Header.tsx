import { Box, Text } from "ink";
import { Para } from "./Para.js";
import { NARROW, useColor, useColumns } from "./theme.js";

export interface HeaderFacts {
  name: string;
  articles: number;
  chunks: number;
  embedder: string;
  answers: string;
}

/** The top of a session: which corpus is loaded and how answers are made. */
export function Header({ facts }: { facts: HeaderFacts }) {
  const { paint } = useColor();
  const columns = useColumns();
  // A narrow terminal has no columns to spare for a border.
  const boxed = columns >= NARROW;
  const inner = boxed ? columns - 4 : columns; // border and padding
  return (
    <Box flexDirection="column" {...(boxed ? { borderStyle: "round" as const, borderColor: paint("cyan"), paddingX: 1 } : {})} alignSelf="flex-start">
      <Para
        width={inner}
        runs={[
          { text: "briefing", style: { bold: true, color: paint("cyan") } },
          { text: " · corpus " },
          { text: facts.name, style: { bold: true } },
          { text: ` · ${facts.articles} articles · ${facts.chunks} chunks` },
        ]}
      />
      <Para width={inner} runs={[{ text: `embedder ${facts.embedder} · answers ${facts.answers} · /help for commands`, style: { dimColor: true } }]} />
    </Box>
  );
}

/**
 * The header's live part, kept above the prompt (the box above scrolls with the transcript): how
 * much of the semantic layer is in, in the CLI notice's words, redrawn as checkpoints land.
 */
export function SemanticLine({ text }: { text: string }) {
  const { paint } = useColor();
  return (
    <Text wrap="truncate-end" color={paint("cyan")} dimColor>
      {text}
    </Text>
  );
}

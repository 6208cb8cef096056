import { Box } from "ink";
import type { Briefing } from "../../answer/types.js";
import { Answer, AnswerText } from "./Answer.js";
import { Para } from "./Para.js";
import { useColor } from "./theme.js";

/** What was typed (a question or a command), the way the prompt showed it. */
export function Asked({ line }: { line: string }) {
  const { paint } = useColor();
  return <Para runs={[{ text: "› ", style: { bold: true, color: paint("green") } }, { text: line, style: { bold: true } }]} hang={2} />;
}

/** One finished exchange in the transcript. */
export function Turn({ question, briefing }: { question: string; briefing: Briefing }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Asked line={question} />
      <Answer briefing={briefing} />
    </Box>
  );
}

/** The exchange in progress: the question and the answer so far. */
export function PendingTurn({ question, text }: { question: string; text: string }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Asked line={question} />
      {text ? <AnswerText text={text} /> : null}
    </Box>
  );
}

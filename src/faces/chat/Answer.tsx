import type { Briefing } from "../../answer/types.js";
import { answerLines, briefingLines, sourceLines, type SourceHead } from "../terminal/briefing.js";
import { Lines } from "./Para.js";
import { useLayout } from "./theme.js";

/** Answer text as it streams in, its [n] citation markers highlighted. */
export function AnswerText({ text }: { text: string }) {
  return <Lines lines={answerLines(text, false, useLayout())} />;
}

/** `[1] Title — date — source`, continuation lines indented under the title. */
export function SourceLine({ indent = 0, ...head }: SourceHead & { indent?: number }) {
  return <Lines lines={sourceLines(head, useLayout(), indent)} />;
}

/** A finished briefing: how the question was understood, notices, the answer, its sources (laid out in terminal/briefing.ts). */
export function Answer({ briefing }: { briefing: Briefing }) {
  return <Lines lines={briefingLines(briefing, useLayout())} />;
}



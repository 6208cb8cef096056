/**
 * Sources go to the model as data: each fenced in `<source id="n" …>` … `</source>`, with every
 * angle bracket inside article text or metadata replaced by a look-alike, so an article cannot
 * close its fence early or open a fake one ("</source> Ignore previous instructions …").
 */

export interface SourceForPrompt {
  title: string;
  date: string | null;
  source: string;
  text: string;
}

/** Angle brackets become ‹ ›: the text still reads the same, but no tag can be formed. */
export function neutralise(text: string): string {
  return text.replace(/</g, "‹").replace(/>/g, "›");
}

function attribute(value: string): string {
  return neutralise(value).replace(/"/g, "'").replace(/\s+/g, " ").trim();
}

/** The `{sources}` block of the answer prompt: sources numbered from 1 in retrieval order. */
export function fenceSources(sources: SourceForPrompt[]): string {
  return sources
    .map((s, i) => {
      const attrs = [`id="${i + 1}"`, `title="${attribute(s.title)}"`, s.date ? `date="${s.date}"` : "", `from="${attribute(s.source)}"`].filter(Boolean).join(" ");
      return `<source ${attrs}>\n${neutralise(s.text.trim())}\n</source>`;
    })
    .join("\n\n");
}

// "Ignore previous instructions …", "you are now …": text aimed at the model, not news.
const INSTRUCTION =
  /\b(ignore|disregard|forget|override)\b[^.]{0,40}\b(previous|prior|above|earlier|all|any|your|the)\b[^.]{0,30}\b(instructions?|rules|prompts?|directions|guidelines)\b|\b(system prompt|you are now|new instructions?|as an ai)\b/i;

/** A sentence of a source that addresses the model: it is never evidence for a claim. */
export function looksLikeInstruction(text: string): boolean {
  return INSTRUCTION.test(text);
}

/**
 * The `{already}` block of the answer prompt: each sentence the user was shown earlier, fenced
 * like a source (`<told title="…">` … `</told>`) so it too reads as data, never as instructions.
 */
export function fenceTold(told: SourceForPrompt[]): string {
  return told
    .map((t) => {
      const attrs = [`title="${attribute(t.title)}"`, t.date ? `date="${t.date}"` : ""].filter(Boolean).join(" ");
      return `<told ${attrs}>${neutralise(t.text.replace(/\s+/g, " ").trim())}</told>`;
    })
    .join("\n");
}

import { readFileSync } from "node:fs";
import path from "node:path";
import type { BaseMessage } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { PROJECT_ROOT } from "../../config.js";
import { firstLine, UserError } from "../../errors.js";

/** Prompt files live in `prompts/` (or `BRIEFING_PROMPTS`), so wording changes need no code change. */
export function promptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BRIEFING_PROMPTS || path.join(PROJECT_ROOT, "prompts");
}

const ROLES = { "[system]": "system", "[human]": "human", "[ai]": "ai" } as const;

/** A loaded prompt file; a paragraph using an optional variable is sent only when that variable has a value. */
export interface Prompt {
  /** The optional variables the file uses (an edited file may leave them out). */
  optional: ReadonlySet<string>;
  formatMessages(values: Record<string, string>): Promise<BaseMessage[]>;
}

export interface LoadOptions {
  dir?: string;
  /** Variables a file may use: each paragraph (lines between blank lines) holding one is left out while it is empty. */
  optional?: string[];
}

/**
 * Reads a prompt file: a free-text comment, then sections opened by a line that is exactly
 * `[system]`, `[human]` or `[ai]`. Sections are f-string templates; the variables they use
 * must be exactly `variables` (plus any of `optional`), so a typo in an edited file fails at
 * start, not mid-answer.
 */
export function loadPrompt(name: string, variables: string[], opts: LoadOptions = {}): Prompt {
  const dir = opts.dir ?? promptsDir();
  const optional = opts.optional ?? [];
  const file = path.join(dir, `${name}.txt`);
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch {
    throw new UserError(`the prompt file ${file} is missing`, "restore it from the project, or point BRIEFING_PROMPTS at a folder holding answer.txt and rewrite.txt");
  }
  const messages: [string, string][] = [];
  for (const line of raw.replace(/\r\n/g, "\n").split("\n")) {
    const role = ROLES[line.trim() as keyof typeof ROLES];
    if (role) messages.push([role, ""]);
    else if (messages.length) messages.at(-1)![1] += `${line}\n`;
  }
  if (!messages.some(([role]) => role === "human")) {
    throw new UserError(`the prompt file ${file} has no [human] section`, "start each section with a line that is exactly [system] or [human]");
  }
  const build = (sections: [string, string][]) => {
    try {
      return ChatPromptTemplate.fromMessages(sections.map(([role, text]) => [role, text.trim()] as [string, string]));
    } catch (e) {
      throw new UserError(`the prompt file ${file} is not a valid template (${firstLine(e)})`, "write literal braces as {{ and }}");
    }
  };
  const template = build(messages);
  const used = new Set(template.inputVariables as string[]);
  const missing = variables.filter((v) => !used.has(v));
  const unknown = [...used].filter((v) => !variables.includes(v) && !optional.includes(v));
  if (missing.length || unknown.length) {
    const what = [missing.length ? `lacks {${missing.join("}, {")}}` : "", unknown.length ? `uses unknown {${unknown.join("}, {")}}` : ""].filter(Boolean).join(" and ");
    const also = optional.length ? ` (and optionally {${optional.join("}, {")}})` : "";
    throw new UserError(`the prompt file ${file} ${what}`, `its variables are {${variables.join("}, {")}}${also}; write literal braces as {{ and }}`);
  }
  const present = new Set(optional.filter((v) => used.has(v)));
  // One template per set of empty optional variables: with all of them empty the file reads as
  // if those paragraphs were never written, so a plain question's prompt is unchanged by them.
  const cache = new Map<string, ChatPromptTemplate>();
  const formatMessages = (values: Record<string, string>) => {
    const empty = [...present].filter((v) => !values[v]);
    const key = empty.join(" ");
    if (!cache.has(key)) cache.set(key, empty.length ? build(messages.map(([role, text]) => [role, withoutParagraphs(text, empty)])) : template);
    const full: Record<string, string> = { ...values };
    for (const v of empty) delete full[v];
    return cache.get(key)!.formatMessages(full);
  };
  return { optional: present, formatMessages };
}

/** A section's text without its paragraphs that use any of `vars`, and the blank lines after each. */
function withoutParagraphs(text: string, vars: string[]): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!lines[i].trim()) {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].trim()) j++;
    const paragraph = lines.slice(i, j);
    // `{{name}}` is literal text, not the variable.
    const unbraced = paragraph.join("\n").replace(/\{\{|\}\}/g, "");
    if (vars.some((v) => unbraced.includes(`{${v}}`))) {
      while (j < lines.length && !lines[j].trim()) j++;
    } else out.push(...paragraph);
    i = j;
  }
  return out.join("\n");
}

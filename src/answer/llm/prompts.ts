import { readFileSync } from "node:fs";
import path from "node:path";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { PROJECT_ROOT } from "../../config.js";
import { UserError } from "../../errors.js";

/** Prompt files live in `prompts/` (or `BRIEFING_PROMPTS`), so wording changes need no code change. */
export function promptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BRIEFING_PROMPTS || path.join(PROJECT_ROOT, "prompts");
}

const ROLES = { "[system]": "system", "[human]": "human", "[ai]": "ai" } as const;

/**
 * Reads a prompt file: a free-text comment, then sections opened by a line that is exactly
 * `[system]`, `[human]` or `[ai]`. Sections are f-string templates; the variables they use
 * must be exactly `variables`, so a typo in an edited file fails at start, not mid-answer.
 */
export function loadPrompt(name: string, variables: string[], dir = promptsDir()): ChatPromptTemplate {
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
  let template: ChatPromptTemplate;
  try {
    template = ChatPromptTemplate.fromMessages(messages.map(([role, text]) => [role, text.trim()] as [string, string]));
  } catch (e) {
    throw new UserError(`the prompt file ${file} is not a valid template (${(e as Error).message.split("\n")[0]})`, "write literal braces as {{ and }}");
  }
  const used = new Set(template.inputVariables as string[]);
  const missing = variables.filter((v) => !used.has(v));
  const unknown = [...used].filter((v) => !variables.includes(v));
  if (missing.length || unknown.length) {
    const what = [missing.length ? `lacks {${missing.join("}, {")}}` : "", unknown.length ? `uses unknown {${unknown.join("}, {")}}` : ""].filter(Boolean).join(" and ");
    throw new UserError(`the prompt file ${file} ${what}`, `its variables are {${variables.join("}, {")}}; write literal braces as {{ and }}`);
  }
  return template;
}

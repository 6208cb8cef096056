/** The CLI's options for settings, made from config.ts's table (flag, variable, default and help declared once there). */
import { Option } from "commander";
import { RETRIEVERS, SETTINGS, settingHelp, type SettingName } from "../../config.js";

/** A setting as a commander option: no `.env()` or `.default()`, since resolveSettings reads those (flags > env > defaults). */
export function settingOption(name: SettingName): Option {
  const option = new Option(SETTINGS[name].flag, settingHelp(name));
  return name === "retriever" ? option.choices(RETRIEVERS) : option;
}

/** The options of every command that answers questions. */
export const answerOptions = () => (["corpus", "index", "embeddings", "llm", "llmTimeout", "k", "abstain"] as const).map(settingOption);

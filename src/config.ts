import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "./errors.js";

/** The retrieval strategies (retrieval/hybrid.ts). */
export const RETRIEVERS = ["hybrid", "dense", "bm25"] as const;
/** The abstention operating points: strict abstains most, lenient least (answer/abstain.ts). */
export const ABSTAIN_LEVELS = ["strict", "balanced", "lenient"] as const;
/** Pinning embedding workers to cores (embedding/affinity.ts): auto pins where it can, silently; on also says when it cannot. */
export const PIN_MODES = ["off", "auto", "on"] as const;

/**
 * Every setting, declared once: its flag, environment variable, default and help line.
 * `resolveSettings` reads them (flags > environment > defaults) and the CLI makes its options
 * from them (`settingHelp`). The environment is read here, not by commander's `.env()`: the
 * chat, the MCP server and the library resolve settings without commander, and a bad value
 * must be blamed on the variable that held it.
 */
export const SETTINGS = {
  corpus: { flag: "--corpus <dir>", env: "BRIEFING_CORPUS", about: "corpus folder", shown: "./corpus" },
  index: { flag: "--index <dir>", env: "BRIEFING_INDEX", about: "index folder", shown: ".briefing/indexes/<corpus>-<hash>" },
  embeddings: { flag: "--embeddings <spec>", env: "BRIEFING_EMBEDDINGS", about: "embedder: use-lite (offline), static (offline, distilled from use-lite, far faster), hybrid (static archive vectors, use-lite for questions and retrieved sentences), transformers:MODEL, ollama:MODEL, openai:MODEL", default: "use-lite" },
  llm: { flag: "--llm <spec>", env: "BRIEFING_LLM", about: "answer with a chat model: none, ollama:MODEL, openai:MODEL, llamacpp:PATH.gguf", default: "none" },
  llmTimeout: { flag: "--llm-timeout <ms>", env: "BRIEFING_LLM_TIMEOUT", about: "wait this long for the model's first or next token before falling back", default: 60_000, min: 1, max: 3_600_000 },
  k: { flag: "--k <n>", env: "BRIEFING_K", about: "passages to retrieve", default: 5, min: 1, max: 50 },
  retriever: { flag: "--retriever <kind>", env: "BRIEFING_RETRIEVER", about: "retrieval strategy", default: "hybrid", choices: RETRIEVERS },
  workers: { flag: "--workers <n>", env: "BRIEFING_WORKERS", about: "embedding worker threads", default: 2, min: 1, max: 64 },
  pinWorkers: { flag: "--pin-workers <mode>", env: "BRIEFING_PIN_WORKERS", about: "pin each embedding worker to a core of its own (Linux, taskset): off, auto (where possible, silently) or on", default: "off", choices: PIN_MODES },
  // Ten minutes: longer than a typical re-ingest, short enough that a stuck holder is reported.
  lockWait: { flag: "--lock-wait <seconds>", env: "BRIEFING_LOCK_WAIT", about: "wait this long for another ingest of the same index to finish", default: 600, min: 0, max: 86_400 },
  abstain: { flag: "--abstain <level>", env: "BRIEFING_ABSTAIN", about: "when to say 'not covered': strict, balanced or lenient", default: "balanced", choices: ABSTAIN_LEVELS },
} as const;

export type SettingName = keyof typeof SETTINGS;

/** A setting's help line: what it does, its environment variable and its default. */
export function settingHelp(name: SettingName): string {
  const s: { about: string; env: string; default?: string | number; shown?: string } = SETTINGS[name];
  return `${s.about} (env ${s.env}; default ${s.shown ?? s.default})`;
}

/**
 * All settings in one place. Precedence: command-line flags > environment > defaults.
 * Faces pass their parsed flags in; stages receive a resolved `Settings`.
 */
export interface Settings {
  /** Corpus folder as the user gave it (kept relative so citations read `corpus/x.md`). */
  corpus: string;
  /** Index folder. */
  index: string;
  /** Embedder spec: `use-lite` (default, offline), `transformers:…`, `ollama:…`, `openai:…`. */
  embeddings: string;
  /** Chat model spec, `none` for the extractive briefing. */
  llm: string;
  llmTimeoutMs: number;
  /** Passages shown per answer. */
  k: number;
  retriever: (typeof RETRIEVERS)[number];
  /** Worker threads for embedding at ingest. */
  workers: number;
  /** Pin those workers to cores of their own (embedding/pool.ts). */
  pinWorkers: (typeof PIN_MODES)[number];
  /** How long `ingest` waits for another process's ingest on the same index before giving up. */
  lockWaitMs: number;
  /** Abstention operating point: strict abstains most, lenient least (src/answer/abstain.ts). */
  abstain: (typeof ABSTAIN_LEVELS)[number];
  /**
   * Where each setting the user gave came from: its flag (`--llm`) or its variable (`BRIEFING_LLM`);
   * absent for defaults. A stage that finds a value wrong later (a chat model spec, an embedder)
   * blames it on this, without config knowing the providers (see `blameOf`).
   */
  from?: Partial<Record<SettingName, string>>;
}

export interface Flags {
  corpus?: string;
  index?: string;
  embeddings?: string;
  llm?: string;
  llmTimeout?: string | number;
  k?: string | number;
  retriever?: string;
  workers?: string | number;
  pinWorkers?: string;
  /** Seconds. */
  lockWait?: string | number;
  abstain?: string;
}

/** The project root (where package.json and the default corpus live). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The default corpus: `corpus/` relative to the working directory when run from a checkout, else the package's own. */
export function defaultCorpus(cwd = process.cwd()): string {
  const own = path.join(PROJECT_ROOT, "corpus");
  return path.resolve(cwd, "corpus") === own ? "corpus" : own;
}

/**
 * Default index folder for a corpus: `.briefing/indexes/<name>-<hash of its absolute path>`
 * under the working directory (git-ignored), so each corpus keeps its own index.
 */
export function defaultIndexFor(corpus: string, cwd = process.cwd()): string {
  const abs = path.resolve(cwd, corpus);
  const tag = createHash("sha256").update(abs).digest("hex").slice(0, 8);
  const name = path.basename(abs).replace(/[^\w.-]+/g, "_") || "corpus";
  return path.join(process.env.BRIEFING_HOME ?? ".briefing", "indexes", `${name}-${tag}`);
}

/**
 * Each embedder keeps its own default index beside USE-Lite's (`…-static`, `…-hybrid`,
 * `…-ollama-nomic-embed-text`): an index is never re-embedded by another embedder on its own.
 */
export function indexSuffixFor(embeddings: string): string {
  const spec = embeddings.trim();
  const kind = /^(static|hybrid)(:|$)/.exec(spec)?.[1];
  if (kind) return `-${kind}`;
  if (spec === "" || spec === "use-lite") return "";
  const name = spec.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "");
  // A local model folder can make a long name: its tail and a hash of the whole spec.
  return name.length <= 48 ? `-${name}` : `-${name.slice(-32)}-${createHash("sha256").update(spec).digest("hex").slice(0, 8)}`;
}

function int(value: string | number | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`, `fix ${name} and try again`);
  }
  return n;
}

/** A whole-number setting from its flag, else its variable, else its default; out of bounds is a UserError naming which. */
function whole(name: "llmTimeout" | "k" | "workers" | "lockWait", flags: Flags, env: NodeJS.ProcessEnv, given: (name: SettingName) => string): number {
  const s = SETTINGS[name];
  return int(flags[name], given(name), s.min, s.max) ?? int(env[s.env], s.env, s.min, s.max) ?? s.default;
}

/** The flag's name (`--k`), as a setting given on the command line is named. */
const flagOf = (name: SettingName): string => SETTINGS[name].flag.split(" ")[0]!;

/** One of a few words, from its flag, else its variable, else its default. */
function oneOf<T extends string>(choices: readonly T[], value: string, blame: string): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UserError(`${blame} must be ${choices.slice(0, -1).join(", ")} or ${choices.at(-1)} (got "${value}")`, `pick one of the ${choices.length === 3 ? "three" : choices.length}`);
  }
  return value as T;
}

/** The flag or variable a setting's value came from (its flag when it is a default, or unknown). */
export function blameOf(settings: Pick<Settings, "from">, name: SettingName): string {
  return settings.from?.[name] ?? SETTINGS[name].flag.split(" ")[0]!;
}

/** Where each setting given came from: the flag when given, else the variable when set. */
function sourcesOf(flags: Flags, env: NodeJS.ProcessEnv, given: (name: SettingName) => string): Partial<Record<SettingName, string>> {
  const from: Partial<Record<SettingName, string>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const s = SETTINGS[name];
    if (flags[name] !== undefined) from[name] = given(name);
    else if (env[s.env] !== undefined && env[s.env] !== "") from[name] = s.env;
  }
  return from;
}

/**
 * `given` names a setting the caller passed: its flag (`--k`) by default; the library passes
 * `(name) => name`, so `openBriefing({ k: 0 })` is told about `k`, an option it has, not `--k`.
 */
export function resolveSettings(flags: Flags = {}, env: NodeJS.ProcessEnv = process.env, given: (name: SettingName) => string = flagOf): Settings {
  const text = (name: "corpus" | "index" | "embeddings" | "llm" | "retriever" | "abstain" | "pinWorkers") => flags[name] ?? env[SETTINGS[name].env];
  const corpus = text("corpus") ?? defaultCorpus();
  // A bad value is blamed on where it came from: the flag, else the variable.
  const blame = (name: "retriever" | "abstain" | "pinWorkers") => (flags[name] !== undefined ? given(name) : SETTINGS[name].env);
  const retriever = oneOf(RETRIEVERS, text("retriever") ?? SETTINGS.retriever.default, blame("retriever"));
  const abstain = oneOf(ABSTAIN_LEVELS, text("abstain") ?? SETTINGS.abstain.default, blame("abstain"));
  const embeddings = text("embeddings") ?? SETTINGS.embeddings.default;
  const pinWorkers = oneOf(PIN_MODES, text("pinWorkers") ?? SETTINGS.pinWorkers.default, blame("pinWorkers"));
  // Read here too, so a bad value is refused by every command, not only by an ingest that checkpoints.
  checkpointSettings(env);
  return {
    corpus,
    abstain,
    index: text("index") ?? defaultIndexFor(corpus) + indexSuffixFor(embeddings),
    embeddings,
    llm: text("llm") ?? SETTINGS.llm.default,
    llmTimeoutMs: whole("llmTimeout", flags, env, given),
    k: whole("k", flags, env, given),
    retriever,
    workers: whole("workers", flags, env, given),
    pinWorkers,
    lockWaitMs: 1000 * whole("lockWait", flags, env, given),
    from: sourcesOf(flags, env, given),
  };
}

/**
 * OLLAMA_HOST read the way Ollama's own client reads it: `host`, `host:port`, `:port` or a URL;
 * without a scheme the port defaults to 11434; 0.0.0.0 (a bind address) means this machine.
 */
export function ollamaBaseUrl(host: string | undefined): string {
  let value = (host ?? "").trim() || "http://127.0.0.1:11434";
  if (value.startsWith(":")) value = `127.0.0.1${value}`;
  const explicitScheme = value.includes("://");
  let url: URL;
  try {
    url = new URL(explicitScheme ? value : `http://${value}`);
  } catch {
    throw new UserError(`OLLAMA_HOST "${host}" is not a host, host:port or URL`, "set it like 127.0.0.1:11434 or http://gpu-box:11434");
  }
  if (!explicitScheme && !url.port) url.port = "11434";
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  return url.toString().replace(/\/+$/, "");
}

/** OPENAI_BASE_URL without a trailing slash; OpenAI's own API when unset. */
export function openaiBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.OPENAI_BASE_URL ?? "").trim().replace(/\/+$/, "") || "https://api.openai.com/v1";
}

/**
 * How often an ingest commits its embedding progress (BRIEFING_CHECKPOINT_SECONDS, default 30;
 * BRIEFING_CHECKPOINT_SENTENCES, default 20,000): whichever comes first. A kill loses at most that much.
 */
export function checkpointSettings(env: NodeJS.ProcessEnv = process.env): { seconds: number; sentences: number } {
  return {
    seconds: int(env.BRIEFING_CHECKPOINT_SECONDS, "BRIEFING_CHECKPOINT_SECONDS", 1, 86_400) ?? 30,
    sentences: int(env.BRIEFING_CHECKPOINT_SENTENCES, "BRIEFING_CHECKPOINT_SENTENCES", 1, 100_000_000) ?? 20_000,
  };
}

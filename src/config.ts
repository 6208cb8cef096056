import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "./errors.js";

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
  retriever: "hybrid" | "dense" | "bm25";
  /** Worker threads for embedding at ingest. */
  workers: number;
  /** How long `ingest` waits for another process's ingest on the same index before giving up. */
  lockWaitMs: number;
  /** Abstention operating point: strict abstains most, lenient least (src/answer/abstain.ts). */
  abstain: "strict" | "balanced" | "lenient";
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

function int(value: string | number | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`, `fix ${name} and try again`);
  }
  return n;
}

export function resolveSettings(flags: Flags = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  const corpus = flags.corpus ?? env.BRIEFING_CORPUS ?? defaultCorpus();
  const retriever = flags.retriever ?? env.BRIEFING_RETRIEVER ?? "hybrid";
  if (retriever !== "hybrid" && retriever !== "dense" && retriever !== "bm25") {
    throw new UserError(`--retriever must be hybrid, dense or bm25 (got "${retriever}")`, "pick one of the three");
  }
  const abstain = flags.abstain ?? env.BRIEFING_ABSTAIN ?? "balanced";
  if (abstain !== "strict" && abstain !== "balanced" && abstain !== "lenient") {
    throw new UserError(`--abstain (or BRIEFING_ABSTAIN) must be strict, balanced or lenient (got "${abstain}")`, "pick one of the three");
  }
  const embeddings = flags.embeddings ?? env.BRIEFING_EMBEDDINGS ?? "use-lite";
  return {
    corpus,
    abstain,
    // The static embedder keeps its own index beside USE-Lite's: switching would otherwise rebuild it.
    index: flags.index ?? env.BRIEFING_INDEX ?? defaultIndexFor(corpus) + (/^static(:|$)/.test(embeddings.trim()) ? "-static" : ""),
    embeddings,
    llm: flags.llm ?? env.BRIEFING_LLM ?? "none",
    llmTimeoutMs:
      int(flags.llmTimeout, "--llm-timeout", 1, 3_600_000) ?? int(env.BRIEFING_LLM_TIMEOUT, "BRIEFING_LLM_TIMEOUT", 1, 3_600_000) ?? 60_000,
    k: int(flags.k, "--k", 1, 50) ?? int(env.BRIEFING_K, "BRIEFING_K", 1, 50) ?? 5,
    retriever,
    workers: int(flags.workers, "--workers", 1, 64) ?? int(env.BRIEFING_WORKERS, "BRIEFING_WORKERS", 1, 64) ?? 2,
    // Ten minutes: longer than a typical re-ingest, short enough that a stuck holder is reported.
    lockWaitMs: 1000 * (int(flags.lockWait, "--lock-wait", 0, 86_400) ?? int(env.BRIEFING_LOCK_WAIT, "BRIEFING_LOCK_WAIT", 0, 86_400) ?? 600),
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

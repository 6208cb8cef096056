import type { BaseMessage } from "@langchain/core/messages";
import { errorFacts } from "../../errors.js";
import type { LlmModel } from "./models.js";

/** Why the model gave no usable answer, as one line for the user. */
export class LlmFailure extends Error {
  constructor(readonly notice: string) {
    super(notice);
    this.name = "LlmFailure";
  }
}

export interface GenerateOptions {
  onText?: (chunk: string) => void;
  signal?: AbortSignal;
}

type Stall = "first" | "idle" | "total";

/**
 * Streams a reply, passing each chunk to `onText` as it arrives. Waits at most `timeoutMs` for
 * the first token and between tokens, and three times that for the whole reply; every wait is
 * raced against the abort, so a client library that ignores the signal cannot hang us.
 * Throws LlmFailure (with the user's notice) on any failure, or the caller's abort reason.
 */
export async function generate(llm: LlmModel, messages: BaseMessage[], opts: GenerateOptions = {}): Promise<string> {
  const ctl = new AbortController();
  let stall: Stall | null = null;
  const stop = (why: Stall) => () => ((stall = why), ctl.abort(new Error(`timeout (${why})`)));
  const follow = () => ctl.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", follow, { once: true });
  const total = setTimeout(stop("total"), llm.timeoutMs * 3);
  let idle = setTimeout(stop("first"), llm.timeoutMs);
  const aborted = new Promise<never>((_, reject) => ctl.signal.addEventListener("abort", () => reject(ctl.signal.reason), { once: true }));
  aborted.catch(() => {});
  let text = "";
  let iterator: AsyncIterator<BaseMessage> | undefined;
  try {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const model = llm.chat(ctl.signal);
    const stream = await Promise.race([model.stream(messages, { signal: ctl.signal }), aborted]);
    iterator = stream[Symbol.asyncIterator]();
    while (true) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) break;
      // Any chunk shows the server is alive (a reasoning model may stream thinking with no text).
      clearTimeout(idle);
      idle = setTimeout(stop("idle"), llm.timeoutMs);
      const chunk = next.value.text;
      if (!chunk) continue;
      text += chunk;
      opts.onText?.(chunk);
    }
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw new LlmFailure(describeFailure(llm, e, stall));
  } finally {
    clearTimeout(total);
    clearTimeout(idle);
    opts.signal?.removeEventListener("abort", follow);
    // Ends any request still open (a stalled stream, a kept-alive socket) so the process can exit.
    ctl.abort(new Error("done"));
    iterator?.return?.().catch(() => {});
  }
  if (!withoutThinking(text).trim()) throw new LlmFailure(`LLM ${llm.spec.label} at ${llm.spec.endpoint} returned an empty reply; showing the extractive briefing`);
  return text;
}

/** Reasoning models served raw put their thinking in `<think>…</think>`; it is not the answer. */
export function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, "").trim();
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** One line naming the model, where it was asked, and what went wrong, in the user's terms. */
export function describeFailure(llm: LlmModel, e: unknown, stall: Stall | null): string {
  const { label, endpoint, provider, model } = llm.spec;
  const tail = "; showing the extractive briefing";
  if (stall === "first") return `LLM ${label} at ${endpoint} did not start answering within ${seconds(llm.timeoutMs)}${tail}`;
  if (stall === "idle") return `LLM ${label} at ${endpoint} stopped answering for ${seconds(llm.timeoutMs)}${tail}`;
  if (stall === "total") return `LLM ${label} at ${endpoint} did not finish within ${seconds(llm.timeoutMs * 3)}${tail}`;
  const { codes, status, message, all } = errorFacts(e);
  if (all.includes("bad port")) return `LLM ${label} unreachable at ${endpoint} (fetch refuses that port; use another)${tail}`;
  if (codes.includes("ECONNREFUSED")) return `LLM ${label} unreachable at ${endpoint} (connection refused)${tail}`;
  if (codes.some((c) => c === "ENOTFOUND" || c === "EAI_AGAIN")) return `LLM ${label} unreachable at ${endpoint} (host not found)${tail}`;
  if (codes.some((c) => c === "ECONNRESET" || c.startsWith("UND_ERR"))) return `LLM ${label} at ${endpoint} closed the connection${tail}`;
  if (status) {
    const hint =
      status === 401 || status === 403 ? " — check OPENAI_API_KEY" : status === 404 && provider === "ollama" ? ` — run \`ollama pull ${model}\`` : status === 404 ? " — check the model name and OPENAI_BASE_URL" : "";
    return `LLM ${label} at ${endpoint} failed (HTTP ${status}${message ? `: ${message}` : ""})${hint}${tail}`;
  }
  return `LLM ${label} at ${endpoint} failed (${message || "unknown error"})${tail}`;
}

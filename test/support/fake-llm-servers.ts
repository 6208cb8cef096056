/**
 * Fake chat-model servers over real HTTP on 127.0.0.1, speaking the real wire protocols:
 * OpenAI-compatible `POST /v1/chat/completions` streaming Server-Sent Events
 * (`data: {chunk}\n\n` … `data: [DONE]\n\n`), and Ollama `POST /api/chat` streaming NDJSON
 * (one JSON object per line, the last with `done: true`).
 *
 * A script decides each reply from the request it received, parsed as a model would see it:
 * the system text, the sources found between `<source id="n" …>` fences, and the question.
 * Requests without fenced sources get HTTP 400, so a pipeline that stops sending its sources
 * cannot pass a test.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedSource {
  id: number;
  attributes: string;
  text: string;
}

export interface Received {
  path: string;
  body: any;
  system: string;
  user: string;
  question: string;
  sources: ReceivedSource[];
}

export type Reply =
  /** `holdLast`: the last token waits for it (a client that buffers the reply then never gets one). */
  | { kind: "stream"; text: string; delayMs?: number; holdLast?: Promise<unknown> }
  | { kind: "status"; status: number; message: string }
  /** Accept the request and never answer. */
  | { kind: "hang" }
  /** Headers and the first chunk, then silence. */
  | { kind: "stall"; text: string };

export type Script = (r: Received) => Reply;

export interface FakeServer {
  /** Base URL as the client wants it: `http://127.0.0.1:PORT/v1` (OpenAI) or `http://127.0.0.1:PORT` (Ollama). */
  url: string;
  received: Received[];
  /** Times (ms, performance.now) at which each reply chunk was written, per request. */
  writes: number[][];
  /** Per request: settles once its connection is gone, with true when the client hung up before the reply ended. */
  closed: Promise<boolean>[];
  /** Requests whose connection is still open. */
  pending(): number;
  close(): Promise<void>;
}

const FENCE = /<source id="(\d+)"([^>]*)>\n([\s\S]*?)\n<\/source>/g;

function contentOf(m: any): string {
  return typeof m?.content === "string" ? m.content : Array.isArray(m?.content) ? m.content.map((p: any) => p.text ?? "").join("") : "";
}

export function parseRequest(path: string, body: any): Received {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const system = messages.filter((m) => m.role === "system").map(contentOf).join("\n");
  const user = messages.filter((m) => m.role === "user").map(contentOf).join("\n");
  const sources = [...user.matchAll(FENCE)].map((m) => ({ id: Number(m[1]), attributes: m[2], text: m[3] }));
  const question = [...user.matchAll(/^(?:Question|Follow-up question): (.*)$/gm)].at(-1)?.[1]?.trim() ?? "";
  return { path, body, system, user, question, sources };
}

/** Splits a reply into word-sized tokens, as a model streams it. */
export function tokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

async function start(kind: "openai" | "ollama", script: Script, requireSources: boolean): Promise<FakeServer> {
  const received: Received[] = [];
  const writes: number[][] = [];
  const closed: Promise<boolean>[] = [];
  let open = 0;
  const server = http.createServer((req, res) => {
    open++;
    res.once("close", () => open--);
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const expected = kind === "openai" ? "/v1/chat/completions" : "/api/chat";
      if (req.method !== "POST" || req.url !== expected) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: `no route ${req.method} ${req.url}` }));
        return;
      }
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400).end("bad json");
        return;
      }
      const r = parseRequest(req.url, body);
      received.push(r);
      const times: number[] = [];
      writes.push(times);
      closed.push(new Promise((ok) => res.once("close", () => ok(!res.writableFinished))));
      if (requireSources && r.sources.length === 0) return fail(res, kind, 400, "fake server: the prompt held no fenced <source> blocks");
      const reply = script(r);
      if (reply.kind === "hang") return; // the socket stays open until close()
      if (reply.kind === "status") return fail(res, kind, reply.status, reply.message);
      const parts = tokens(reply.text);
      const send = kind === "openai" ? sseWriter(res, body.model) : ndjsonWriter(res, body.model);
      send.head();
      for (const [i, part] of parts.entries()) {
        if (reply.kind === "stream" && reply.holdLast && i === parts.length - 1) await reply.holdLast;
        send.token(part);
        times.push(performance.now());
        if (reply.kind === "stall" && i === 0) return; // then silence
        await new Promise((ok) => setTimeout(ok, reply.kind === "stream" ? (reply.delayMs ?? 5) : 0));
      }
      send.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: kind === "openai" ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`,
    received,
    writes,
    closed,
    pending: () => open,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function fail(res: http.ServerResponse, kind: "openai" | "ollama", status: number, message: string): void {
  const body = kind === "openai" ? { error: { message, type: "server_error", code: null } } : { error: message };
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** OpenAI chat.completion.chunk events: a role delta, content deltas, a finish, then [DONE]. */
function sseWriter(res: http.ServerResponse, model: string) {
  const id = `chatcmpl-fake-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const event = (delta: object, finish: string | null) =>
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`);
  return {
    head: () => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      event({ role: "assistant", content: "" }, null);
    },
    token: (t: string) => event({ content: t }, null),
    end: () => {
      event({}, "stop");
      res.end("data: [DONE]\n\n");
    },
  };
}

/** Ollama /api/chat lines: message.content per token, then a final line with done: true. */
function ndjsonWriter(res: http.ServerResponse, model: string) {
  const line = (o: object) => res.write(`${JSON.stringify({ model, created_at: new Date().toISOString(), ...o })}\n`);
  return {
    head: () => res.writeHead(200, { "content-type": "application/x-ndjson" }),
    token: (t: string) => line({ message: { role: "assistant", content: t }, done: false }),
    end: () => {
      line({ message: { role: "assistant", content: "" }, done: true, done_reason: "stop", total_duration: 1, prompt_eval_count: 10, eval_count: 10 });
      res.end();
    },
  };
}

export const startOpenAiFake = (script: Script, opts: { requireSources?: boolean } = {}) => start("openai", script, opts.requireSources ?? true);
export const startOllamaFake = (script: Script, opts: { requireSources?: boolean } = {}) => start("ollama", script, opts.requireSources ?? true);

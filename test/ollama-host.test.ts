/**
 * One reading of OLLAMA_HOST for embeddings and chat (issue 11): before, the embedder added
 * Ollama's port 11434 to a bare host and the chat model did not, so with `OLLAMA_HOST=gpu-box`
 * the two went to different ports.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLlm } from "../src/answer/llm/models.js";
import { parseLlmSpec } from "../src/answer/llm/spec.js";
import { ollamaBaseUrl } from "../src/config.js";
import { createEmbeddings } from "../src/embedding/providers.js";

describe("OLLAMA_HOST", () => {
  it("gives the chat model the address the embedder uses, for every way of writing it", () => {
    const cases: [string | undefined, string][] = [
      [undefined, "http://127.0.0.1:11434"],
      ["gpu-box", "http://gpu-box:11434"],
      ["gpu-box:8080", "http://gpu-box:8080"],
      [":9000", "http://127.0.0.1:9000"],
      ["0.0.0.0", "http://127.0.0.1:11434"],
      ["http://gpu-box", "http://gpu-box"],
      ["https://ollama.example/", "https://ollama.example"],
    ];
    for (const [host, url] of cases) {
      expect(ollamaBaseUrl(host)).toBe(url);
      expect(parseLlmSpec("ollama:llama3.2", host === undefined ? {} : { OLLAMA_HOST: host }).endpoint).toBe(url);
    }
  });

  // A real server on Ollama's default port, reached through a bare host: both clients must get there.
  describe("a bare host reaches Ollama's port for embeddings and chat alike", () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        seen.push(`${req.method} ${req.url}`);
        res.setHeader("content-type", req.url === "/api/chat" ? "application/x-ndjson" : "application/json");
        if (req.url === "/api/embed") return res.end(JSON.stringify({ embeddings: (JSON.parse(body).input as string[]).map(() => [1, 0, 0]) }));
        if (req.url === "/api/chat") return res.end(JSON.stringify({ model: "m", message: { role: "assistant", content: "pong" }, done: true }) + "\n");
        res.statusCode = 404;
        res.end("{}");
      });
    });
    let busy = "";
    const saved = process.env.OLLAMA_HOST;
    beforeAll(async () => {
      busy = await new Promise<string>((ok) => {
        server.once("error", (e: NodeJS.ErrnoException) => ok(e.code ?? "error"));
        server.listen(11434, "127.0.0.1", () => ok(""));
      });
      if (busy) console.log(`skipped the live OLLAMA_HOST check: port 11434 on 127.0.0.1 is not free (${busy})`);
    });
    afterAll(async () => {
      if (saved === undefined) delete process.env.OLLAMA_HOST;
      else process.env.OLLAMA_HOST = saved;
      if (!busy) await new Promise((ok) => server.close(ok));
    });

    it("OLLAMA_HOST=127.0.0.1 (no port): the embedder and the chat model both reach 127.0.0.1:11434", async (ctx) => {
      if (busy) return ctx.skip();
      process.env.OLLAMA_HOST = "127.0.0.1";
      const embeddings = await createEmbeddings("ollama:embedder", { maxRetries: 0 });
      expect(await embeddings.embedQuery("ping")).toEqual([1, 0, 0]);
      const llm = await openLlm({ llm: "ollama:m", llmTimeoutMs: 5000 });
      const reply = await llm.chat(new AbortController().signal).invoke("ping");
      expect(reply.content).toBe("pong");
      expect(seen).toEqual(["POST /api/embed", "POST /api/chat"]);
    });
  });
});

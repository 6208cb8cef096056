import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ollamaBaseUrl } from "../src/config.js";
import { createEmbeddings, learnDimension, TRANSFORMERS_INSTALL } from "../src/embedding/providers.js";
import { UserError } from "../src/errors.js";

// Real HTTP servers on 127.0.0.1 speaking the Ollama and OpenAI embedding protocols, driven by
// the real LangChain clients.

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A deterministic 6-dim vector per text, so tests can check which text got which vector. */
function fakeVector(text: string): number[] {
  return [text.length, text.charCodeAt(0) || 0, 1, 2, 3, 4];
}

async function serve(handle: (seen: Seen, res: http.ServerResponse) => void) {
  const requests: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: raw ? JSON.parse(raw) : {} };
      requests.push(seen);
      handle(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const savedEnv = { ...process.env };
afterEach(() => {
  for (const key of ["OLLAMA_HOST", "OPENAI_BASE_URL", "OPENAI_API_KEY"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

describe("ollama:MODEL", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve((seen, res) => {
      if (seen.method !== "POST" || seen.url !== "/api/embed") return json(res, 404, { error: "not found" });
      const input = seen.body.input as string[];
      if (seen.body.model !== "nomic-embed-text") return json(res, 404, { error: `model "${seen.body.model}" not found, try pulling it first` });
      json(res, 200, { model: seen.body.model, embeddings: input.map(fakeVector) });
    });
  });
  afterAll(() => server.close());

  it("embeds documents and queries through POST /api/embed with the model", async () => {
    process.env.OLLAMA_HOST = `127.0.0.1:${server.port}`; // no scheme, as Ollama users often write it
    const embeddings = await createEmbeddings("ollama:nomic-embed-text");
    expect(embeddings.id).toBe("ollama:nomic-embed-text");
    expect(embeddings.dimension).toBe(0); // unknown until the server answers
    const vectors = await embeddings.embedDocuments(["Red Sea", "Gaza aid"]);
    expect(vectors).toEqual([fakeVector("Red Sea"), fakeVector("Gaza aid")]);
    expect(embeddings.dimension).toBe(6);
    expect(await embeddings.embedQuery("carrier")).toEqual(fakeVector("carrier"));
    const last = server.requests.at(-1)!;
    expect(last.url).toBe("/api/embed");
    expect(last.body.model).toBe("nomic-embed-text");
    expect(last.body.input).toEqual(["carrier"]);
    expect(server.requests.at(-2)!.body.input).toEqual(["Red Sea", "Gaza aid"]);
  });

  it("learns the dimension from a probe", async () => {
    process.env.OLLAMA_HOST = `http://127.0.0.1:${server.port}`;
    const embeddings = await createEmbeddings("ollama:nomic-embed-text");
    expect(await learnDimension(embeddings)).toBe(6);
    expect(server.requests.at(-1)!.body.input).toEqual(["dimension probe"]);
    expect(embeddings.dimension).toBe(6);
  });

  it("turns a missing model into a one-line UserError naming the server", async () => {
    process.env.OLLAMA_HOST = `127.0.0.1:${server.port}`;
    const embeddings = await createEmbeddings("ollama:not-pulled", { maxRetries: 0 });
    const error = await embeddings.embedQuery("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(`Ollama at http://127.0.0.1:${server.port}`);
    expect((error as UserError).message).toContain("not found");
    expect((error as UserError).message).not.toContain("\n");
    expect((error as UserError).hint).toContain("ollama pull not-pulled");
  });

  it("reports an unreachable server clearly", async () => {
    const closed = await serve(() => {});
    await closed.close(); // a port that just stopped listening
    process.env.OLLAMA_HOST = `127.0.0.1:${closed.port}`;
    const embeddings = await createEmbeddings("ollama:nomic-embed-text", { maxRetries: 0 });
    await expect(embeddings.embedQuery("x")).rejects.toThrow(new RegExp(`Ollama at http://127.0.0.1:${closed.port} failed: .*ECONNREFUSED`));
  });

  it("reads OLLAMA_HOST the way Ollama does", () => {
    expect(ollamaBaseUrl(undefined)).toBe("http://127.0.0.1:11434");
    expect(ollamaBaseUrl("0.0.0.0")).toBe("http://127.0.0.1:11434");
    expect(ollamaBaseUrl(":8080")).toBe("http://127.0.0.1:8080");
    expect(ollamaBaseUrl("gpu-box")).toBe("http://gpu-box:11434");
    expect(ollamaBaseUrl("https://ollama.example/")).toBe("https://ollama.example");
    expect(() => ollamaBaseUrl("http://bad host")).toThrow(UserError);
  });
});

describe("openai:MODEL", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve((seen, res) => {
      if (seen.method !== "POST" || seen.url !== "/v1/embeddings") return json(res, 404, { error: { message: "no route" } });
      if (seen.headers.authorization !== "Bearer test-key") return json(res, 401, { error: { message: "Incorrect API key provided" } });
      const input = typeof seen.body.input === "string" ? [seen.body.input] : (seen.body.input as string[]);
      // The openai SDK asks for base64 unless told otherwise: answer in the format requested.
      const encode = (v: number[]) => (seen.body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v);
      json(res, 200, {
        object: "list",
        model: seen.body.model,
        data: input.map((t, index) => ({ object: "embedding", index, embedding: encode(fakeVector(t)) })),
        usage: { prompt_tokens: 3, total_tokens: 3 },
      });
    });
  });
  afterAll(() => server.close());

  it("embeds through POST /v1/embeddings with the model and key", async () => {
    process.env.OPENAI_BASE_URL = `http://127.0.0.1:${server.port}/v1`;
    process.env.OPENAI_API_KEY = "test-key";
    const embeddings = await createEmbeddings("openai:text-embedding-3-small");
    expect(embeddings.id).toBe("openai:text-embedding-3-small");
    expect(await embeddings.embedDocuments(["Red Sea", "Gaza aid"])).toEqual([fakeVector("Red Sea"), fakeVector("Gaza aid")]);
    expect(await embeddings.embedQuery("carrier")).toEqual(fakeVector("carrier"));
    expect(embeddings.dimension).toBe(6);
    const first = server.requests.at(-2)!;
    expect(first.body.model).toBe("text-embedding-3-small");
    expect(first.body.input).toEqual(["Red Sea", "Gaza aid"]);
    expect(server.requests.at(-1)!.body.model).toBe("text-embedding-3-small");
  });

  it("turns an HTTP error into a one-line UserError", async () => {
    process.env.OPENAI_BASE_URL = `http://127.0.0.1:${server.port}/v1`;
    process.env.OPENAI_API_KEY = "wrong-key";
    const embeddings = await createEmbeddings("openai:text-embedding-3-small", { maxRetries: 0 });
    const error = await embeddings.embedQuery("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/OpenAI-compatible server at http:\/\/127\.0\.0\.1:\d+\/v1 failed: .*Incorrect API key/);
    expect((error as UserError).message).not.toContain("\n");
  });

  it("asks for a key when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set", async () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    await expect(createEmbeddings("openai:text-embedding-3-small")).rejects.toThrow(/needs OPENAI_API_KEY/);
  });
});

describe("spec errors", () => {
  it("lists the valid specs for an unknown one", async () => {
    for (const spec of ["word2vec", "ollama:", "openai", ""]) {
      const error = await createEmbeddings(spec).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe(
        `unknown embedder "${spec}": use one of use-lite, static[:FILE], hybrid[:FILE], transformers:MODEL_OR_DIR, ollama:MODEL, openai:MODEL`,
      );
    }
  });

  const transformersInstalled = (() => {
    try {
      createRequire(import.meta.url).resolve("@huggingface/transformers");
      return true;
    } catch {
      return false;
    }
  })();
  if (transformersInstalled) console.log("@huggingface/transformers is installed: skipping the missing-package test");

  it.skipIf(transformersInstalled)("says how to install @huggingface/transformers when it is missing", async () => {
    const error = await createEmbeddings("transformers:Xenova/all-MiniLM-L6-v2").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(TRANSFORMERS_INSTALL);
    expect(TRANSFORMERS_INSTALL).toBe("ONNXRUNTIME_NODE_INSTALL=skip npm install @huggingface/transformers");
    expect((error as Error).message).not.toContain("\n");
  });
});

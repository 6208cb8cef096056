import { describe, expect, it } from "vitest";
import { indexSuffixFor, resolveSettings, SETTINGS, settingHelp } from "../src/config.js";

describe("settings declared once (src/config.ts)", () => {
  it("flags beat the environment, which beats the defaults", () => {
    const env = { BRIEFING_K: "9", BRIEFING_RETRIEVER: "dense", BRIEFING_LOCK_WAIT: "3" };
    expect(resolveSettings({ k: "7" }, env)).toMatchObject({ k: 7, retriever: "dense", lockWaitMs: 3000 });
    expect(resolveSettings({}, {})).toMatchObject({ k: 5, retriever: "hybrid", abstain: "balanced", embeddings: "use-lite", llm: "none", workers: 2, llmTimeoutMs: 60_000, lockWaitMs: 600_000 });
  });

  it("a bad value is blamed on the flag or the variable that held it", () => {
    expect(() => resolveSettings({ k: "0" }, {})).toThrow('--k must be a whole number from 1 to 50 (got "0")');
    expect(() => resolveSettings({}, { BRIEFING_WORKERS: "x" })).toThrow('BRIEFING_WORKERS must be a whole number from 1 to 64 (got "x")');
    expect(() => resolveSettings({}, { BRIEFING_RETRIEVER: "sparse" })).toThrow('BRIEFING_RETRIEVER must be hybrid, dense or bm25 (got "sparse")');
    expect(() => resolveSettings({ retriever: "sparse" }, { BRIEFING_RETRIEVER: "dense" })).toThrow('--retriever must be hybrid, dense or bm25 (got "sparse")');
    expect(() => resolveSettings({ abstain: "never" }, {})).toThrow('--abstain must be strict, balanced or lenient (got "never")');
    expect(() => resolveSettings({}, { BRIEFING_ABSTAIN: "never" })).toThrow('BRIEFING_ABSTAIN must be strict, balanced or lenient (got "never")');
  });

  it("help lines name the variable and the default from the same table", () => {
    expect(settingHelp("k")).toBe("passages to retrieve (env BRIEFING_K; default 5)");
    for (const name of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]) expect(settingHelp(name)).toContain(`env ${SETTINGS[name].env}; default `);
  });
});

describe("default index folders", () => {
  it("each embedder has its own, so none re-embeds another's archive", () => {
    const specs = ["use-lite", "static", "hybrid", "ollama:nomic-embed-text", "openai:text-embedding-3-small", "transformers:Xenova/all-MiniLM-L6-v2"];
    const suffixes = specs.map(indexSuffixFor);
    expect(new Set(suffixes).size).toBe(specs.length);
    expect(indexSuffixFor("use-lite")).toBe(""); // USE-Lite's folder is the one indexes always had
    expect(indexSuffixFor("ollama:nomic-embed-text")).toBe("-ollama-nomic-embed-text");
    for (const s of suffixes) expect(s).toMatch(/^(-[\w.-]{1,48})?$/);
  });
});

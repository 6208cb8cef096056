/**
 * A chat model or embedder named in an environment variable (QA, 2026-12-01): `BRIEFING_LLM=foo`
 * said `--llm "foo" names no known provider`, a flag the user never typed. Config records where each
 * setting came from (Settings.from); the stage that finds the value wrong names that source. Real
 * CLI processes; the bad spec is said before any index is built.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openBriefing } from "../src/briefing.js";
import { blameOf, resolveSettings } from "../src/config.js";
import { copyOfSeedCorpus, tempDir } from "./support/fixtures.js";
import { cli, expectFailure } from "./support/robust.js";

const corpus = copyOfSeedCorpus();
const Q = "What did the defence chiefs discuss?";

describe("where a setting came from", () => {
  it("is recorded: the flag over the variable, nothing for a default", () => {
    expect(resolveSettings({ llm: "x" }, { BRIEFING_LLM: "y" }).from?.llm).toBe("--llm");
    expect(resolveSettings({}, { BRIEFING_LLM: "y" }).from?.llm).toBe("BRIEFING_LLM");
    const plain = resolveSettings({}, {});
    expect(plain.from?.llm).toBeUndefined();
    expect(blameOf(plain, "llm")).toBe("--llm");
    expect(blameOf(resolveSettings({}, { BRIEFING_EMBEDDINGS: "w2v" }), "embeddings")).toBe("BRIEFING_EMBEDDINGS");
  });
});

describe("a chat model spec that names nothing", () => {
  it("from BRIEFING_LLM is blamed on BRIEFING_LLM, before any index is built", async () => {
    const index = path.join(tempDir(), "index");
    const r = await cli(["ask", Q, "--corpus", corpus, "--index", index], { env: { BRIEFING_LLM: "foo" } });
    expectFailure(r, /^briefing: BRIEFING_LLM "foo" names no known provider$/, /ollama:MODEL/);
    expect(r.stderr).not.toContain("--llm \"foo\"");
    expect(existsSync(index)).toBe(false); // said at once, not after building the index
    const m = await cli(["ask", Q, "--corpus", corpus, "--index", index], { env: { BRIEFING_LLM: "ollama:" } });
    expectFailure(m, /^briefing: BRIEFING_LLM "ollama:" needs a model after "ollama:"$/);
  }, 180_000);

  it("from --llm is still blamed on --llm, also when BRIEFING_LLM is set", async () => {
    const r = await cli(["ask", Q, "--corpus", corpus, "--index", path.join(tempDir(), "index"), "--llm", "foo"], { env: { BRIEFING_LLM: "none" } });
    expectFailure(r, /^briefing: --llm "foo" names no known provider$/);
  }, 180_000);
});

describe("an embedder spec that names nothing", () => {
  it("from BRIEFING_EMBEDDINGS: the hint says to fix BRIEFING_EMBEDDINGS", async () => {
    const r = await cli(["ask", Q, "--corpus", corpus, "--index", path.join(tempDir(), "index")], { env: { BRIEFING_EMBEDDINGS: "word2vec" } });
    expectFailure(r, /^briefing: unknown embedder "word2vec"/, /fix BRIEFING_EMBEDDINGS, e\.g\. BRIEFING_EMBEDDINGS=use-lite/);
  }, 180_000);
});

describe("the library", () => {
  it("blames a bad option on the option as the caller named it, not on a CLI flag", async () => {
    const index = path.join(tempDir(), "index");
    await expect(openBriefing({ corpus, index, k: 0 })).rejects.toThrow(/^k must be a whole number from 1 to 50 \(got "0"\)$/);
    await expect(openBriefing({ corpus, index, llm: "foo" })).rejects.toThrow(/^llm "foo" names no known provider$/);
    const e = await openBriefing({ corpus, index, embeddings: "word2vec" }).catch((x: unknown) => x);
    expect((e as { hint?: string }).hint).toBe('fix embeddings, e.g. embeddings: "use-lite"');
    expect(existsSync(index)).toBe(false);
  }, 180_000);
});

/**
 * Robustness catalogue, settings a new user gets wrong: each is one `briefing:` line naming the
 * setting or path as the user gave it, with the next step. Real CLI processes.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";
import { copyOfSeedCorpus, tempDir } from "../support/fixtures.js";
import { cli, expectFailure } from "../support/robust.js";

const corpus = copyOfSeedCorpus();

describe("an --index path that is a file, or lies under one", () => {
  it("names the path and says a file is in the way (not a disk-space hint)", async () => {
    const dir = tempDir();
    const file = path.join(dir, "index");
    writeFileSync(file, "not a folder");
    for (const index of [file, path.join(file, "inner")]) {
      const r = await cli(["ask", "What did the defence chiefs discuss?", "--corpus", corpus, "--index", index]);
      expectFailure(r, new RegExp(`^briefing: cannot write to the index folder ${index.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(it, or a folder above it, is a file, not a folder\\)$`), /move that file away, or pass --index <folder>/);
    }
  }, 180_000);
});

describe("a bad value in an environment variable", () => {
  it("is blamed on the variable, not on a flag the user never typed", async () => {
    const r = await cli(["ask", "What did the defence chiefs discuss?", "--corpus", corpus], { env: { BRIEFING_RETRIEVER: "sparse" } });
    expectFailure(r, /^briefing: BRIEFING_RETRIEVER must be hybrid, dense or bm25 \(got "sparse"\)$/, /pick one of the three/);
    const a = await cli(["ask", "What did the defence chiefs discuss?", "--corpus", corpus], { env: { BRIEFING_ABSTAIN: "never" } });
    expectFailure(a, /^briefing: BRIEFING_ABSTAIN must be strict, balanced or lenient \(got "never"\)$/, /pick one of the three/);
  }, 180_000);
});

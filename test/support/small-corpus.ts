import { writeFileSync } from "node:fs";
import path from "node:path";
import { resolveSettings } from "../../src/config.js";
import type { Briefer } from "../../src/answer/briefer.js";
import { openPipeline } from "../../src/pipeline.js";
import { tempDir } from "./fixtures.js";

/** The pipeline over a few articles (file name → text) written to a fresh corpus folder, with its own index: the answering tests' shared set-up. */
export async function openOnArticles(articles: Record<string, string>, name: string): Promise<Briefer> {
  const corpus = tempDir(`briefing-${name}-`);
  for (const [file, text] of Object.entries(articles)) writeFileSync(path.join(corpus, file), text);
  return openPipeline(resolveSettings({ corpus, index: path.join(tempDir(`briefing-${name}-index-`), "index"), workers: 1 }, {}));
}

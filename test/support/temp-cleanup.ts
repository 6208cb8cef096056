/**
 * Setup file (vitest.config.ts): after each test file, passed or failed, the folders it made with
 * tempDir() are removed. Registered first, so it runs after the file's own afterAll hooks have
 * closed the indexes, servers and processes that use them.
 */
import { afterAll } from "vitest";
import { removeTempDirs } from "./fixtures.js";

afterAll(() => {
  const left = removeTempDirs();
  if (left.length) console.warn(`temp folders not removed: ${left.join(", ")}`);
});

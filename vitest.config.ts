import { defineConfig } from "vitest/config";

// Tests run the real model and real indexes on a 2-core machine: generous timeouts, and
// files in parallel only up to the core count.
export default defineConfig({
  test: {
    // Hang guards, not timing checks: at load 30 embedding the seed corpus twice in one test took 65–96 s.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // `npm start` and bin/ run the compiled dist/: rebuilt first when src/ is newer.
    globalSetup: ["test/support/build-dist.ts"],
    // Temp folders made by tests are removed after each file (test/support/temp-cleanup.ts).
    setupFiles: ["test/support/temp-cleanup.ts"],
  },
});

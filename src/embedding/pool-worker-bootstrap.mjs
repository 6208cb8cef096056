// Worker entry in plain JavaScript, because a worker thread does not always inherit the parent's
// TypeScript loader: under `tsx <file>` it does (via execArgv), but not under vitest or when
// bin/briefing.js registered tsx in-process. Try the .ts module directly, else load it through tsx
// (tsImport gives it a fresh module URL, so the failed first attempt is not served from cache).
try {
  await import("./pool-worker.ts");
} catch (error) {
  if (error?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
  const { tsImport } = await import("tsx/esm/api");
  await tsImport("./pool-worker.ts", import.meta.url);
}

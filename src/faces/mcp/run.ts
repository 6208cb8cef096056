import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { BriefingArchive } from "../../api/archive.js";
import { PROJECT_ROOT, resolveSettings, type Flags } from "../../config.js";
import { printLine } from "../terminal/print.js";
import { createMcpServer, errorLine } from "./server.js";

/**
 * `briefing mcp`: the archive over stdio for MCP clients. stdout carries the protocol only, so
 * every log line goes to stderr. The server answers `initialize` at once and opens the index
 * behind it (a first ingest can take minutes); tools wait for it, and if it cannot be opened
 * each call returns that reason as a tool error while the server keeps running.
 */
export async function serveMcp(flags: Flags): Promise<void> {
  // Anything that would print to stdout (a library's console.log) would corrupt the protocol.
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  const log = (line: string) => process.stderr.write(printLine(`briefing mcp: ${line}`) + "\n");
  const settings = resolveSettings(flags);
  const archive = BriefingArchive.withSettings(settings, { onNotice: log });
  archive.then(
    (a) => log(`serving ${a.size} articles from ${settings.corpus} (index ${settings.index})`),
    (e) => log(`the archive could not be opened: ${errorLine(e)}`),
  );
  // Tool calls turn a failed open into a tool error; this keeps it from being "unhandled".
  archive.catch(() => undefined);

  const server = createMcpServer(archive, packageVersion());
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await archive.then((a) => a.close(), () => undefined).catch(() => undefined);
    process.exit(code);
  };
  // The client closing stdin (or a signal) ends the server cleanly.
  process.stdin.on("end", () => void shutdown(0));
  process.once("SIGINT", () => void shutdown(130));
  process.once("SIGTERM", () => void shutdown(143));
  await server.connect(transport);
  log("ready on stdio");
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

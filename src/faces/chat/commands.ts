/** What a line typed into the chat means: a question, or one of the slash commands. */
export type ChatInput =
  | { kind: "question"; text: string }
  | { kind: "sources" }
  | { kind: "open"; n: number | null }
  | { kind: "corpus" }
  | { kind: "clear" }
  | { kind: "help" }
  | { kind: "quit" }
  | { kind: "unknown"; command: string }
  | { kind: "usage"; text: string }
  | { kind: "empty" };

export const COMMANDS: { usage: string; what: string }[] = [
  { usage: "/timeline X", what: "a dated timeline of X from all its articles, oldest first" },
  { usage: "/sources", what: "the passages behind the last answer, with their retrieval scores" },
  { usage: "/open N", what: "source [N] of the last answer: the passage, the quoted sentence highlighted" },
  { usage: "/corpus", what: "the articles, chunks, index location and age" },
  { usage: "/clear", what: "clear the screen and start a fresh conversation" },
  { usage: "/help", what: "this list" },
  { usage: "/quit", what: "leave (Ctrl+C works at any moment too)" },
];

export function parseInput(line: string): ChatInput {
  const text = line.trim();
  if (!text) return { kind: "empty" };
  if (!text.startsWith("/")) return { kind: "question", text };
  const [head = "", ...rest] = text.slice(1).split(/\s+/);
  const command = head.toLowerCase();
  switch (command) {
    case "sources":
      return { kind: "sources" };
    case "timeline":
      // "/timeline GenCorp" asks "Timeline of GenCorp"; with no subject there is nothing to follow.
      return rest.length ? { kind: "question", text: `Timeline of ${rest.join(" ")}` } : { kind: "usage", text: "/timeline needs a subject, e.g. /timeline GenCorp" };
    case "open": {
      // "/open 2", "/open [2]": anything else asks for a number.
      const m = /^\[?(\d{1,3})\]?$/.exec(rest.join(""));
      return { kind: "open", n: m ? Number(m[1]) : null };
    }
    case "corpus":
      return { kind: "corpus" };
    case "clear":
      return { kind: "clear" };
    case "help":
    case "?":
      return { kind: "help" };
    case "quit":
    case "exit":
    case "q":
      return { kind: "quit" };
    default:
      return { kind: "unknown", command: text.split(/\s+/)[0]! };
  }
}

/**
 * Earlier inputs for up/down recall, shell-style: Up walks back from the newest, Down walks
 * forward and finally returns what was being typed before the walk began.
 */
export class InputHistory {
  private entries: string[] = [];
  private pos: number | null = null;
  private draft = "";

  constructor(private readonly limit = 200) {}

  add(line: string): void {
    const text = line.trim();
    this.pos = null;
    if (!text || this.entries.at(-1) === text) return;
    this.entries.push(text);
    if (this.entries.length > this.limit) this.entries.shift();
  }

  /** The previous entry, or null when there is nothing further back. */
  up(current: string): string | null {
    if (this.entries.length === 0) return null;
    if (this.pos === null) {
      this.draft = current;
      this.pos = this.entries.length;
    }
    if (this.pos === 0) return null;
    this.pos -= 1;
    return this.entries[this.pos]!;
  }

  /** The next entry, the saved draft past the newest, or null when not walking. */
  down(): string | null {
    if (this.pos === null) return null;
    this.pos += 1;
    if (this.pos >= this.entries.length) {
      this.pos = null;
      return this.draft;
    }
    return this.entries[this.pos]!;
  }
}

/**
 * Reveals streamed answer text at a readable pace. The extractive answerer hands over all its
 * sentences within one tick, which React would paint as a single frame; spacing them out makes
 * the answer visibly arrive sentence by sentence. With `ms` 0 (LLM tokens, tests) text shows at once.
 */
export class Pacer {
  private queue: string[] = [];
  private shown = "";
  private timer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly show: (text: string) => void,
    public ms = 0,
  ) {}

  push(chunk: string): void {
    if (this.ms <= 0) {
      this.shown += chunk;
      this.show(this.shown);
      return;
    }
    this.queue.push(chunk);
    this.timer ??= setInterval(() => this.tick(), this.ms);
  }

  /** Resolves once everything pushed so far is on screen. */
  drained(): Promise<void> {
    if (!this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  reset(): void {
    this.queue = [];
    this.shown = "";
    this.stop();
    this.show("");
  }

  private tick(): void {
    const next = this.queue.shift();
    if (next !== undefined) {
      this.shown += next;
      this.show(this.shown);
    }
    if (!this.queue.length) this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const w of this.waiters.splice(0)) w();
  }
}

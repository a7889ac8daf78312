/**
 * Background work that runs again `intervalMs` after each run ends (never two at once in a
 * process), until stopped; stopping waits for the run in flight. A failed run is reported to
 * `onFailure` and the next one runs on time. Used by the outbox worker and the audit sealer.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer and waits for the run in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.run()
        .catch(this.onFailure)
        .finally(() => this.schedule());
    }, this.intervalMs);
  }
}

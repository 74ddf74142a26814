// Warnings about bad inbound traffic are rate-limited per reason, so a flood of garbage on a subject
// costs a few log lines per interval; suppressed lines are counted and reported with the next one.
import type { Clock, Logger } from '../../common/index.js';

interface Window {
  start: number;
  logged: number;
  suppressed: number;
}

export class RateLimitedLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly burst = 5,
    private readonly intervalMs = 10_000,
  ) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.clock.monotonic();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.intervalMs) {
      const suppressed = w?.suppressed ?? 0;
      if (!w && this.windows.size >= 1000) this.windows.clear(); // bounded: keys include actor paths
      w = { start: now, logged: 0, suppressed: 0 };
      this.windows.set(key, w);
      if (suppressed > 0) fields = { ...fields, suppressed };
    }
    if (w.logged >= this.burst) {
      w.suppressed++;
      return;
    }
    w.logged++;
    this.logger.warn(fields, message);
  }
}

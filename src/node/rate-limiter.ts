// Client-side rate limits (--rpm, --tpm): keep a run inside an account's requests and tokens per
// minute instead of meeting 429s. A sliding one-minute window of what was sent: a request waits
// until it fits. Token counts are estimates made before sending (prompt characters / 4 plus the
// max tokens asked for, as providers reserve them), so the limit errs on the safe side.

import { sleep } from './retry-policy.js';

export interface RateLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens per minute (estimated input + max output). */
  tpm?: number;
}

const WINDOW_MS = 60_000;

/**
 * Waits before each request so that no rolling minute holds more than rpm requests or tpm tokens.
 * A single request larger than tpm is let through alone in an empty window rather than never.
 * @example const limiter = new RateLimiter({ rpm: 500 }); await limiter.acquire(300);
 */
export class RateLimiter {
  private readonly sent: Array<{ at: number; tokens: number }> = [];
  /** Total time requests waited here (ms), for the record. */
  waitedMs = 0;

  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {}

  /** Resolves when a request of `tokens` may be sent, and counts it as sent. */
  async acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.sent.length > 0 && this.sent[0].at <= t - WINDOW_MS) this.sent.shift();
      const delay = this.delayFor(tokens, t);
      if (delay <= 0) {
        this.sent.push({ at: t, tokens });
        return;
      }
      this.waitedMs += delay;
      await this.wait(delay, signal);
    }
  }

  /** How long until a request of `tokens` fits (0: now). */
  private delayFor(tokens: number, t: number): number {
    let until = 0;
    const { rpm, tpm } = this.limits;
    if (rpm !== undefined && this.sent.length >= rpm) {
      // The oldest request that must leave the window for one more to fit.
      until = Math.max(until, this.sent[this.sent.length - rpm].at + WINDOW_MS - t);
    }
    if (tpm !== undefined && this.sent.length > 0) {
      let used = this.sent.reduce((s, x) => s + x.tokens, 0);
      for (let i = 0; used + tokens > tpm && i < this.sent.length; i++) {
        used -= this.sent[i].tokens;
        until = Math.max(until, this.sent[i].at + WINDOW_MS - t);
      }
    }
    return until;
  }
}

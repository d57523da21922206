// Progress of a run on stderr: a redrawn bar with rate and ETA on a terminal, plain periodic lines
// when stderr is a file or pipe (logs stay readable), nothing with --quiet.

import type { RunProgress } from './run/run-utilities.js';

/** Redraws at most this often on a terminal (ms). */
const TTY_INTERVAL_MS = 100;
/** Plain lines at most this often (ms), plus one per phase change. */
const LINE_INTERVAL_MS = 10_000;
const BAR_WIDTH = 28;

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Formats seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A progress display fed with RunProgress events. */
export class ProgressReporter {
  private readonly started: number;
  private last = -Infinity;
  private lastPhase = '';
  private drawn = false;

  constructor(private readonly stream: ProgressStream, private readonly now: () => number = () => performance.now()) {
    this.started = now();
  }

  /** The text of one progress report. */
  static line(p: RunProgress, elapsedSeconds: number): string {
    const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const rate = elapsedSeconds > 0 ? p.done / elapsedSeconds : 0;
    const eta = rate > 0 ? (p.total - p.done) / rate : NaN;
    const rounds = p.rounds > 0 ? `  round ${p.round}/${p.rounds}` : '';
    return `${(100 * fraction).toFixed(0).padStart(3)}% ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} completions` +
      `  ${Math.round(rate).toLocaleString('en-US')}/s  ETA ${formatDuration(eta)}  ${p.phase}${rounds}`;
  }

  update(p: RunProgress): void {
    const t = this.now();
    const phaseChanged = p.phase !== this.lastPhase;
    const elapsed = (t - this.started) / 1000;
    if (this.stream.isTTY) {
      if (!phaseChanged && t - this.last < TTY_INTERVAL_MS && p.done < p.total) return;
      const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${ProgressReporter.line(p, elapsed)}\x1b[K`);
      this.drawn = true;
    } else {
      if (!phaseChanged && t - this.last < LINE_INTERVAL_MS) return;
      this.stream.write(`progress: ${ProgressReporter.line(p, elapsed)}\n`);
    }
    this.last = t;
    this.lastPhase = p.phase;
  }

  /** Ends the bar's line so later output starts cleanly. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

// Progress bars for long work on the terminal (stderr, so --json output on stdout stays clean).
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

export function progressBar(title: string, unit: 'bytes' | 'rows' = 'bytes', enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${title.padEnd(28).slice(0, 28)} [{bar}] {percentage}% | {doneText}/{totalText} | ETA {eta_formatted} {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      const text = (n: number) => (unit === 'bytes' ? formatBytes(n) : String(n));
      const payload = { doneText: text(done), totalText: text(total), label };
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * Work in steps (one list version after another): on a terminal a bar per step while it runs;
 * on a terminal or not, one line per finished step (so logs and tests see each one).
 */
export interface StepProgress {
  start(title: string): void;
  update(done: number, total: number, label?: string): void;
  finish(line: string): void;
}

export function stepProgress(unit: 'bytes' | 'rows' = 'bytes', enabled = process.stderr.isTTY === true, write: (line: string) => void = (line) => void process.stderr.write(`${line}\n`)): StepProgress {
  let bar: Progress | null = null;
  return {
    start(title) {
      bar?.stop();
      bar = progressBar(title, unit, enabled);
    },
    update(done, total, label) {
      bar?.update(done, total, label);
    },
    finish(line) {
      bar?.stop();
      bar = null;
      write(line);
    },
  };
}

/** "12.3 s", "850 ms", "2 min 05 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

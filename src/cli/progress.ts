// Progress bars for long work on the terminal (stderr, so --json output on stdout stays clean).
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

function formatBytes(n: number): string {
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

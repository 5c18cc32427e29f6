// Progress on long work: a bar on a terminal, a line every 10 % elsewhere (CI logs).
import cliProgress from 'cli-progress';

export interface Bar {
  update(done: number): void;
  stop(): void;
}

export interface Progress {
  bar(label: string, total: number): Bar;
  /** A line a person must see: a reused plan, a file rejected whole. */
  note(text: string): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return {
    note: (text) => void stream.write(`${text}\n`),
    bar(label, total) {
      if (stream.isTTY) {
        const bar = new cliProgress.SingleBar(
          {
            format: `${label.padEnd(12)} {bar} {percentage}% | {value}/{total} | {duration_formatted}`,
            stream,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, 1), 0);
        return { update: (n) => bar.update(Math.min(n, Math.max(total, 1))), stop: () => bar.stop() };
      }
      let shown = -1;
      return {
        update(n) {
          const tenth = total > 0 ? Math.floor((10 * n) / total) : 10;
          if (tenth > shown) {
            shown = tenth;
            stream.write(`${label} ${Math.min(100, tenth * 10)}% (${n}/${total})\n`);
          }
        },
        stop() {},
      };
    },
  };
}

export const silentProgress: Progress = { bar: () => ({ update() {}, stop() {} }), note() {} };

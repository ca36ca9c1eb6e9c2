import type { IngestProgress } from '../io/ingest-options.js';
import type { CliIo } from './cli-io.js';

/** Reports the progress of a long step (a read, a fit) on stderr. */
export interface Progress {
  /** A reader's progress callback (rows, bytes, total bytes). */
  readonly onRead: ((p: IngestProgress) => void) | undefined;
  /** Announce a step that has no measurable progress (a fit). */
  step(label: string): void;
  /** Clear the bar's line. */
  done(): void;
}

const WIDTH = 24;

/** Thousands grouped with a thin ASCII comma, locale-free. */
function grouped(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A progress bar on stderr when it is a terminal; silent otherwise (scripts and pipes get only
 * the result on stdout and errors on stderr). Reads show a bar by bytes when the file size is
 * known, else a row count; `step` shows what is running.
 */
export function createProgress(io: CliIo): Progress {
  if (!io.stderrIsTTY) return { onRead: undefined, step() {}, done() {} };
  let drawn = false;
  const draw = (line: string): void => {
    io.stderr.write(`\r\u001b[2K${line}`);
    drawn = true;
  };
  return {
    onRead(p: IngestProgress) {
      if (p.totalBytes !== undefined && p.totalBytes > 0) {
        const share = Math.min(1, p.bytes / p.totalBytes);
        const full = Math.round(share * WIDTH);
        draw(`reading [${'#'.repeat(full)}${'.'.repeat(WIDTH - full)}] ${Math.round(share * 100)}% ${grouped(p.rows)} rows`);
      } else {
        draw(`reading ${grouped(p.rows)} rows`);
      }
    },
    step(label: string) {
      draw(`${label}…`);
    },
    done() {
      if (drawn) io.stderr.write('\r\u001b[2K');
      drawn = false;
    },
  };
}

import type { Readable } from 'node:stream';

/** Something text can be written to (process.stdout, a test buffer). */
export interface TextWriter {
  write(text: string): unknown;
}

/**
 * Everything a CLI run touches besides the file system: its output streams, whether stderr is a
 * terminal (progress bars only then), standard input for `-`, and the working directory that
 * relative paths resolve against. Tests pass buffers; `main.ts` passes the process's streams.
 */
export interface CliIo {
  readonly stdout: TextWriter;
  readonly stderr: TextWriter;
  /** True when stderr is an interactive terminal: progress is drawn only then. */
  readonly stderrIsTTY: boolean;
  /** Read for the input path `-`. */
  readonly stdin?: Readable;
  /** Directory relative paths resolve against; default `process.cwd()`. */
  readonly cwd?: string;
}

/** A writer that collects text, for tests and in-process runs. */
export interface BufferWriter extends TextWriter {
  readonly text: () => string;
}

/**
 * A {@link TextWriter} that keeps what is written.
 *
 * @example
 * const out = bufferWriter(); out.write('a'); out.write('b'); out.text() // 'ab'
 */
export function bufferWriter(): BufferWriter {
  const chunks: string[] = [];
  return {
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

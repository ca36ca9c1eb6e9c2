import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from './cli-io.js';
import type { ColumnTable } from './column-table.js';
import type { Progress } from './progress.js';

/** What a command hands back: a table (CSV or JSON records) and/or a JSON value (JSON output). */
export interface CommandResult {
  /** Written as CSV with `--format csv`, or as an array of records with `--format json` when `json` is absent. */
  readonly table?: ColumnTable;
  /** Written with `--format json` (e.g. a model file). */
  readonly json?: unknown;
  /** Output already rendered in the chosen format (e.g. the library's own CSV of a bank book). */
  readonly text?: string;
  /** The command wrote its own output (e.g. `simulate --out-dir`); nothing more to write. */
  readonly written?: boolean;
}

/** What a command's `run` gets besides its validated options. */
export interface CommandContext {
  readonly io: CliIo;
  readonly progress: Progress;
  /** Resolve a path given on the command line against the working directory. */
  readonly resolvePath: (path: string) => string;
  /** The paths the command may read (positional arguments and input flags): outputs never overwrite them. */
  readonly inputs: readonly string[];
}

/**
 * One CLI subcommand, in its own file under `src/cli/commands/`: its flags (commander), a zod
 * schema that validates and converts them (string flags → numbers, dates, enums) and a `run`
 * that calls the library. Registering it is one line in `src/cli/commands/index.ts`.
 */
export interface CliCommand<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Positional arguments in commander syntax, e.g. `<input>`; empty for none. */
  readonly args: string;
  /** Runnable examples (from the project root), shown at the end of `--help`. */
  readonly examples: readonly string[];
  /** Formats the command can write; the first is the default. */
  readonly formats: readonly ('csv' | 'json')[];
  /** Add the command's own flags. */
  configure(cmd: Command): void;
  /** Validates `{ ...flags, args }` (args = the positional arguments in order). */
  readonly schema: S;
  run(options: z.output<S>, ctx: CommandContext): Promise<CommandResult>;
}

/** Identity helper that keeps a command's schema and run types tied together. */
export function defineCommand<S extends z.ZodType>(command: CliCommand<S>): CliCommand<S> {
  return command;
}

/** A flag value that must be a number (commander hands strings). */
export const numberFlag = z.coerce.number<string>().refine(Number.isFinite, 'expected a finite number');
/** A flag value that must be an integer. */
export const integerFlag = z.coerce.number<string>().int('expected a whole number');
/** A flag value that must be an ISO date. */
export const isoDateFlag = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
/** A comma-separated list flag. */
export const listFlag = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0),
  )
  .refine((a) => a.length > 0, 'expected a comma-separated list');

/** Output flags every command takes (added by the framework). */
export const outputShape = {
  format: z.enum(['csv', 'json']).optional(),
  out: z.string().min(1).optional(),
  bom: z.boolean().default(false),
};

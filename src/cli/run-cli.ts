import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { z } from 'zod';
import { version } from '../../package.json';
import { ClvkitError } from '../errors.js';
import type { CliIo } from './cli-io.js';
import type { CliCommand, CommandContext, CommandResult } from './command.js';
import { COMMANDS } from './commands/index.js';
import { tableRecords } from './column-table.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage-error.js';
import { toCsv } from './write-csv.js';
import { writeOutput } from './write-output.js';

/** Exit codes: success, bad input data, bad usage. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

/** `customerIdCol` → `--customer-id-col`. */
function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The first zod issue as a usage message naming the flag. */
function usageMessage(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const [key] = issue.path;
  if (key === 'args') return `argument: ${issue.message}`;
  return `option '${flagName(String(key))}': ${issue.message}`;
}

/** JSON text; typed arrays as arrays; a non-finite number is an error, never `null`. */
function toJsonText(value: unknown): string {
  return `${JSON.stringify(
    value,
    (key, v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new ClvkitError('NUMERIC_FAILURE', 'a non-finite number cannot be written', { fn: 'clvkit', column: key, value: String(v) });
      }
      return v;
    },
    2,
  )}\n`;
}

function render(result: CommandResult, format: 'csv' | 'json', bom: boolean, command: string): string {
  if (result.text !== undefined) return result.text;
  if (format === 'csv') {
    if (result.table === undefined) throw new UsageError(`${command} has no CSV output; use --format json`);
    return toCsv(result.table, { bom });
  }
  return toJsonText(result.json !== undefined ? result.json : tableRecords(result.table!));
}

function register(program: Command, command: CliCommand, io: CliIo): void {
  const sub = program.command(`${command.name}${command.args ? ` ${command.args}` : ''}`).description(command.summary);
  command.configure(sub);
  sub
    .addOption(new Option('--format <format>', 'output format').choices([...command.formats]).default(command.formats[0]))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--bom', 'start CSV output with a UTF-8 byte-order mark (for Excel)')
    .addHelpText('after', `\nExamples:\n${command.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  sub.action(async (...params: unknown[]) => {
    const cmd = params[params.length - 1] as Command;
    const args = params.slice(0, -2);
    const parsed = command.schema.safeParse({ ...cmd.opts(), args });
    if (!parsed.success) throw new UsageError(usageMessage(parsed.error));
    const options = parsed.data as { format?: 'csv' | 'json'; out?: string; bom: boolean };
    const ctx: CommandContext = { io, progress: createProgress(io), resolvePath: (p) => resolve(io.cwd ?? process.cwd(), p) };
    let result: CommandResult;
    try {
      result = await command.run(parsed.data, ctx);
    } finally {
      ctx.progress.done();
    }
    if (result.written === true) return;
    writeOutput(render(result, options.format ?? command.formats[0]!, options.bom, command.name), options.out, io);
  });
}

/**
 * The clvkit command line, in process: parse `argv` (the arguments after the program name), run
 * the command and return the exit code — 0 success, 1 bad input (the ClvkitError message, which
 * names the file, line and column), 2 usage error (unknown command or flag, bad flag value).
 * Output goes to `io.stdout` or the `--out` file; messages and progress to `io.stderr`.
 *
 * @example
 * const out = bufferWriter();
 * await runCli(['--version'], { stdout: out, stderr: bufferWriter(), stderrIsTTY: false }) // 0
 * out.text() // '0.1.0\n'
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const program = new Command('clvkit')
    .description('Customer segmentation and lifetime-value analytics for retail banks.\nRun `clvkit <command> --help` for a command’s flags and a runnable example.')
    .version(version, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  for (const command of commands) register(program, command as CliCommand, io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      io.stderr.write(`clvkit: error: ${error.message}\n(run with --help for usage)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ClvkitError) {
      io.stderr.write(`clvkit: error [${error.code}]: ${error.message.replace(/^clvkit: /, '')}\n`);
      return error.code === 'INVALID_OPTIONS' ? EXIT_USAGE : EXIT_BAD_INPUT;
    }
    io.stderr.write(`clvkit: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_BAD_INPUT;
  }
}

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
import { refuseOutputOntoInput, writeOutput } from './write-output.js';

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

/** Flags that name files clvkit writes (never inputs). */
const OUTPUT_FLAGS: Readonly<Record<string, string>> = { out: '--out', rejects: '--rejects', saveModel: '--save-model', outDir: '--out-dir' };

/** Flags that name files clvkit reads. */
const INPUT_FLAGS = ['model', 'spendModel', 'bands', 'book'] as const;

/** Every positional argument (an input file or book folder) and every input-file flag: the paths a command reads. */
function inputPaths(args: readonly unknown[], opts: Record<string, unknown>): string[] {
  const values = [...args.flat(), ...INPUT_FLAGS.map((k) => opts[k])];
  return values.filter((v): v is string => typeof v === 'string' && v !== '-' && v.length > 0);
}

/** Before any work: no output flag may name an input, and two output flags may not name one file. */
function checkOutputs(opts: Record<string, unknown>, inputs: readonly string[], cwd: string): void {
  const outputs = Object.entries(OUTPUT_FLAGS).filter(([k]) => k !== 'outDir' && typeof opts[k] === 'string' && opts[k] !== '-');
  for (const [key, flag] of outputs) refuseOutputOntoInput(opts[key] as string, cwd, inputs, flag);
  for (let i = 0; i < outputs.length; i++) {
    for (let j = i + 1; j < outputs.length; j++) {
      const a = resolve(cwd, opts[outputs[i]![0]] as string);
      const b = resolve(cwd, opts[outputs[j]![0]] as string);
      if (a === b) throw new UsageError(`options '${outputs[i]![1]}' and '${outputs[j]![1]}' name the same file`);
    }
  }
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
    const inputs = inputPaths(args, cmd.opts());
    checkOutputs(cmd.opts(), inputs, io.cwd ?? process.cwd());
    const ctx: CommandContext = { io, progress: createProgress(io), resolvePath: (p) => resolve(io.cwd ?? process.cwd(), p), inputs };
    let result: CommandResult;
    try {
      result = await command.run(parsed.data, ctx);
    } finally {
      ctx.progress.done();
    }
    if (result.written === true) return;
    writeOutput(render(result, options.format ?? command.formats[0]!, options.bom, command.name), options.out, io, inputs);
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
    .description(
      'Customer segmentation and lifetime-value analytics for retail banks.\nRun `clvkit <command> --help` for a command’s flags and a runnable example.',
    )
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

import { readTable } from '../io/read-table.js';
import type { CommandContext } from './command.js';
import { inputSource, readerFlags, reportRejects, type CsvInputOptions } from './input.js';

/**
 * Read named numeric columns of a row table (e.g. BG/BB patterns `frequency,recency,periods,weights`, or sBG
 * rows `periods,churned`) with the command's CSV dialect and reject handling. `optional` columns may be absent.
 */
export async function readNumericColumns(
  input: string,
  columns: Readonly<Record<string, { readonly source: string; readonly optional?: boolean }>>,
  o: CsvInputOptions,
  ctx: CommandContext,
): Promise<Record<string, Float64Array | undefined>> {
  const spec: Record<string, { source: string; type: 'number'; optional: boolean }> = {};
  for (const [name, c] of Object.entries(columns)) spec[name] = { source: c.source, type: 'number', optional: c.optional === true };
  const data = await readColumns(input, spec, o, ctx);
  const out: Record<string, Float64Array | undefined> = {};
  for (const name of Object.keys(columns)) out[name] = data.columns[name] as Float64Array | undefined;
  return out;
}

/**
 * Read a row table with the command's CSV dialect and columns `spec`, ending the progress line and reporting
 * rejects as the command's `--on-invalid` says (the shared core of the CLI's table readers).
 */
export async function readColumns(
  input: string,
  spec: NonNullable<Parameters<typeof readTable>[1]>['columns'],
  o: CsvInputOptions,
  ctx: CommandContext,
): Promise<Awaited<ReturnType<typeof readTable>>> {
  let data: Awaited<ReturnType<typeof readTable>>;
  try {
    data = await readTable(inputSource(input, ctx), { ...readerFlags(input, o, ctx), columns: spec });
  } finally {
    ctx.progress.done();
  }
  reportRejects(data.stats, data.rejects, o, ctx);
  return data;
}

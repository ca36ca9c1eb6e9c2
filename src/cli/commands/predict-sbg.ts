import type { FittedShiftedBetaGeometricModel } from '../../clv/sbg/fit-shifted-beta-geometric.js';
import { ClvkitError } from '../../errors.js';
import { readTable } from '../../io/read-table.js';
import type { CommandContext } from '../command.js';
import { columnTable, type ColumnTable } from '../column-table.js';
import { inputSource, readerFlags, reportRejects, type CsvInputOptions } from '../input.js';

/** The flags `clvkit predict` reads for an sBG model. */
export interface SbgPredictFlags extends CsvInputOptions {
  readonly periodsCol: string;
  readonly churnedCol: string;
  /** Whole contract periods ahead for `survival`. */
  readonly horizon: number;
  /** Discount rate per contract period, > 0, for `derl`. */
  readonly discountRate: number;
}

/**
 * `clvkit predict` on a saved sBG model: per row of a table of customers (`periods` = whole periods on the
 * book so far, optional `churned` 1/0, optional customer id column), with t = periods and h = `--horizon`:
 *
 * - `survival` = S(t + h)/S(t) = P(T > t + h | T > t): still on the book after h more periods (0 once churned);
 * - `next_retention` = (β + t)/(α + β + t): the next renewal's probability (0 once churned);
 * - `derl` = DERL(d) (Fader & Hardie 2010 eq. 6): discounted expected renewals still to come, d per period (0 once churned).
 *
 * @throws ClvkitError INVALID_VALUE (periods not whole numbers ≥ 0, churned not 1/0, horizon not a whole number),
 *   MISSING_COLUMN (no periods column), EMPTY_INPUT; the reader's errors name file, line and column.
 */
export async function predictSbg(model: FittedShiftedBetaGeometricModel, input: string, o: SbgPredictFlags, ctx: CommandContext): Promise<ColumnTable> {
  const fn = 'clvkit';
  if (!Number.isInteger(o.horizon)) {
    throw new ClvkitError('INVALID_VALUE', `--horizon must be a whole number of contract periods for an sBG model, got ${o.horizon}`, {
      fn,
      path: ['horizon'],
      value: o.horizon,
    });
  }
  let data: Awaited<ReturnType<typeof readTable>>;
  try {
    data = await readTable(inputSource(input, ctx), {
      ...readerFlags(input, o, ctx),
      columns: {
        id: { source: o.customerIdCol, type: 'string', optional: true },
        periods: { source: o.periodsCol, type: 'number' },
        churned: { source: o.churnedCol, type: 'number', optional: true },
      },
    });
  } finally {
    ctx.progress.done();
  }
  reportRejects(data.stats, data.rejects, o, ctx);
  if (data.length === 0) throw new ClvkitError('EMPTY_INPUT', 'the table has no rows', { fn, file: input });
  const periods = data.columns.periods as Float64Array;
  const churnedColumn = data.columns.churned as Float64Array | undefined;
  const customers = churnedColumn === undefined ? { periods } : { periods, churned: churnedColumn };
  // The model's own checks name the row (periods whole and ≥ 0, churned 1/0).
  const nextRetention = model.nextRetention(customers);
  const derl = model.discountedExpectedResidualLifetime(o.discountRate, customers);
  const survival = new Float64Array(data.length);
  const cache = new Map<number, number>();
  for (let i = 0; i < data.length; i++) {
    if (churnedColumn?.[i] === 1) continue;
    const t = periods[i]!;
    let s = cache.get(t);
    if (s === undefined) {
      s = model.survival(t + o.horizon) / model.survival(t);
      cache.set(t, s);
    }
    survival[i] = s;
  }
  const churned = churnedColumn ?? new Float64Array(data.length);
  return columnTable({
    ...(data.columns.id !== undefined ? { customer_id: data.columns.id as string[] } : {}),
    periods,
    churned,
    survival,
    next_retention: nextRetention,
    derl,
  });
}

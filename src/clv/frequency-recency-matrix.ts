import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import type { FittedTransactionModel } from './transaction-model.js';

const finiteNumber = z.number().refine(Number.isFinite, 'must be finite');

const frequencyRecencyMatrixSchema = z
  .object({
    /** Customer age T (> 0), in the model's time unit, for every cell. */
    T: finiteNumber.refine((v) => v > 0, 'must be > 0'),
    /** Largest frequency x (rows 0..maxFrequency). */
    maxFrequency: z.number().int().min(0).max(100_000),
    /** Largest recency t_x (≤ T; default T). */
    maxRecency: finiteNumber.refine((v) => v >= 0, 'must be ≥ 0').optional(),
    /** Number of recency columns, evenly spaced over [0, maxRecency] (default 51). */
    recencySteps: z.number().int().min(2).max(10_000).default(51),
    /** Horizon of the expected transactions, in the model's time unit (default 1). */
    t: finiteNumber.refine((v) => v >= 0, 'must be ≥ 0').default(1),
  })
  .strict();

/** Options of frequencyRecencyMatrix. */
export type FrequencyRecencyMatrixOptions = z.input<typeof frequencyRecencyMatrixSchema>;

/** Expected transactions and P(alive) on a frequency × recency grid, row-major (row = frequency). */
export interface FrequencyRecencyMatrix {
  /** Row values: x = 0, 1, ..., maxFrequency. */
  readonly frequency: Float64Array;
  /** Column values: t_x from 0 to maxRecency. */
  readonly recency: Float64Array;
  readonly T: number;
  readonly t: number;
  readonly rows: number;
  readonly columns: number;
  /** E[Y(t) | x, t_x, T] at cell (row i, column j) = expected[i·columns + j]. */
  readonly expected: Float64Array;
  /** P(alive | x, t_x, T), same layout. */
  readonly probabilityAlive: Float64Array;
}

/**
 * The matrices behind lifetimes' frequency/recency and probability-alive charts, for any fitted
 * transaction model: for every frequency x in 0..maxFrequency and recency t_x on an even grid over
 * [0, maxRecency], the expected transactions in the next `t` and P(alive), at customer age `T`.
 * Frequency 0 has recency 0 by definition (no repeat purchase), so its row repeats the t_x = 0 value.
 *
 * @throws INVALID_OPTIONS (bad options, maxRecency > T), NUMERIC_FAILURE (from the model).
 * @example
 * // model: the BG/NBD fit of the fitBgNbd example
 * const m = frequencyRecencyMatrix(model, { T: 38.86, maxFrequency: 2, recencySteps: 2, t: 39 });
 * m.recency;          // Float64Array [0, 38.86]
 * m.expected;         // Float64Array [0.1843, 0.1843, 0.1354, 0.7164, 0.0389, 1.3905] (rounded; row x = 0, 1, 2)
 * m.probabilityAlive; // Float64Array [1, 1, 0.1413, 0.7477, 0.0228, 0.8157] (rounded)
 */
export function frequencyRecencyMatrix(model: FittedTransactionModel, options: FrequencyRecencyMatrixOptions): FrequencyRecencyMatrix {
  const fn = 'frequencyRecencyMatrix';
  const o = parseOptions(frequencyRecencyMatrixSchema, options, fn);
  const maxRecency = o.maxRecency ?? o.T;
  if (maxRecency > o.T) {
    throw new ClvkitError('INVALID_OPTIONS', `maxRecency (${maxRecency}) must be ≤ T (${o.T})`, { fn, path: ['maxRecency'], value: maxRecency });
  }
  const rows = o.maxFrequency + 1;
  const columns = o.recencySteps;
  const recency = new Float64Array(columns);
  for (let j = 0; j < columns; j++) recency[j] = j === columns - 1 ? maxRecency : (maxRecency * j) / (columns - 1);
  const frequency = new Float64Array(rows);
  for (let i = 0; i < rows; i++) frequency[i] = i;
  const n = rows * columns;
  const cells = { frequency: new Float64Array(n), recency: new Float64Array(n), T: new Float64Array(n).fill(o.T) };
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      cells.frequency[i * columns + j] = i;
      cells.recency[i * columns + j] = i === 0 ? 0 : recency[j]!;
    }
  }
  return {
    frequency,
    recency,
    T: o.T,
    t: o.t,
    rows,
    columns,
    expected: model.conditionalExpectedTransactions(o.t, cells),
    probabilityAlive: model.probabilityAlive(cells),
  };
}

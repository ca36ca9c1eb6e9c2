import { ClvkitError } from '../../errors.js';
import type { RfmColumns } from '../transaction-model.js';
import { requireColumn } from '../../validate.js';

/** Validated per-customer columns, copied into Float64Arrays. */
export interface CheckedRfm {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
}

/**
 * The one central check of the transaction models' domain rules on (x, t_x, T) columns; every
 * fit and prediction calls it. Returns copies (never the caller's arrays).
 *
 * Continuous time (default): x a non-negative integer, 0 ≤ t_x ≤ T, T ≥ 0, t_x = 0 when x = 0.
 * T = 0 is a customer first seen at the very end of the period (so x = 0): the data say nothing
 * about them yet, their likelihood term is 0 and every prediction is the new-customer one.
 * Discrete time (`discrete: true`, BG/BB): x, t_x, T integers, T ≥ 1, 0 ≤ x ≤ t_x ≤ T,
 * and t_x = 0 exactly when x = 0.
 *
 * @throws LENGTH_MISMATCH when the columns differ in length; EMPTY_INPUT when there are no rows;
 *   INVALID_VALUE (with `column` and `index`) for a non-finite value or a broken rule.
 * @example
 * checkRfmColumns({ frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }, { fn: 'fitBgNbd' }).recency
 * // Float64Array [30.43, 0]
 */
export function checkRfmColumns(columns: RfmColumns, options: { fn: string; discrete?: boolean }): CheckedRfm {
  const { fn } = options;
  const discrete = options.discrete === true;
  if (columns === null || typeof columns !== 'object') {
    throw new ClvkitError('INVALID_VALUE', 'expected an object with frequency, recency and T columns', { fn, value: columns });
  }
  for (const name of ['frequency', 'recency', 'T'] as const) {
    // Absent: MISSING_COLUMN; present but not an array: INVALID_VALUE (one code per fault, everywhere).
    requireColumn(columns as unknown as Readonly<Record<string, unknown>>, name, fn);
  }
  const n = columns.frequency.length;
  for (const name of ['recency', 'T'] as const) {
    if (columns[name].length !== n) {
      throw new ClvkitError('LENGTH_MISMATCH', `column has ${columns[name].length} entries, expected ${n} (as frequency)`, { fn, column: name });
    }
  }
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const bad = (column: string, index: number, value: unknown, reason: string): never => {
    throw new ClvkitError('INVALID_VALUE', reason, { fn, column, index, value });
  };
  for (let i = 0; i < n; i++) {
    const x = columns.frequency[i]!;
    const tx = columns.recency[i]!;
    const t = columns.T[i]!;
    if (typeof x !== 'number' || !Number.isFinite(x)) bad('frequency', i, x, 'expected a finite number');
    if (typeof tx !== 'number' || !Number.isFinite(tx)) bad('recency', i, tx, 'expected a finite number');
    if (typeof t !== 'number' || !Number.isFinite(t)) bad('T', i, t, 'expected a finite number');
    if (x < 0 || !Number.isInteger(x)) bad('frequency', i, x, 'frequency must be a non-negative integer');
    if (discrete) {
      if (t < 1 || !Number.isInteger(t)) bad('T', i, t, 'T (number of opportunities) must be a positive integer');
      if (tx < 0 || !Number.isInteger(tx)) bad('recency', i, tx, 'recency must be a non-negative integer opportunity');
      if (tx > t) bad('recency', i, tx, `recency must be ≤ T (${t})`);
      if (x > tx) bad('frequency', i, x, `frequency must be ≤ recency (${tx})`);
      if ((x === 0) !== (tx === 0)) bad('recency', i, tx, 'recency must be 0 exactly when frequency is 0');
    } else {
      if (!(t >= 0)) bad('T', i, t, 'T must be ≥ 0');
      if (t === 0 && x !== 0) bad('frequency', i, x, 'frequency must be 0 when T is 0');
      if (tx < 0) bad('recency', i, tx, 'recency must be ≥ 0');
      if (tx > t) bad('recency', i, tx, `recency must be ≤ T (${t})`);
      if (x === 0 && tx !== 0) bad('recency', i, tx, 'recency must be 0 when frequency is 0');
    }
    frequency[i] = x;
    recency[i] = tx === 0 ? 0 : tx;
    T[i] = t;
  }
  return { frequency, recency, T };
}

/**
 * A continuous-time fit needs at least one customer (with a weight > 0) observed for some time: a
 * customer with T = 0 contributes a likelihood term of exactly 0 whatever the parameters, so on data
 * where every customer has T = 0 there is nothing to fit (the optimiser would stop at its start point
 * and call that converged).
 *
 * @throws TOO_FEW_VALUES (column `T`) when no customer with a positive weight has T > 0.
 * @example
 * requireObservationTime(Float64Array.of(0, 0), undefined, 'fitBgNbd');
 * // throws ClvkitError TOO_FEW_VALUES: "fitBgNbd: no customer has any observation time (T = 0 for everyone): there is nothing to fit (column T)"
 */
export function requireObservationTime(T: Float64Array, weights: ArrayLike<number> | undefined, fn: string): void {
  for (let i = 0; i < T.length; i++) if (T[i]! > 0 && (weights === undefined || weights[i]! > 0)) return;
  throw new ClvkitError('TOO_FEW_VALUES', 'no customer has any observation time (T = 0 for everyone): there is nothing to fit', {
    fn,
    column: 'T',
  });
}

/**
 * A CustomerSummary carries the unit its recency and T are in; a model predicts in its own. Applying a model
 * fitted in days to a summary in weeks would silently scale every rate by 7 (a 12-month CLV 4.3× too large
 * for days vs weeks), so a summary whose `timeUnit` differs from the model's is refused. Plain columns carry
 * no unit and are taken to be in the model's.
 *
 * @throws UNIT_MISMATCH (details `modelTimeUnit`, `summaryTimeUnit`) when `customers.timeUnit` is a string other than `modelUnit`.
 * @example
 * checkCustomerTimeUnit({ frequency: [0], recency: [0], T: [3], timeUnit: 'week' }, 'day', 'probabilityAlive')
 * // throws ClvkitError UNIT_MISMATCH: "probabilityAlive: the model is in days but the customers' summary in weeks …"
 */
export function checkCustomerTimeUnit(customers: unknown, modelUnit: string, fn: string): void {
  if (customers === null || typeof customers !== 'object' || !('timeUnit' in customers)) return;
  const unit = (customers as { timeUnit?: unknown }).timeUnit;
  if (unit === undefined || unit === modelUnit) return;
  throw new ClvkitError(
    'UNIT_MISMATCH',
    `the model is in ${describeUnit(modelUnit)} but the customers' summary in ${describeUnit(unit)}: summarise the transactions in the model's unit (timeUnit: '${modelUnit}') or refit the model on this summary`,
    { fn, modelTimeUnit: modelUnit, summaryTimeUnit: unit },
  );
}

function describeUnit(unit: unknown): string {
  return unit === 'period' ? 'discrete periods' : typeof unit === 'string' ? `${unit}s` : String(unit);
}

import { ClvkitError } from '../../errors.js';
import { requireArrayLike, requireTable } from '../../validate.js';
import type { SbgCounts } from './sbg-log-likelihood.js';

/** One cohort: `customers` acquired together, and how many of them are still on the book after period 1, 2, …, k. */
export interface SbgCohort {
  /** n₀, the cohort's size at acquisition (> 0). */
  readonly customers: number;
  /** n₁ ≥ n₂ ≥ … ≥ n_k ≥ 0: survivors after each period (may be empty: a cohort acquired this period). */
  readonly survivors: readonly number[];
}

/**
 * What {@link fitShiftedBetaGeometric} reads: either survivor counts of one or more cohorts, or one row per
 * customer with the whole periods observed and whether the customer churned.
 * - `{ cohorts: [{ customers: 1000, survivors: [631, 468, …] }] }`;
 * - `{ periods, churned }`: `periods[i]` whole ≥ 0; `churned[i]` true/1 = the customer left at the end of
 *   period `periods[i]` (lifetime T = periods, ≥ 1), false/0 = still on the book after `periods[i]` periods
 *   (right-censored, T > periods).
 */
export type SbgData = { readonly cohorts: readonly SbgCohort[] } | { readonly periods: ArrayLike<number>; readonly churned: ArrayLike<boolean | number> };

/** Largest period handled (the likelihood loops over periods; 1e6 months is 83,000 years). */
export const MAX_SBG_PERIOD = 1_000_000;

/**
 * Check sBG data and reduce it to its sufficient counts (churned at t, survived t). Per-customer rows may
 * carry weights. Nothing is dropped: every bad entry throws, naming the place.
 *
 * @throws INVALID_VALUE (not data, a count that is not finite and ≥ 0, survivors that rise or exceed the cohort,
 *   a period that is not a whole number in 0..1e6, a churned customer with 0 periods, a flag that is not
 *   boolean or 0/1), LENGTH_MISMATCH, EMPTY_INPUT (no customers), INVALID_OPTIONS (weights with cohorts),
 *   TOO_FEW_VALUES (nobody churned: the maximum is at α = 0, nothing can be estimated).
 */
export function sbgCounts(data: SbgData, fn: string, weights?: ArrayLike<number>): { counts: SbgCounts; customers: number } {
  const result = sbgCountsOf(data, fn, weights);
  let churned = 0;
  for (let t = 1; t < result.counts.churned.length; t++) churned += result.counts.churned[t]!;
  if (!(churned > 0)) {
    throw new ClvkitError(
      'TOO_FEW_VALUES',
      'no customer churned in the data: the likelihood rises without bound towards α = 0, so retention cannot be estimated',
      { fn },
    );
  }
  return result;
}

function sbgCountsOf(data: SbgData, fn: string, weights?: ArrayLike<number>): { counts: SbgCounts; customers: number } {
  const table = requireTable(data, fn, 'sBG data: { cohorts } or { periods, churned }');
  if ('cohorts' in table) {
    if ('periods' in table || 'churned' in table) {
      throw new ClvkitError('INVALID_VALUE', 'give either cohorts or per-customer periods and churned, not both', { fn });
    }
    if (weights !== undefined) {
      throw new ClvkitError('INVALID_OPTIONS', 'weights apply to per-customer rows; a cohort already counts its customers', { fn, path: ['weights'] });
    }
    return cohortCounts(table['cohorts'], fn);
  }
  return customerCounts(table, fn, weights);
}

function cohortCounts(cohorts: unknown, fn: string): { counts: SbgCounts; customers: number } {
  if (!Array.isArray(cohorts)) throw new ClvkitError('INVALID_VALUE', 'cohorts must be an array of { customers, survivors }', { fn, column: 'cohorts' });
  if (cohorts.length === 0) throw new ClvkitError('EMPTY_INPUT', 'no cohorts', { fn, column: 'cohorts' });
  let maxPeriod = 0;
  cohorts.forEach((cohort: unknown, i) => {
    const c = requireTable(cohort, fn, `cohorts[${i}]: { customers, survivors }`);
    const place = { fn, column: `cohorts[${i}]` };
    const n0 = c['customers'];
    if (typeof n0 !== 'number' || !Number.isFinite(n0) || !(n0 > 0)) {
      throw new ClvkitError('INVALID_VALUE', 'customers must be a finite number > 0', { ...place, value: n0 });
    }
    const survivors = requireArrayLike(c['survivors'], `cohorts[${i}].survivors`, fn);
    if (survivors.length > MAX_SBG_PERIOD) throw new ClvkitError('INVALID_VALUE', `more than ${MAX_SBG_PERIOD} periods`, place);
    let previous = n0;
    for (let t = 0; t < survivors.length; t++) {
      const v = survivors[t];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new ClvkitError('INVALID_VALUE', 'survivors must be finite numbers ≥ 0', { ...place, index: t, value: v });
      }
      if (v > previous) {
        throw new ClvkitError(
          'INVALID_VALUE',
          `survivors cannot rise: ${v} after period ${t + 1} but ${previous} ${t === 0 ? 'acquired' : `after period ${t}`}`,
          {
            ...place,
            index: t,
            value: v,
          },
        );
      }
      previous = v;
    }
    maxPeriod = Math.max(maxPeriod, survivors.length);
  });
  const churned = new Float64Array(maxPeriod + 1);
  const survived = new Float64Array(maxPeriod + 1);
  let customers = 0;
  for (const cohort of cohorts as SbgCohort[]) {
    const n0 = cohort.customers;
    customers += n0;
    let previous = n0;
    const k = cohort.survivors.length;
    for (let t = 1; t <= k; t++) {
      const n = cohort.survivors[t - 1]!;
      churned[t] = churned[t]! + (previous - n);
      previous = n;
    }
    survived[k] = survived[k]! + previous;
  }
  return { counts: { churned, survived }, customers };
}

function customerCounts(table: Readonly<Record<string, unknown>>, fn: string, weights?: ArrayLike<number>): { counts: SbgCounts; customers: number } {
  for (const column of ['periods', 'churned']) {
    if (!(column in table)) throw new ClvkitError('MISSING_COLUMN', `sBG data needs cohorts, or the columns periods and churned`, { fn, column });
  }
  const periods = requireArrayLike(table['periods'], 'periods', fn);
  const churnedFlags = requireArrayLike(table['churned'], 'churned', fn);
  const n = periods.length;
  if (churnedFlags.length !== n)
    throw new ClvkitError('LENGTH_MISMATCH', `column has ${churnedFlags.length} entries, expected ${n}`, { fn, column: 'churned' });
  if (weights !== undefined && weights.length !== n)
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${weights.length} entries, expected ${n}`, { fn, column: 'weights' });
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn, column: 'periods' });
  let maxPeriod = 0;
  for (let i = 0; i < n; i++) {
    const t = periods[i];
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > MAX_SBG_PERIOD) {
      throw new ClvkitError('INVALID_VALUE', `periods must be whole numbers in 0..${MAX_SBG_PERIOD}`, { fn, column: 'periods', index: i, value: t });
    }
    const flag = churnedFlags[i];
    if (flag !== true && flag !== false && flag !== 0 && flag !== 1) {
      throw new ClvkitError('INVALID_VALUE', 'churned must be true/false or 1/0', { fn, column: 'churned', index: i, value: flag });
    }
    if ((flag === true || flag === 1) && t === 0) {
      throw new ClvkitError('INVALID_VALUE', 'a churned customer has a lifetime of at least 1 period', { fn, column: 'periods', index: i, value: t });
    }
    if (t > maxPeriod) maxPeriod = t;
  }
  const churned = new Float64Array(maxPeriod + 1);
  const survived = new Float64Array(maxPeriod + 1);
  let customers = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const t = periods[i] as number;
    const flag = churnedFlags[i];
    if (flag === true || flag === 1) churned[t] = churned[t]! + w;
    else survived[t] = survived[t]! + w;
    customers += w;
  }
  if (!(customers > 0)) throw new ClvkitError('EMPTY_INPUT', 'the weights sum to 0: no customers to fit', { fn, column: 'weights' });
  return { counts: { churned, survived }, customers };
}

import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { checkFiniteResult, parseOptions, requireArrayLike } from '../validate.js';
import { DEFAULT_TIER_BANDS, bandIndexOf, checkTierBands, describeTiers, tierBandSchema } from './tier-bands.js';
import type { TierDescriptor } from './tier-bands.js';
import { TIER_ASSIGNMENT_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

const assignTiersSchema = z
  .object({
    /** Sorted, contiguous half-open bands `[lower, upper)`; default {@link DEFAULT_TIER_BANDS} (CNY AUM). */
    bands: z.array(tierBandSchema).default(() => DEFAULT_TIER_BANDS.map((b) => ({ ...b }))),
    /** Currency of the values and bounds (reported, never converted). */
    currency: z.string().min(1).default('CNY'),
    /** What the values are, for reports (default `aum`). */
    valueName: z.string().min(1).default('aum'),
    /** Customer ids aligned with the values (needed by {@link tierMigration}, which checks they are unique). */
    customerId: z.custom<readonly string[]>((v) => Array.isArray(v), { message: 'expected an array of strings' }).optional(),
  })
  .strict();

export type AssignTiersOptions = z.input<typeof assignTiersSchema>;

/** One row of the tier table: the band and its customers. */
export interface TierRow extends TierDescriptor {
  readonly count: number;
  /** count / customers. */
  readonly share: number;
  /** Sum of the band's values. */
  readonly totalValue: number;
  /** totalValue / the sum over all customers; 0 for every band when that sum is 0. */
  readonly valueShare: number;
}

/** The result of {@link assignTiers}. */
export interface TierAssignment {
  readonly length: number;
  readonly currency: string;
  readonly valueName: string;
  /** Present when `options.customerId` was given. */
  readonly customerId?: readonly string[];
  /** Per customer: index into `table` (0 = lowest band). */
  readonly tierIndex: Uint8Array;
  /** Per customer: the band key. */
  readonly tierKey: readonly string[];
  /** One row per band, lowest first (bands with no customers included). */
  readonly table: readonly TierRow[];
  readonly totalValue: number;
}

/**
 * Asset-band tiering: each customer's value (AUM by default) falls in exactly one half-open band
 * `lower ≤ value < upper` — 199,999.99 is mass retail, 200,000 affluent with the default CNY bands
 * (普通 < 20万 ≤ 中高端 < 100万 ≤ 高端 < 200万 ≤ 高净值 < 600万 ≤ 私人银行). Bands are configurable (labels
 * en + zh-CN, service level, currency) and checked: sorted, contiguous, non-overlapping, −Infinity only as
 * the first lower bound, Infinity only as the last upper bound. Negative values (an overdrawn customer) go to
 * the lowest band when it starts at −Infinity, as the default's does; with a finite first lower bound a
 * value below it is an error, never silently dropped.
 *
 * @throws EMPTY_INPUT no values; INVALID_VALUE a non-finite value or one outside every band; INVALID_CONFIG
 *   bad bands; INVALID_OPTIONS malformed options; LENGTH_MISMATCH customerId of another length (a non-string id is INVALID_VALUE);
 *   INVALID_VALUE when `values` is not an array; NUMERIC_FAILURE when a band total or the grand total overflows a double.
 * @example
 * const t = assignTiers([150_000, 199_999.99, 200_000, 2_500_000, -300], {});
 * t.tierKey;                         // ['mass', 'mass', 'affluent', 'high_net_worth', 'mass']
 * t.table.map((r) => r.count);       // [3, 1, 0, 1, 0]
 * t.table[3].serviceLevel;           // 'Senior relationship manager with a product team'
 */
export function assignTiers(values: ArrayLike<number>, options?: AssignTiersOptions): Displayed<TierAssignment> {
  const fn = 'assignTiers';
  const opts = parseOptions(assignTiersSchema, options, fn);
  const bands = opts.bands;
  checkTierBands(bands, fn);
  if (bands.length > 255) throw new ClvkitError('INVALID_CONFIG', 'at most 255 bands', { fn, path: ['bands'] });
  const N = requireArrayLike(values, opts.valueName, fn).length;
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'no values', { fn });
  if (opts.customerId !== undefined) {
    if (opts.customerId.length !== N) {
      throw new ClvkitError('LENGTH_MISMATCH', `customerId has ${opts.customerId.length} entries, expected ${N}`, { fn, column: 'customerId' });
    }
    for (let i = 0; i < N; i++) {
      const id = opts.customerId[i];
      if (typeof id !== 'string') throw new ClvkitError('INVALID_VALUE', 'customer id must be a string', { fn, column: 'customerId', index: i, value: id });
    }
  }
  const k = bands.length;
  const tierIndex = new Uint8Array(N);
  const tierKey: string[] = new Array<string>(N);
  const count = new Float64Array(k);
  const total = new Float64Array(k);
  let grand = 0;
  for (let i = 0; i < N; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column: opts.valueName, index: i, value: v });
    const b = bandIndexOf(v, bands);
    if (b < 0) throw new ClvkitError('INVALID_VALUE', 'value is outside every band', { fn, column: opts.valueName, index: i, value: v });
    tierIndex[i] = b;
    tierKey[i] = bands[b]!.key;
    count[b]! += 1;
    total[b]! += v;
    grand += v;
  }
  // Finite values can still overflow when added (two of 1.7e308): an infinite total would make every share NaN.
  checkFiniteResult(grand, 'the total value', fn, { column: opts.valueName });
  for (let b = 0; b < k; b++) checkFiniteResult(total[b]!, `the total value of band ${bands[b]!.key}`, fn, { column: opts.valueName });
  const table: TierRow[] = describeTiers(bands).map((band, b) => ({
    ...band,
    count: count[b]!,
    share: count[b]! / N,
    totalValue: total[b]!,
    valueShare: grand === 0 ? 0 : total[b]! / grand,
  }));
  return withDisplay(
    {
      length: N,
      currency: opts.currency,
      valueName: opts.valueName,
      ...(opts.customerId !== undefined ? { customerId: [...opts.customerId] } : {}),
      tierIndex,
      tierKey,
      table,
      totalValue: grand,
    },
    TIER_ASSIGNMENT_DISPLAY,
  );
}

import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions, requireColumn, requireTable } from '../validate.js';
import { DEFAULT_TIER_BANDS, bandIndexOf, checkTierBands, describeTiers, tierBandSchema } from './tier-bands.js';
import type { TierDescriptor } from './tier-bands.js';
import { TIERS_OVER_TIME_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

const assignTiersOverTimeSchema = z
  .object({
    /** Sorted, contiguous half-open bands; default {@link DEFAULT_TIER_BANDS} (CNY AUM). */
    bands: z.array(tierBandSchema).default(() => DEFAULT_TIER_BANDS.map((b) => ({ ...b }))),
    currency: z.string().min(1).default('CNY'),
    /** The snapshot column holding the value (default `aum`, as in BankSnapshots). */
    valueColumn: z.string().min(1).default('aum'),
    /** Absolute grace margin in currency units (≥ 0). */
    margin: z.number().nonnegative().default(0),
    /** Grace margin as a fraction of the boundary, 0 ≤ r < 1 (e.g. 0.05: 5% of 200,000 = 10,000). */
    relativeMargin: z.number().min(0).lt(1).default(0),
    /** Consecutive months a move must be indicated before it happens (1 = at once). */
    confirmMonths: z.number().int().min(1).max(120).default(1),
  })
  .strict();

export type AssignTiersOverTimeOptions = z.input<typeof assignTiersOverTimeSchema>;

/** Monthly snapshots: one row per customer and month (BankSnapshots fits). */
export interface TierSnapshots {
  /** Per row: customer index (non-negative integer). */
  readonly customer: ArrayLike<number>;
  /** Per row: month index (non-negative integer; consecutive months differ by 1). */
  readonly month: ArrayLike<number>;
}

/** The result of {@link assignTiersOverTime}. */
export interface TiersOverTime {
  /** Number of snapshot rows. */
  readonly length: number;
  readonly currency: string;
  readonly tiers: readonly TierDescriptor[];
  /** Per input row (input order): the tier after hysteresis. */
  readonly tierIndex: Uint8Array;
  /** Per input row: the plain band of the value (no hysteresis). */
  readonly rawTierIndex: Uint8Array;
  /** One entry per distinct customer, ascending by customer index. */
  readonly customers: {
    readonly customer: Uint32Array;
    /** Month of the customer's last snapshot. */
    readonly lastMonth: Uint32Array;
    /** Tier at the last snapshot. */
    readonly tierIndex: Uint8Array;
    /** Tier changes with hysteresis. */
    readonly moves: Uint32Array;
    /** Changes of the plain band, for comparison. */
    readonly rawMoves: Uint32Array;
  };
  /** Total tier changes with hysteresis and of the plain bands. */
  readonly moves: number;
  readonly rawMoves: number;
  /** Per month present in the data (ascending): customers per tier after hysteresis. */
  readonly byMonth: readonly { readonly month: number; readonly counts: readonly number[] }[];
}

function integerColumn(values: ArrayLike<number>, column: string, length: number, fn: string): ArrayLike<number> {
  if (values.length !== length) throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${length}`, { fn, column });
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new ClvkitError('INVALID_VALUE', 'expected a non-negative integer', { fn, column, index: i, value: v });
    }
  }
  return values;
}

/**
 * Tiers over time with hysteresis, so that a customer whose AUM hovers around a boundary does not flap
 * between tiers every month.
 *
 * Per customer, months in order: the first snapshot gets its plain band. After that, with boundary
 * Bₛ = `bands[s].lower` and margin mₛ = `margin` + `relativeMargin`·|Bₛ|, let
 * U = the highest s with value ≥ Bₛ + mₛ (the band the value clearly reaches) and
 * D = the highest s with value ≥ Bₛ − mₛ (the band the value is not clearly below), U ≤ D.
 * If U > current the month indicates a move **up** to U; if D < current, a move **down** to D; otherwise
 * none. A move happens once it has been indicated in the same direction for `confirmMonths` consecutive
 * months; it then goes to the most conservative target seen in the run (the lowest U going up, the highest D
 * going down). A month without an indication, a change of direction, or a gap in the customer's months resets
 * the run. With margin 0 and confirmMonths 1 this is the plain band every month.
 *
 * @throws EMPTY_INPUT no rows; MISSING_COLUMN the value column is absent; LENGTH_MISMATCH columns of unequal
 *   length; INVALID_VALUE `snapshots` not an object of columns, a non-integer customer/month, a non-finite value or one outside every band;
 *   DUPLICATE_ID two rows for the same customer and month; INVALID_CONFIG bad bands; INVALID_OPTIONS
 *   malformed options (negative margin, relativeMargin ≥ 1, confirmMonths < 1).
 * @example
 * const t = assignTiersOverTime(
 *   { customer: [0, 0, 0, 0, 0], month: [0, 1, 2, 3, 4], aum: [199_000, 201_000, 199_000, 201_000, 215_000] },
 *   { margin: 10_000 },
 * );
 * Array.from(t.rawTierIndex); // [0, 1, 0, 1, 1]  (three flips)
 * Array.from(t.tierIndex);    // [0, 0, 0, 0, 1]  (one move, when 215,000 clears 200,000 + 10,000)
 */
export function assignTiersOverTime<S extends TierSnapshots>(snapshots: S, options?: AssignTiersOverTimeOptions): Displayed<TiersOverTime> {
  const fn = 'assignTiersOverTime';
  const opts = parseOptions(assignTiersOverTimeSchema, options, fn);
  const bands = opts.bands;
  checkTierBands(bands, fn);
  if (bands.length > 255) throw new ClvkitError('INVALID_CONFIG', 'at most 255 bands', { fn, path: ['bands'] });
  const k = bands.length;
  const up = new Float64Array(k);
  const down = new Float64Array(k);
  for (let s = 1; s < k; s++) {
    const b = bands[s]!.lower;
    const m = opts.margin + opts.relativeMargin * Math.abs(b);
    // B ± (a + r·|B|) is strictly increasing in B for r < 1, so thresholds keep the order of the bounds.
    up[s] = b + m;
    down[s] = b - m;
  }

  const raw = requireTable(snapshots, fn, 'monthly snapshots (an object of columns)');
  const value = requireColumn(raw, opts.valueColumn, fn) as ArrayLike<number>;
  const N = value.length;
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'no snapshot rows', { fn });
  const customer = integerColumn(requireColumn(raw, 'customer', fn) as ArrayLike<number>, 'customer', N, fn);
  const month = integerColumn(requireColumn(raw, 'month', fn) as ArrayLike<number>, 'month', N, fn);

  const rawTierIndex = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    const v = value[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column: opts.valueColumn, index: i, value: v });
    const b = bandIndexOf(v, bands);
    if (b < 0) throw new ClvkitError('INVALID_VALUE', 'value is outside every band', { fn, column: opts.valueColumn, index: i, value: v });
    rawTierIndex[i] = b;
  }

  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => customer[a]! - customer[b]! || month[a]! - month[b]! || a - b);
  const tierIndex = new Uint8Array(N);
  const customers: number[] = [];
  const lastMonth: number[] = [];
  const finalTier: number[] = [];
  const moves: number[] = [];
  const rawMoves: number[] = [];
  const clearlyReached = (v: number, thresholds: Float64Array) => {
    let s = 0;
    while (s + 1 < k && v >= thresholds[s + 1]!) s++;
    return s;
  };

  let start = 0;
  while (start < N) {
    const c = customer[order[start]!]!;
    let end = start;
    while (end < N && customer[order[end]!]! === c) end++;
    let current = rawTierIndex[order[start]!]!;
    tierIndex[order[start]!] = current;
    let run = 0;
    let runDirection = 0;
    let runTarget = 0;
    let moved = 0;
    let rawMoved = 0;
    for (let p = start + 1; p < end; p++) {
      const i = order[p]!;
      const previous = order[p - 1]!;
      if (month[i] === month[previous]) {
        throw new ClvkitError('DUPLICATE_ID', 'two snapshots for the same customer and month', { fn, column: 'month', index: i, value: [c, month[i]] });
      }
      if (rawTierIndex[i] !== rawTierIndex[previous]) rawMoved++;
      if (month[i]! !== month[previous]! + 1) run = 0; // a gap breaks a run of consecutive months
      const v = value[i]!;
      const U = clearlyReached(v, up);
      const D = clearlyReached(v, down);
      const direction = U > current ? 1 : D < current ? -1 : 0;
      if (direction === 0) {
        run = 0;
      } else {
        const target = direction > 0 ? U : D;
        if (run > 0 && runDirection === direction) {
          run++;
          runTarget = direction > 0 ? Math.min(runTarget, target) : Math.max(runTarget, target);
        } else {
          run = 1;
          runDirection = direction;
          runTarget = target;
        }
        if (run >= opts.confirmMonths) {
          current = runTarget;
          moved++;
          run = 0;
        }
      }
      tierIndex[i] = current;
    }
    customers.push(c);
    lastMonth.push(month[order[end - 1]!]!);
    finalTier.push(current);
    moves.push(moved);
    rawMoves.push(rawMoved);
    start = end;
  }

  const monthCounts = new Map<number, number[]>();
  for (let i = 0; i < N; i++) {
    let counts = monthCounts.get(month[i]!);
    if (counts === undefined) monthCounts.set(month[i]!, (counts = new Array<number>(k).fill(0)));
    counts[tierIndex[i]!]!++;
  }
  const byMonth = [...monthCounts.entries()].sort((a, b) => a[0] - b[0]).map(([m, counts]) => ({ month: m, counts }));
  return withDisplay(
    {
      length: N,
      currency: opts.currency,
      tiers: describeTiers(bands),
      tierIndex,
      rawTierIndex,
      customers: {
        customer: Uint32Array.from(customers),
        lastMonth: Uint32Array.from(lastMonth),
        tierIndex: Uint8Array.from(finalTier),
        moves: Uint32Array.from(moves),
        rawMoves: Uint32Array.from(rawMoves),
      },
      moves: moves.reduce((a, b) => a + b, 0),
      rawMoves: rawMoves.reduce((a, b) => a + b, 0),
      byMonth,
    },
    TIERS_OVER_TIME_DISPLAY,
  );
}

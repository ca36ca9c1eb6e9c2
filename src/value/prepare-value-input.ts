// Checking a value input and gathering each customer's contribution, trend, balances and tier (split from value-decomposition.ts).
import { ClvkitError } from '../errors.js';
import { bandIndexOf } from '../tiers/tier-bands.js';
import type { TierBand } from '../tiers/tier-bands.js';
import { checkFiniteResult, checkLengths } from '../validate.js';
import { theilSenSlopeUnchecked } from './theil-sen-slope.js';
import { uniqueIds } from '../unique-ids.js';
import type { ValueInput } from './value-input.js';

/** Per-customer data gathered from the snapshots. Internal. */
export interface Prepared {
  readonly n: number;
  readonly asOf: number;
  readonly firstMonth: number;
  readonly onBook: Uint8Array;
  readonly current: Float64Array;
  readonly trendMonths: Uint16Array;
  readonly rawSlope: Float64Array;
  readonly hasSlope: Uint8Array;
  readonly aumNow: Float64Array;
  readonly productsNow: Float64Array;
  /** Row offsets per customer into `order` (sorted by month). */
  readonly start: Uint32Array;
  readonly order: Uint32Array;
  readonly month: Float64Array;
  readonly aum: Float64Array;
  readonly pAlive: Float64Array;
  readonly usesPAlive: boolean;
  readonly peerGroup: readonly string[] | undefined;
}

function numberColumn(values: ArrayLike<number> | undefined, column: string, N: number, fn: string, rule: 'finite' | 'index' | 'mask'): Float64Array {
  if (values === undefined || values === null || typeof values.length !== 'number') {
    throw new ClvkitError('MISSING_COLUMN', 'column is required', { fn, column });
  }
  if (values.length !== N) throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${N}`, { fn, column });
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    const v = values[j]!;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column, index: j, value: v });
    if (rule !== 'finite' && (!Number.isInteger(v) || v < 0 || v > (rule === 'mask' ? Number.MAX_SAFE_INTEGER : 0xffffffff))) {
      throw new ClvkitError('INVALID_VALUE', rule === 'mask' ? 'expected a product bit mask (integer ≥ 0)' : 'expected a non-negative integer', {
        fn,
        column,
        index: j,
        value: v,
      });
    }
    out[j] = v;
  }
  return out;
}

/** Check the input and gather each customer's current contribution, trend and latest balances. */
export function prepare(input: ValueInput, currentWindow: number, trendWindow: number, fn: string): Prepared {
  if (input === null || typeof input !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected { customerId, snapshots }', { fn, value: input });
  const ids = input.customerId;
  if (ids === undefined) throw new ClvkitError('MISSING_COLUMN', 'customerId is required', { fn, column: 'customerId' });
  if (!Array.isArray(ids)) throw new ClvkitError('INVALID_VALUE', 'customerId must be an array of strings', { fn, column: 'customerId' });
  const n = ids.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  uniqueIds(ids, { fn, column: 'customerId' });
  const s = input.snapshots;
  if (s === null || typeof s !== 'object') throw new ClvkitError('MISSING_COLUMN', 'snapshots are required', { fn, column: 'snapshots' });
  const N = s.customer?.length ?? 0;
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'no snapshot rows', { fn });
  const customer = numberColumn(s.customer, 'customer', N, fn, 'index');
  const month = numberColumn(s.month, 'month', N, fn, 'index');
  const netRevenue = numberColumn(s.netRevenue, 'netRevenue', N, fn, 'finite');
  const costToServe = numberColumn(s.costToServe, 'costToServe', N, fn, 'finite');
  const aum = numberColumn(s.aum, 'aum', N, fn, 'finite');
  const products = numberColumn(s.products, 'products', N, fn, 'mask');
  if (input.peerGroup !== undefined) {
    checkLengths({ peerGroup: input.peerGroup }, n, fn);
    input.peerGroup.forEach((g, i) => {
      if (typeof g !== 'string') throw new ClvkitError('INVALID_VALUE', 'peer groups must be strings', { fn, column: 'peerGroup', index: i, value: g });
    });
  }
  const pAlive = new Float64Array(n).fill(1);
  if (input.pAlive !== undefined) {
    checkLengths({ pAlive: input.pAlive }, n, fn);
    for (let i = 0; i < n; i++) {
      const p = input.pAlive[i]!;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1))
        throw new ClvkitError('INVALID_VALUE', 'P(alive) must be in [0, 1]', { fn, column: 'pAlive', index: i, value: p });
      pAlive[i] = p;
    }
  }

  // Counting sort of the rows by customer, then by month within a customer.
  const count = new Uint32Array(n + 1);
  let asOf = 0;
  let firstMonth = Infinity;
  for (let j = 0; j < N; j++) {
    const c = customer[j]!;
    if (c >= n)
      throw new ClvkitError('INVALID_VALUE', `customer index must be below the number of customers (${n})`, { fn, column: 'customer', index: j, value: c });
    count[c + 1]!++;
    if (month[j]! > asOf) asOf = month[j]!;
    if (month[j]! < firstMonth) firstMonth = month[j]!;
  }
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + count[i + 1]!;
  const fill = start.slice(0, n);
  const order = new Uint32Array(N);
  for (let j = 0; j < N; j++) order[fill[customer[j]!]!++] = j;
  for (let i = 0; i < n; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    // Snapshots usually come month by month, so a customer's rows are already in order: sort only when not.
    let sorted = true;
    for (let q = from + 1; q < to; q++) {
      if (month[order[q]!]! <= month[order[q - 1]!]!) {
        sorted = false;
        break;
      }
    }
    if (sorted) continue;
    const seg = Array.from(order.subarray(from, to));
    seg.sort((a, b) => month[a]! - month[b]!);
    for (let q = 1; q < seg.length; q++) {
      if (month[seg[q]!] === month[seg[q - 1]!]) {
        throw new ClvkitError('DUPLICATE_ID', 'two snapshot rows for the same customer and month', {
          fn,
          column: 'customer',
          index: seg[q]!,
          value: ids[i],
          month: month[seg[q]!],
        });
      }
    }
    order.set(seg, from);
  }

  const onBook = new Uint8Array(n);
  const current = new Float64Array(n);
  const trendMonths = new Uint16Array(n);
  const rawSlope = new Float64Array(n);
  const hasSlope = new Uint8Array(n);
  const aumNow = new Float64Array(n);
  const productsNow = new Float64Array(n);
  const xs = new Float64Array(trendWindow);
  const ys = new Float64Array(trendWindow);
  const pairSlopes = new Float64Array((trendWindow * (trendWindow - 1)) / 2);
  for (let i = 0; i < n; i++) {
    const a = start[i]!;
    const b = start[i + 1]!;
    if (b === a) continue;
    const last = order[b - 1]!;
    if (month[last] !== asOf) continue;
    onBook[i] = 1;
    aumNow[i] = aum[last]!;
    productsNow[i] = products[last]!;
    let sum = 0;
    let k = 0;
    let t = 0;
    for (let q = b - 1; q >= a; q--) {
      const j = order[q]!;
      const m = month[j]!;
      // Finite columns can still overflow here (1.7e308 − (−1.7e308)) and in the sums below.
      const contribution = checkFiniteResult(netRevenue[j]! - costToServe[j]!, 'the monthly contribution netRevenue − costToServe', fn, { index: j });
      if (m > asOf - currentWindow) {
        sum += contribution;
        k++;
      }
      if (m > asOf - trendWindow) {
        xs[t] = m;
        ys[t] = contribution;
        t++;
      }
      if (m <= asOf - Math.max(currentWindow, trendWindow)) break;
    }
    current[i] = checkFiniteResult(sum, 'the sum of monthly contributions', fn, { index: last }) / k;
    trendMonths[i] = t;
    const slope = t >= 2 ? theilSenSlopeUnchecked(xs, ys, t, pairSlopes) : null;
    if (slope !== null) {
      rawSlope[i] = checkFiniteResult(slope, 'the contribution trend (a difference of contributions)', fn, { index: last });
      hasSlope[i] = 1;
    }
  }
  if (!onBook.some((v) => v === 1)) throw new ClvkitError('EMPTY_INPUT', 'no customer is on the book in the latest month', { fn, month: asOf });
  return {
    n,
    asOf,
    firstMonth,
    onBook,
    current,
    trendMonths,
    rawSlope,
    hasSlope,
    aumNow,
    productsNow,
    start,
    order,
    month,
    aum,
    pAlive,
    usesPAlive: input.pAlive !== undefined,
    peerGroup: input.peerGroup,
  };
}

/** Tier keys of the on-book customers (null off the book). */
export function tiersOf(p: Prepared, bands: readonly TierBand[], fn: string): (string | null)[] {
  const idx: number[] = [];
  for (let i = 0; i < p.n; i++) if (p.onBook[i] === 1) idx.push(i);
  const keys = tierKeysOf(
    idx.map((i) => p.aumNow[i]!),
    idx.map((i) => p.order[p.start[i + 1]! - 1]!),
    bands,
    fn,
  );
  const out: (string | null)[] = new Array<string | null>(p.n).fill(null);
  idx.forEach((i, q) => {
    out[i] = keys[q]!;
  });
  return out;
}

/**
 * The band key of each (finite, validated) AUM, as assignTiers assigns them but without its totals
 * (which can overflow and are not needed here); errors name `fn` and give as `index` the snapshot row
 * (`rows[q]`, the caller's row of `snapshots.aum`) the value came from.
 */
export function tierKeysOf(values: readonly number[], rows: readonly number[], bands: readonly TierBand[], fn: string): string[] {
  return values.map((v, q) => {
    const b = bandIndexOf(v, bands);
    if (b < 0) throw new ClvkitError('INVALID_VALUE', 'AUM is outside every tier band', { fn, column: 'aum', index: rows[q]!, value: v });
    return bands[b]!.key;
  });
}

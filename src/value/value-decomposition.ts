import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { SIMULATOR_PRODUCT_ORDER as PRODUCTS } from '../book/product-order.js';
import { DEFAULT_TIER_BANDS, bandIndexOf, checkTierBands, describeTiers, tierBandSchema } from '../tiers/tier-bands.js';
import type { TierBand } from '../tiers/tier-bands.js';
import { checkFiniteResult, checkLengths, parseOptions } from '../validate.js';
import { theilSenSlopeUnchecked } from './theil-sen-slope.js';
import { quantileSorted } from '../quantile-sorted.js';
import { uniqueIds } from '../unique-ids.js';
import { bandsFromDescriptors, valueModelFromJSON } from './value-model.js';
import { tierRetentionSbg, type GroupRetentionSbg } from './tier-retention-sbg.js';
import type { GrowthFade, PeerBenchmark, ProductGapStat, TierRetention, ValueAssumptions, ValueModel } from './value-model.js';
import { VALUE_DECOMPOSITION_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/** The snapshot columns the value model reads (a {@link BankSnapshots} has them). */
export interface ValueSnapshots {
  readonly length: number;
  /** Per row: index into `customerId`. */
  readonly customer: ArrayLike<number>;
  /** Per row: month index (consecutive months differ by 1). */
  readonly month: ArrayLike<number>;
  readonly netRevenue: ArrayLike<number>;
  readonly costToServe: ArrayLike<number>;
  /** Assets under management at month end (the tiers' measure). */
  readonly aum: ArrayLike<number>;
  /** Bit mask over `productNames` of the products held at month end. */
  readonly products: ArrayLike<number>;
}

/** What {@link valueDecomposition} values: monthly snapshots plus optional customer attributes. */
export interface ValueInput {
  /** One id per customer; snapshot rows point into it. */
  readonly customerId: readonly string[];
  readonly snapshots: ValueSnapshots;
  /**
   * Per customer: the peer group used with the tier for benchmarks (RFM segment, cluster label, customer
   * type, ... — the caller's choice). Without it, peers are the customer's tier.
   */
  readonly peerGroup?: readonly string[];
  /** Per customer: P(alive now) from a fitted transaction model, in [0, 1]; without it 1 for everyone. */
  readonly pAlive?: ArrayLike<number>;
}

/** A product the customer lacks that comparable customers hold, with its ranking. */
export type ProductGap = ProductGapStat;

/**
 * Where a customer's benchmark came from: 'group' (same tier and peer group), 'tier' (the group was too
 * small), 'peerGroup' (the tier was too small too: same peer group across tiers), 'all' (everyone).
 */
export type BenchmarkLevel = 'group' | 'tier' | 'peerGroup' | 'all';

/** The result of {@link valueDecomposition} / {@link applyValueModel}: one entry per customer. */
export interface ValueDecomposition {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Index (into the snapshots' months) of the month the values are as of: the latest month in the data. */
  readonly asOfMonth: number;
  /** 1 when the customer has a snapshot in the as-of month; 0 when they have left the book (every value 0). */
  readonly onBook: Uint8Array;
  /** Asset tier key in the as-of month (null for customers off the book). */
  readonly tier: readonly (string | null)[];
  /** The peer group as given (null without `peerGroup` or off the book). */
  readonly peerGroup: readonly (string | null)[];
  /** Which peers the benchmark came from (null off the book). */
  readonly benchmarkLevel: readonly (BenchmarkLevel | null)[];
  /** c_i: mean monthly contribution (net revenue − cost to serve) over the last `currentWindow` months. */
  readonly currentContribution: Float64Array;
  /** Months with a snapshot in the trend window. */
  readonly trendMonths: Uint16Array;
  /** The customer's own Theil–Sen slope (0 with fewer than two months). */
  readonly rawSlope: Float64Array;
  /** Weight of the own slope: n / (n + n0) (0 with fewer than two months). */
  readonly slopeWeight: Float64Array;
  /** g_i: the shrunk, capped slope used for growth (currency per month, per month). */
  readonly slope: Float64Array;
  /** B_i: the peer benchmark contribution. */
  readonly benchmark: Float64Array;
  readonly pAlive: Float64Array;
  /** ρ of the customer's tier (0 off the book). */
  readonly monthlyRetention: Float64Array;
  readonly explicit: Float64Array;
  readonly growth: Float64Array;
  readonly potential: Float64Array;
  /** explicit + growth + potential, exactly as summed in that order. */
  readonly total: Float64Array;
  /** Up to `topProducts` products the customer lacks, best first. */
  readonly productGaps: readonly (readonly ProductGap[])[];
  /** Customers off the book in the as-of month (valued 0, listed in `onBook`). */
  readonly customersOffBook: number;
  readonly assumptions: ValueAssumptions;
  /** The fitted pieces, for {@link applyValueModel} next month (plain JSON). */
  readonly model: ValueModel;
}

const fadeOption = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exponential'), halfLifeMonths: z.number().positive().max(1200).default(12) }),
  z.strictObject({ kind: z.literal('linear') }),
  z.strictObject({ kind: z.literal('none') }),
]);

export const valueSchema = z
  .object({
    /** Months valued ahead, 1..600 (default 36). */
    horizonMonths: z.number().int().min(1).max(600).default(36),
    /** Annual discount rate, 0..1 (default 0.08); the monthly rate is (1 + r)^(1/12) − 1. */
    annualDiscountRate: z.number().min(0).max(1).default(0.08),
    /** Months averaged into the current contribution (default 3). */
    currentWindow: z.number().int().min(1).max(120).default(3),
    /** Months the growth slope is fitted on (default 12). */
    trendWindow: z.number().int().min(2).max(120).default(12),
    /** n0 of the shrinkage weight n / (n + n0) toward the tier's mean slope (default 6). */
    shrinkage: z.number().min(0).max(1000).default(6),
    /** Cap on |g| as a share of max(|c|, capFloor) per month (default 0.05). */
    growthCap: z.number().min(0).max(10).default(0.05),
    /** Floor of the cap's base, currency per month (default 10). */
    capFloor: z.number().min(0).finite().default(10),
    /** How the trend fades (default exponential, half-life 12 months). */
    fade: fadeOption.default({ kind: 'exponential', halfLifeMonths: 12 }),
    /** Percentile of peers' current contribution used as the benchmark, 0..1 (default 0.75). */
    benchmarkPercentile: z.number().min(0).max(1).default(0.75),
    /** Share of the gap to the benchmark expected to be realised, 0..1 (default 0.25). */
    realisationRate: z.number().min(0).max(1).default(0.25),
    /** Smallest peer group (and retention cohort) used on its own; smaller ones fall back (default 30). */
    minPeers: z.number().int().min(1).default(30),
    /** Months back to the retention cohort (default 12: annual retention, converted to monthly). */
    retentionLookbackMonths: z.number().int().min(1).max(120).default(12),
    /**
     * How tier retention is estimated: 'one-year-ratio' (default: the share of the cohort on the book
     * `retentionLookbackMonths` ago still on it, to the power 1/L) or 'sbg' (a shifted-beta-geometric fit per
     * tier on the book's acquisition cohorts, pooled below `minPeers`; see tierRetentionSbg).
     */
    retentionModel: z.enum(['one-year-ratio', 'sbg']).default('one-year-ratio'),
    /** Monthly retention rates by tier key, in [0, 1]; tiers left out are estimated. */
    retention: z.record(z.string(), z.number().min(0).max(1)).optional(),
    /** Asset bands of the tiers (AUM in the as-of month); default DEFAULT_TIER_BANDS. */
    tierBands: z.array(tierBandSchema).min(1).optional(),
    /** Products gaps reported per customer (default 3). */
    topProducts: z.number().int().min(0).max(32).default(3),
    /** Product names; bit i of a mask is productNames[i] (default PRODUCTS; at most 53, the bits a double holds exactly). */
    productNames: z.array(z.string().min(1)).max(53).optional(),
  })
  .strict();

/** Options of {@link valueDecomposition}. */
export type ValueDecompositionOptions = z.input<typeof valueSchema>;
type ValueOptions = z.output<typeof valueSchema>;

const applySchema = z.object({}).strict();
/** Options of {@link applyValueModel} (none: everything comes from the model). */
export type ApplyValueModelOptions = z.input<typeof applySchema>;

/** Per-customer data gathered from the snapshots. Internal. */
interface Prepared {
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
function prepare(input: ValueInput, currentWindow: number, trendWindow: number, fn: string): Prepared {
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
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ClvkitError('INVALID_VALUE', 'P(alive) must be in [0, 1]', { fn, column: 'pAlive', index: i, value: p });
      pAlive[i] = p;
    }
  }

  // Counting sort of the rows by customer, then by month within a customer.
  const count = new Uint32Array(n + 1);
  let asOf = 0;
  let firstMonth = Infinity;
  for (let j = 0; j < N; j++) {
    const c = customer[j]!;
    if (c >= n) throw new ClvkitError('INVALID_VALUE', `customer index must be below the number of customers (${n})`, { fn, column: 'customer', index: j, value: c });
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
        throw new ClvkitError('DUPLICATE_ID', 'two snapshot rows for the same customer and month', { fn, column: 'customer', index: seg[q]!, value: ids[i], month: month[seg[q]!] });
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
function tiersOf(p: Prepared, bands: readonly TierBand[], fn: string): (string | null)[] {
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
function tierKeysOf(values: readonly number[], rows: readonly number[], bands: readonly TierBand[], fn: string): string[] {
  return values.map((v, q) => {
    const b = bandIndexOf(v, bands);
    if (b < 0) throw new ClvkitError('INVALID_VALUE', 'AUM is outside every tier band', { fn, column: 'aum', index: rows[q]!, value: v });
    return bands[b]!.key;
  });
}

function benchmarkOf(members: readonly number[], p: Prepared, o: { benchmarkPercentile: number; productNames: readonly string[]; fn: string }): PeerBenchmark {
  const fn = o.fn;
  const values = members.map((i) => p.current[i]!).sort((a, b) => a - b);
  const benchmark = quantileSorted(values, o.benchmarkPercentile);
  const stats: ProductGapStat[] = [];
  o.productNames.forEach((product, b) => {
    const bit = 2 ** b;
    let holders = 0;
    let sumHolders = 0;
    let sumOthers = 0;
    for (const i of members) {
      if (Math.floor(p.productsNow[i]! / bit) % 2 === 1) {
        holders++;
        sumHolders += p.current[i]!;
      } else sumOthers += p.current[i]!;
    }
    const others = members.length - holders;
    if (holders === 0 || others === 0) return;
    const penetration = holders / members.length;
    const uplift = checkFiniteResult(sumHolders / holders - sumOthers / others, `the uplift of ${product}`, fn);
    const score = penetration * uplift;
    if (score > 0) stats.push({ product, penetration, uplift, score });
  });
  stats.sort((x, y) => y.score - x.score || o.productNames.indexOf(x.product) - o.productNames.indexOf(y.product));
  return { peers: members.length, benchmark, products: stats };
}

/**
 * Tier retention from sBG fits on the acquisition cohorts (retentionModel 'sbg'): fills `retention` by tier
 * (at each customer's last month on the book) and returns the pooled rate. See tierRetentionSbg.
 */
function sbgRetention(p: Prepared, bands: readonly TierBand[], o: ValueOptions, retention: Record<string, TierRetention>, fn: string): TierRetention {
  const firstMonth = new Float64Array(p.n);
  const lastMonth = new Float64Array(p.n);
  const lastAum: number[] = new Array<number>(p.n).fill(0);
  const lastRow: number[] = new Array<number>(p.n).fill(-1);
  const present: boolean[] = new Array<boolean>(p.n).fill(false);
  for (let i = 0; i < p.n; i++) {
    const a = p.start[i]!;
    const b = p.start[i + 1]!;
    if (b === a) continue;
    present[i] = true;
    firstMonth[i] = p.month[p.order[a]!]!;
    lastMonth[i] = p.month[p.order[b - 1]!]!;
    lastAum[i] = p.aum[p.order[b - 1]!]!;
    lastRow[i] = p.order[b - 1]!;
  }
  const idx = present.flatMap((v, i) => (v ? [i] : []));
  // Keys of the customers with snapshots only (the others have no AUM to band), by customer.
  const presentKeys = tierKeysOf(
    idx.map((i) => lastAum[i]!),
    idx.map((i) => lastRow[i]!),
    bands,
    fn,
  );
  const keys: string[] = new Array<string>(p.n);
  idx.forEach((i, q) => {
    keys[i] = presentKeys[q]!;
  });
  const r = tierRetentionSbg(
    { firstMonth: idx.map((i) => firstMonth[i]!), lastMonth: idx.map((i) => lastMonth[i]!), group: idx.map((i) => keys[i]!), asOfMonth: p.asOf, bookStartMonth: p.firstMonth },
    { minCustomers: o.minPeers, horizonMonths: o.horizonMonths },
  );
  const toTier = (g: GroupRetentionSbg): TierRetention => ({
    monthlyRate: g.monthlyRate,
    source: g.source,
    atRisk: g.cohortCustomers,
    retained: g.cohortCustomers - g.churned,
    lookbackMonths: 0,
    sbg: { alpha: g.alpha, beta: g.beta, medianTenureMonths: g.medianTenureMonths, churned: g.churned },
  });
  const pooled = toTier(r.pooled);
  for (const band of bands) {
    const g = r.groups[band.key];
    retention[band.key] = g !== undefined ? toTier(g) : { ...pooled, source: 'pooled', atRisk: 0, retained: 0 };
  }
  return pooled;
}

/** Estimate the model's pieces (retention, tier slopes, benchmarks) from the input. */
function estimateModel(p: Prepared, o: ValueOptions, bands: readonly TierBand[], tiers: readonly (string | null)[], fn: string): ValueModel {
  const productNames = o.productNames ?? [...PRODUCTS];
  // --- retention: cohort on the book L months ago, by its tier then; share still on the book now, to the power 1/L.
  const lookback = Math.min(o.retentionLookbackMonths, p.asOf - p.firstMonth);
  const retention: Record<string, TierRetention> = {};
  let pooled: TierRetention;
  if (lookback < 1) {
    pooled = { monthlyRate: 1, source: 'assumed', atRisk: 0, retained: 0, lookbackMonths: 0 };
  } else {
    const cohortMonth = p.asOf - lookback;
    const cohort: number[] = [];
    const cohortAum: number[] = [];
    const cohortRow: number[] = [];
    for (let i = 0; i < p.n; i++) {
      for (let q = p.start[i]!; q < p.start[i + 1]!; q++) {
        const j = p.order[q]!;
        if (p.month[j] === cohortMonth) {
          cohort.push(i);
          cohortAum.push(p.aum[j]!);
          cohortRow.push(j);
          break;
        }
        if (p.month[j]! > cohortMonth) break;
      }
    }
    const atRiskBy = new Map<string, number>();
    const retainedBy = new Map<string, number>();
    let retainedAll = 0;
    if (cohort.length > 0) {
      const cohortKeys = tierKeysOf(cohortAum, cohortRow, bands, fn);
      cohort.forEach((i, q) => {
        const key = cohortKeys[q]!;
        atRiskBy.set(key, (atRiskBy.get(key) ?? 0) + 1);
        if (p.onBook[i] === 1) {
          retainedBy.set(key, (retainedBy.get(key) ?? 0) + 1);
          retainedAll++;
        }
      });
    }
    pooled =
      cohort.length === 0
        ? { monthlyRate: 1, source: 'assumed', atRisk: 0, retained: 0, lookbackMonths: lookback }
        : { monthlyRate: (retainedAll / cohort.length) ** (1 / lookback), source: 'estimated', atRisk: cohort.length, retained: retainedAll, lookbackMonths: lookback };
    for (const band of bands) {
      const atRisk = atRiskBy.get(band.key) ?? 0;
      const retained = retainedBy.get(band.key) ?? 0;
      retention[band.key] =
        atRisk >= o.minPeers
          ? { monthlyRate: (retained / atRisk) ** (1 / lookback), source: 'estimated', atRisk, retained, lookbackMonths: lookback }
          : { ...pooled, source: pooled.source === 'assumed' ? 'assumed' : 'pooled', atRisk, retained };
    }
  }
  if (o.retentionModel === 'sbg') pooled = sbgRetention(p, bands, o, retention, fn);
  for (const band of bands) {
    retention[band.key] ??= { ...pooled };
    const given = o.retention?.[band.key];
    if (given !== undefined) retention[band.key] = { monthlyRate: given, source: 'given', atRisk: 0, retained: 0, lookbackMonths: 0 };
  }
  for (const key of Object.keys(o.retention ?? {})) {
    if (!bands.some((b) => b.key === key)) {
      throw new ClvkitError('INVALID_CONFIG', `retention is given for tier "${key}", which is not one of the tier bands`, { fn, path: ['retention', key], value: key });
    }
  }

  // --- tier mean slopes, benchmarks and product gaps among on-book customers.
  const byTier = new Map<string, number[]>();
  const byGroup = new Map<string, Map<string, number[]>>();
  const byPeerGroup = new Map<string, number[]>();
  const all: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const tier = tiers[i];
    if (tier === null || tier === undefined) continue;
    all.push(i);
    let list = byTier.get(tier);
    if (list === undefined) byTier.set(tier, (list = []));
    list.push(i);
    if (p.peerGroup !== undefined) {
      let groups = byGroup.get(tier);
      if (groups === undefined) byGroup.set(tier, (groups = new Map()));
      const g = p.peerGroup[i]!;
      let across = byPeerGroup.get(g);
      if (across === undefined) byPeerGroup.set(g, (across = []));
      across.push(i);
      let members = groups.get(g);
      if (members === undefined) groups.set(g, (members = []));
      members.push(i);
    }
  }
  const meanSlope = (members: readonly number[]): number | null => {
    let s = 0;
    let k = 0;
    for (const i of members) {
      if (p.hasSlope[i] === 1) {
        s += p.rawSlope[i]!;
        k++;
      }
    }
    return k === 0 || k < o.minPeers ? null : checkFiniteResult(s, 'the sum of peer slopes', fn) / k;
  };
  // The pooled mean uses every customer with a slope, however few; a tier needs minPeers of them.
  let pooledSum = 0;
  let pooledCount = 0;
  for (const i of all) {
    if (p.hasSlope[i] === 1) {
      pooledSum += p.rawSlope[i]!;
      pooledCount++;
    }
  }
  const pooledSlope = pooledCount === 0 ? 0 : checkFiniteResult(pooledSum, 'the sum of slopes', fn) / pooledCount;
  const tierSlope: Record<string, number> = {};
  for (const band of bands) tierSlope[band.key] = meanSlope(byTier.get(band.key) ?? []) ?? pooledSlope;
  const bo = { benchmarkPercentile: o.benchmarkPercentile, productNames, fn };
  const tierBenchmarks: Record<string, PeerBenchmark> = {};
  const groupBenchmarks: Record<string, Record<string, PeerBenchmark>> = {};
  for (const band of bands) {
    const members = byTier.get(band.key) ?? [];
    if (members.length >= o.minPeers) tierBenchmarks[band.key] = benchmarkOf(members, p, bo);
    const groups = byGroup.get(band.key);
    if (groups === undefined) continue;
    for (const [g, list] of [...groups].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
      if (list.length < o.minPeers) continue;
      (groupBenchmarks[band.key] ??= {})[g] = benchmarkOf(list, p, bo);
    }
  }
  const peerGroupBenchmarks: Record<string, PeerBenchmark> = {};
  for (const [g, list] of [...byPeerGroup].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    if (list.length >= o.minPeers) peerGroupBenchmarks[g] = benchmarkOf(list, p, bo);
  }
  return {
    format: 'clvkit-value-model',
    version: 1,
    assumptions: {
      horizonMonths: o.horizonMonths,
      annualDiscountRate: o.annualDiscountRate,
      monthlyDiscountRate: (1 + o.annualDiscountRate) ** (1 / 12) - 1,
      currentWindow: o.currentWindow,
      trendWindow: o.trendWindow,
      shrinkage: o.shrinkage,
      growthCap: o.growthCap,
      capFloor: o.capFloor,
      fade: o.fade,
      benchmarkPercentile: o.benchmarkPercentile,
      realisationRate: o.realisationRate,
      minPeers: o.minPeers,
      retentionLookbackMonths: o.retentionLookbackMonths,
      topProducts: o.topProducts,
      productNames,
    },
    tierBands: describeTiers(bands),
    retention,
    pooledRetention: pooled,
    tierSlope,
    pooledSlope,
    benchmarks: { all: benchmarkOf(all, p, bo), tiers: tierBenchmarks, groups: groupBenchmarks, peerGroups: peerGroupBenchmarks },
  };
}

/** f(k) of the fade. */
function fadeAt(fade: GrowthFade, k: number, horizon: number): number {
  switch (fade.kind) {
    case 'exponential':
      return 2 ** (-k / fade.halfLifeMonths);
    case 'linear':
      return 1 - k / horizon;
    case 'none':
      return 1;
  }
}

/** Σ_k (ρ/(1+d))^k and Σ_k k·f(k)·(ρ/(1+d))^k over k = 1..H. */
function annuities(rho: number, d: number, horizon: number, fade: GrowthFade): { level: number; growth: number } {
  let level = 0;
  let growth = 0;
  let factor = 1;
  const step = rho / (1 + d);
  for (let k = 1; k <= horizon; k++) {
    factor *= step;
    level += factor;
    growth += k * fadeAt(fade, k, horizon) * factor;
  }
  return { level, growth };
}

function valueWith(model: ValueModel, p: Prepared, fn: string): Displayed<ValueDecomposition> {
  const a = model.assumptions;
  const bands = bandsFromDescriptors(model.tierBands);
  checkTierBands(bands, fn);
  const tiers = tiersOf(p, bands, fn);
  const n = p.n;
  const slope = new Float64Array(n);
  const slopeWeight = new Float64Array(n);
  const benchmark = new Float64Array(n);
  const monthlyRetention = new Float64Array(n);
  const pAlive = new Float64Array(n);
  const explicit = new Float64Array(n);
  const growth = new Float64Array(n);
  const potential = new Float64Array(n);
  const total = new Float64Array(n);
  const level: (BenchmarkLevel | null)[] = new Array<BenchmarkLevel | null>(n).fill(null);
  const gaps: ProductGap[][] = [];
  const sums = new Map<string, { level: number; growth: number }>();
  let offBook = 0;
  for (let i = 0; i < n; i++) {
    const tier = tiers[i];
    if (tier === null || tier === undefined) {
      offBook++;
      gaps.push([]);
      continue;
    }
    const rho = (model.retention[tier] ?? model.pooledRetention).monthlyRate;
    let s = sums.get(tier);
    if (s === undefined) sums.set(tier, (s = annuities(rho, a.monthlyDiscountRate, a.horizonMonths, a.fade)));
    const c = p.current[i]!;
    const w = p.hasSlope[i] === 1 ? p.trendMonths[i]! / (p.trendMonths[i]! + a.shrinkage) : 0;
    const prior = model.tierSlope[tier] ?? model.pooledSlope;
    const cap = a.growthCap * Math.max(Math.abs(c), a.capFloor);
    const g = Math.min(cap, Math.max(-cap, w * p.rawSlope[i]! + (1 - w) * prior));
    const group = p.peerGroup?.[i];
    let bm: PeerBenchmark;
    const byGroup = group === undefined ? undefined : model.benchmarks.groups[tier]?.[group];
    if (byGroup !== undefined) {
      bm = byGroup;
      level[i] = 'group';
    } else if (model.benchmarks.tiers[tier] !== undefined) {
      bm = model.benchmarks.tiers[tier]!;
      level[i] = 'tier';
    } else if (group !== undefined && model.benchmarks.peerGroups[group] !== undefined) {
      bm = model.benchmarks.peerGroups[group]!;
      level[i] = 'peerGroup';
    } else {
      bm = model.benchmarks.all;
      level[i] = 'all';
    }
    const pa = p.pAlive[i]!;
    const e = c * pa * s.level;
    const gr = g * pa * s.growth;
    const po = a.realisationRate * Math.max(0, bm.benchmark - c) * pa * s.level;
    slope[i] = g;
    slopeWeight[i] = w;
    benchmark[i] = bm.benchmark;
    monthlyRetention[i] = rho;
    pAlive[i] = pa;
    explicit[i] = e;
    growth[i] = gr;
    potential[i] = po;
    // total is not finite exactly when one of e, gr, po overflowed (or their sum did).
    total[i] = checkFiniteResult(e + gr + po, 'the customer value explicit + growth + potential', fn, { index: i });
    const held = p.productsNow[i]!;
    const mine: ProductGap[] = [];
    for (const stat of bm.products) {
      if (mine.length >= a.topProducts) break;
      const b = a.productNames.indexOf(stat.product);
      if (Math.floor(held / 2 ** b) % 2 === 0) mine.push(stat);
    }
    gaps.push(mine);
  }
  for (let i = 0; i < n; i++) if (tiers[i] === null) pAlive[i] = p.pAlive[i]!;
  return withDisplay({
    length: n,
    customerId: [],
    asOfMonth: p.asOf,
    onBook: p.onBook,
    tier: tiers,
    peerGroup: Array.from({ length: n }, (_, i) => (p.onBook[i] === 1 && p.peerGroup !== undefined ? p.peerGroup[i]! : null)),
    benchmarkLevel: level,
    currentContribution: p.current,
    trendMonths: p.trendMonths,
    rawSlope: p.rawSlope,
    slopeWeight,
    slope,
    benchmark,
    pAlive,
    monthlyRetention,
    explicit,
    growth,
    potential,
    total,
    productGaps: gaps,
    customersOffBook: offBook,
    assumptions: { ...a, survivalUsesPAlive: p.usesPAlive, retention: model.retention },
    model,
  }, VALUE_DECOMPOSITION_DISPLAY);
}

/**
 * A bank customer's lifetime value in three parts, in currency over a horizon (Chinese retail banks'
 * 显性价值 + 成长价值 + 潜在价值), from monthly snapshots and, optionally, a transaction model's P(alive):
 *
 * - contribution c_i(m) = netRevenue − costToServe in month m; the **current contribution** c_i is its mean over
 *   the last `currentWindow` months (default 3: one quarter smooths one-off fees and month-end effects
 *   without going stale; months without a snapshot are left out of the mean);
 * - **survival** S_i(k) = P(alive)_i · ρ_tier^k, where ρ is the monthly retention of the customer's asset tier
 *   (AUM in the as-of month, `tierBands`): of the customers on the book `retentionLookbackMonths` (12) months
 *   earlier, tiered by their AUM then, the share R still on the book now, ρ = R^(1/12) (annual retention is
 *   what banks track and is stable; a book shorter than that uses the longest lookback L it has, ρ = R^(1/L);
 *   a tier whose cohort is smaller than `minPeers` uses all tiers' rate; `retention` overrides by tier; a
 *   one-month book assumes ρ = 1; the source of each rate is in `model.retention`);
 * - discounting at the monthly rate d = (1 + annual)^(1/12) − 1 (default 8% a year), cash flows at month ends;
 * - **explicit** = Σ_{k=1..H} c_i · S_i(k) / (1+d)^k — negative contributions stay negative (below-zero customers);
 * - **growth** = Σ_k g_i · k · f(k) · S_i(k) / (1+d)^k: g_i is the Theil–Sen slope (median of pairwise slopes,
 *   robust to a one-off month) of monthly contribution over the last `trendWindow` (12) months, shrunk toward
 *   the tier's mean slope (the mean of its customers' own slopes; all customers' mean for a tier with fewer
 *   than `minPeers` of them) with weight n/(n + n0) (n months observed, n0 = `shrinkage` = 6: a full year of
 *   history keeps two thirds of its own slope, a new customer's three months one third), then capped at
 *   |g_i| ≤ `growthCap` · max(|c_i|, `capFloor`) (5% of the current contribution a month, and at least 5% of
 *   10 currency units — about the fixed monthly cost of serving a retail customer — so a customer near zero
 *   can still trend: trends are extrapolated, so they are bounded). f is the fade: default exponential with a
 *   12-month half-life, f(k) = 2^(−k/12) — the projected change peaks about 17 months out and then reverts,
 *   because balance trends mean-revert and a half-life independent of H keeps the near-term projection the
 *   same whatever the horizon; `linear` (f = 1 − k/H) and `none` are available (on the synthetic bank,
 *   2,000 customers, explicit + growth ranks the next year's realised contribution with Spearman ρ 0.931
 *   exponential, 0.928 linear, 0.901 none);
 * - **potential** = Σ_k r · max(0, B_i − c_i) · S_i(k) / (1+d)^k: B_i is the `benchmarkPercentile` (0.75,
 *   type-7 quantile) of current contribution among comparable customers on the book — same tier and
 *   `peerGroup`; groups with fewer than `minPeers` (30) customers fall back to the tier; a tier that small
 *   to the peer group across tiers (so an individual is not benchmarked on enterprises), then to everyone —
 *   and r the `realisationRate` (0.25: a quarter of the gap to the upper quartile is a cautious share a
 *   relationship programme captures). The gap's products: for the same peers, each product's penetration ×
 *   (mean contribution of holders − of non-holders); the customer's top `topProducts` (3) products not held,
 *   with a positive score, are the cross-sell / up-sell candidates (关联销售、交叉营销、向上营销);
 * - **total** = explicit + growth + potential, exactly.
 *
 * Customers without a snapshot in the as-of month (the latest month in the data) have left the book: every
 * value is 0 and `onBook` is 0 (they are counted, not dropped). The fitted pieces come back as `model`
 * (plain JSON) for {@link applyValueModel}.
 *
 * @throws ClvkitError INVALID_OPTIONS (options), EMPTY_INPUT (no customers, no snapshot rows),
 *   MISSING_COLUMN / LENGTH_MISMATCH (malformed columns), INVALID_VALUE (non-finite value, bad index or mask,
 *   P(alive) outside [0, 1], a non-string id or group), DUPLICATE_ID (repeated id, or two rows for one
 *   customer and month), INVALID_CONFIG (bad tier bands; retention for an unknown tier), NUMERIC_FAILURE (a
 *   contribution, a sum of contributions, a trend or a customer's value overflows a double).
 * @example
 * // Two customers, three months: a earns 100 − 20 a month, b 10 − 30 (below zero).
 * const v = valueDecomposition(
 *   { customerId: ['a', 'b'], snapshots: { length: 6, customer: [0, 0, 0, 1, 1, 1], month: [0, 1, 2, 0, 1, 2],
 *     netRevenue: [100, 100, 100, 10, 10, 10], costToServe: [20, 20, 20, 30, 30, 30],
 *     aum: [5e4, 5e4, 5e4, 1e3, 1e3, 1e3], products: [1, 1, 1, 1, 1, 1] } },
 *   { horizonMonths: 2, annualDiscountRate: 0, minPeers: 1, retention: { mass: 1 }, benchmarkPercentile: 1 },
 * );
 * Array.from(v.explicit);  // [160, -40]
 * Array.from(v.potential); // [0, 50]   (0.25 · (80 − (−20)) · 2)
 * Array.from(v.total);     // [160, 10]
 * @see Sen (1968) for the slope; Hyndman & Fan (1996) definition 7 for the percentile.
 */
export function valueDecomposition(input: ValueInput, options: ValueDecompositionOptions = {}): Displayed<ValueDecomposition> {
  const fn = 'valueDecomposition';
  const o = parseOptions(valueSchema, options, fn);
  const bands = (o.tierBands ?? DEFAULT_TIER_BANDS).map((b) => ({ ...b }));
  checkTierBands(bands, fn);
  const p = prepare(input, o.currentWindow, o.trendWindow, fn);
  const tiers = tiersOf(p, bands, fn);
  const model = estimateModel(p, o, bands, tiers, fn);
  return { ...valueWith(model, p, fn), customerId: [...input.customerId] };
}

/**
 * Value customers with a model fitted earlier ({@link valueDecomposition}'s `model`, possibly restored with
 * `valueModelFromJSON`): the same formulas, with the model's tier bands, retention table, tier slopes and
 * peer benchmarks, never re-estimated. On the input the model was fitted on it gives exactly the result
 * {@link valueDecomposition} gave.
 *
 * @throws ClvkitError as {@link valueDecomposition}, plus INVALID_MODEL (a malformed model).
 * @example
 * // `v` = the valueDecomposition example; in month 3, a earns 130 − 20 and b still 10 − 30.
 * const next = applyValueModel(v.model, { customerId: ['a', 'b'], snapshots: { length: 2, customer: [0, 1], month: [3, 3],
 *   netRevenue: [130, 10], costToServe: [20, 30], aum: [5e4, 1e3], products: [1, 1] } }, {});
 * Array.from(next.explicit);  // [220, -40]
 * Array.from(next.potential); // [0, 50]   (the benchmark is still the fitted 80: nothing re-estimated)
 */
export function applyValueModel(model: ValueModel, input: ValueInput, options: ApplyValueModelOptions = {}): Displayed<ValueDecomposition> {
  const fn = 'applyValueModel';
  parseOptions(applySchema, options, fn);
  if (model === null || typeof model !== 'object' || (model as { format?: unknown }).format !== 'clvkit-value-model') {
    throw new ClvkitError('INVALID_MODEL', 'expected a value model (valueDecomposition(...).model)', { fn });
  }
  const checked = valueModelFromJSON(JSON.parse(JSON.stringify(model)) as unknown);
  const a = checked.assumptions;
  const p = prepare(input, a.currentWindow, a.trendWindow, fn);
  return { ...valueWith(checked, p, fn), customerId: [...input.customerId] };
}

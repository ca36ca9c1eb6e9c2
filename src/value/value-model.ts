import { z } from 'zod';
import type { TierBand, TierDescriptor } from '../tiers/tier-bands.js';
import { parseModelJson } from '../validate.js';

/** How the growth trend fades over the horizon: f(k) multiplies the projected change g·k in month k. */
export type GrowthFade = { readonly kind: 'exponential'; readonly halfLifeMonths: number } | { readonly kind: 'linear' } | { readonly kind: 'none' };

/** Where a tier's monthly retention rate came from. */
export type RetentionSource = 'estimated' | 'pooled' | 'given' | 'assumed';

/** One tier's monthly retention ρ and the cohort it was estimated on. */
export interface TierRetention {
  /** Monthly retention ρ in [0, 1]: S(k) = P(alive) · ρ^k. */
  readonly monthlyRate: number;
  /**
   * 'estimated' from the tier's own cohort; 'pooled' from all tiers (the tier's cohort had fewer than
   * `minPeers` customers); 'given' by the caller; 'assumed' 1 (the book is one month long: nothing to estimate from).
   */
  readonly source: RetentionSource;
  /** Customers of the tier on the book `lookbackMonths` before the as-of month (0 when given/assumed). */
  readonly atRisk: number;
  /** Of those, still on the book in the as-of month. */
  readonly retained: number;
  /** Months between the cohort month and the as-of month (0 when given/assumed, and with sBG retention). */
  readonly lookbackMonths: number;
  /**
   * With `retentionModel: 'sbg'` (the default): the shifted-beta-geometric fit behind `monthlyRate` (monthly
   * periods; the pooled fit when `source` is 'pooled') with its standard errors (null when the Hessian is not
   * positive definite; absent in models saved before they were reported) and whether it converged, the tier's
   * median months on the book, and its acquisition cohort (then `atRisk` = cohort customers, `retained` = those
   * still on the book). See tierRetentionSbg.
   */
  readonly sbg?: {
    readonly alpha: number;
    readonly beta: number;
    readonly standardErrors?: { readonly alpha: number; readonly beta: number } | null;
    readonly converged?: boolean;
    readonly medianTenureMonths: number;
    readonly churned: number;
  };
}

/** Per product: how common it is among a peer group and what holding it goes with. */
export interface ProductGapStat {
  readonly product: string;
  /** Share of the peer group holding the product. */
  readonly penetration: number;
  /** Mean current contribution of holders minus that of non-holders (currency per month). */
  readonly uplift: number;
  /** penetration × uplift: the ranking score (only products with a positive score are kept). */
  readonly score: number;
}

/** A peer group's benchmark: the `benchmarkPercentile` of current contribution and its product ranking. */
export interface PeerBenchmark {
  readonly peers: number;
  /** Benchmark contribution B (currency per month). */
  readonly benchmark: number;
  /** Products with a positive score, best first. */
  readonly products: readonly ProductGapStat[];
}

/** Every assumption a value figure rests on, returned with the result. */
export interface ValueAssumptions {
  readonly horizonMonths: number;
  readonly annualDiscountRate: number;
  /** d = (1 + annual)^(1/12) − 1, exact. */
  readonly monthlyDiscountRate: number;
  readonly currentWindow: number;
  readonly trendWindow: number;
  /** n0 of the shrinkage weight n / (n + n0) of a customer's own slope. */
  readonly shrinkage: number;
  /** |g| ≤ growthCap · max(|c|, capFloor). */
  readonly growthCap: number;
  readonly capFloor: number;
  readonly fade: GrowthFade;
  readonly benchmarkPercentile: number;
  readonly realisationRate: number;
  readonly minPeers: number;
  readonly retentionLookbackMonths: number;
  /**
   * The retention model used: 'sbg' (per-tier shifted-beta-geometric fits; each tier's `sbg` block holds α, β
   * and their standard errors, `source` 'pooled' marks the tiers on the pooled fit) or 'one-year-ratio'.
   * Value models saved before this field existed read back as 'sbg' when their retention carries sBG fits, else 'one-year-ratio'.
   */
  readonly retentionModel: 'sbg' | 'one-year-ratio';
  /** Why the default sBG was not used (no acquired customer has left the book), when it was not. */
  readonly retentionFallback?: string;
  readonly topProducts: number;
  readonly productNames: readonly string[];
  /** Whether P(alive) from a transaction model entered the survival (else 1 for everyone). */
  readonly survivalUsesPAlive: boolean;
  /** The monthly retention table by tier (estimated, pooled, given or assumed; see TierRetention). */
  readonly retention: Readonly<Record<string, TierRetention>>;
}

/**
 * The fitted, serialisable pieces of the value decomposition: tier bands, retention table, tier mean
 * slopes and peer benchmarks. `applyValueModel` values a new month's customers with them, unchanged.
 */
export interface ValueModel {
  readonly format: 'clvkit-value-model';
  readonly version: 1;
  /** Assumptions (survivalUsesPAlive is re-derived from each input; the retention table is `retention` below). */
  readonly assumptions: Omit<ValueAssumptions, 'survivalUsesPAlive' | 'retention'>;
  /** Asset bands the tiers come from (open ends as null). */
  readonly tierBands: readonly TierDescriptor[];
  readonly retention: Readonly<Record<string, TierRetention>>;
  /** Retention of all tiers together (for tiers absent from the table). */
  readonly pooledRetention: TierRetention;
  /** Mean raw Theil–Sen slope of monthly contribution per tier (currency per month per month). */
  readonly tierSlope: Readonly<Record<string, number>>;
  /** Mean raw slope over all customers (for a tier without slopes). */
  readonly pooledSlope: number;
  /**
   * Benchmarks: everyone, by tier, by tier × peer group, and by peer group across tiers (each only for
   * groups of at least minPeers customers; `all` always).
   */
  readonly benchmarks: {
    readonly all: PeerBenchmark;
    readonly tiers: Readonly<Record<string, PeerBenchmark>>;
    readonly groups: Readonly<Record<string, Readonly<Record<string, PeerBenchmark>>>>;
    readonly peerGroups: Readonly<Record<string, PeerBenchmark>>;
  };
}

/** Bands from their report form: null bounds back to ±Infinity. */
export function bandsFromDescriptors(descriptors: readonly TierDescriptor[]): TierBand[] {
  return descriptors.map((d) => ({
    key: d.key,
    label: d.label,
    labelZh: d.labelZh,
    lower: d.lower ?? -Infinity,
    upper: d.upper ?? Infinity,
    serviceLevel: d.serviceLevel,
    serviceLevelZh: d.serviceLevelZh,
  }));
}

const finite = z.number().refine(Number.isFinite, 'must be finite');
const unit = finite.refine((v) => v >= 0 && v <= 1, 'must be in [0, 1]');
const retentionSchema = z.strictObject({
  monthlyRate: unit,
  source: z.enum(['estimated', 'pooled', 'given', 'assumed']),
  atRisk: z.number().int().min(0),
  retained: z.number().int().min(0),
  lookbackMonths: z.number().int().min(0),
  sbg: z
    .strictObject({
      alpha: finite,
      beta: finite,
      standardErrors: z.strictObject({ alpha: finite, beta: finite }).nullable().optional(),
      converged: z.boolean().optional(),
      medianTenureMonths: finite,
      churned: z.number().int().min(0),
    })
    .optional(),
});
const benchmarkSchema = z.strictObject({
  peers: z.number().int().min(0),
  benchmark: finite,
  products: z.array(z.strictObject({ product: z.string().min(1), penetration: unit, uplift: finite, score: finite })),
});
const fadeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exponential'), halfLifeMonths: finite.refine((v) => v > 0, 'must be > 0') }),
  z.strictObject({ kind: z.literal('linear') }),
  z.strictObject({ kind: z.literal('none') }),
]);
const modelSchema = z.strictObject({
  format: z.literal('clvkit-value-model'),
  version: z.literal(1),
  assumptions: z.strictObject({
    horizonMonths: z.number().int().min(1),
    annualDiscountRate: finite.refine((v) => v >= 0, 'must be ≥ 0'),
    monthlyDiscountRate: finite.refine((v) => v >= 0, 'must be ≥ 0'),
    currentWindow: z.number().int().min(1),
    trendWindow: z.number().int().min(2),
    shrinkage: finite.refine((v) => v >= 0, 'must be ≥ 0'),
    growthCap: finite.refine((v) => v >= 0, 'must be ≥ 0'),
    capFloor: finite.refine((v) => v >= 0, 'must be ≥ 0'),
    fade: fadeSchema,
    benchmarkPercentile: unit,
    realisationRate: unit,
    minPeers: z.number().int().min(1),
    retentionLookbackMonths: z.number().int().min(1),
    retentionModel: z.enum(['sbg', 'one-year-ratio']).optional(),
    retentionFallback: z.string().min(1).optional(),
    topProducts: z.number().int().min(0),
    productNames: z.array(z.string().min(1)).max(53),
  }),
  tierBands: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        label: z.string().min(1),
        labelZh: z.string().min(1),
        lower: finite.nullable(),
        upper: finite.nullable(),
        serviceLevel: z.string().min(1),
        serviceLevelZh: z.string().min(1),
      }),
    )
    .min(1),
  retention: z.record(z.string(), retentionSchema),
  pooledRetention: retentionSchema,
  tierSlope: z.record(z.string(), finite),
  pooledSlope: finite,
  benchmarks: z.strictObject({
    all: benchmarkSchema,
    tiers: z.record(z.string(), benchmarkSchema),
    groups: z.record(z.string(), z.record(z.string(), benchmarkSchema)),
    peerGroups: z.record(z.string(), benchmarkSchema),
  }),
});

/**
 * Check and restore a value model from its JSON (a string or the parsed object).
 *
 * @throws ClvkitError INVALID_MODEL (not JSON, wrong format or version, any malformed field, with its path).
 * @example
 * // `v` = the valueDecomposition example (two customers, retention given, benchmark = the best peer's 80).
 * const restored = valueModelFromJSON(JSON.stringify(v.model));
 * restored.retention.mass.source;    // 'given'
 * restored.benchmarks.all.benchmark; // 80
 */
export function valueModelFromJSON(json: unknown): ValueModel {
  const fn = 'valueModelFromJSON';
  const m = parseModelJson(modelSchema, json, fn) as Omit<ValueModel, 'assumptions'> & {
    assumptions: Omit<ValueModel['assumptions'], 'retentionModel'> & { retentionModel?: 'sbg' | 'one-year-ratio' };
  };
  // Saved before the field existed: sBG when the retention carries sBG fits (it then was asked for), else the ratio.
  const retentionModel = m.assumptions.retentionModel ?? (m.pooledRetention.sbg !== undefined ? 'sbg' : 'one-year-ratio');
  return { ...m, assumptions: { ...m.assumptions, retentionModel } };
}

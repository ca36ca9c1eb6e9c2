// The options schema of valueDecomposition (split from value-decomposition.ts).
import { z } from 'zod';
import { tierBandSchema } from '../tiers/tier-bands.js';
import { resolveValueHorizon, valueHorizonShape } from './value-horizon.js';

const fadeOption = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exponential'), halfLifeMonths: z.number().positive().max(1200).default(12) }),
  z.strictObject({ kind: z.literal('linear') }),
  z.strictObject({ kind: z.literal('none') }),
]);

export const valueSchema = z
  .object({
    /** Horizon and discount rate (`horizon`, `discountRate`; default 36 months at 8 % a year); the monthly rate is (1 + r)^(1/12) − 1. */
    ...valueHorizonShape,
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
     * How tier retention is estimated: 'sbg' (the default: a shifted-beta-geometric fit per tier on the book's
     * acquisition cohorts, pooled below `minPeers`; see tierRetentionSbg) or 'one-year-ratio' (the share of the
     * cohort on the book `retentionLookbackMonths` ago still on it, to the power 1/L). Left out, sBG is used
     * where it can be estimated; a book on which no customer acquired during it has left falls back to the
     * one-year ratio, and the assumptions say so (`retentionModel`, `retentionFallback`). Given as 'sbg', such a
     * book is TOO_FEW_VALUES.
     */
    retentionModel: z.enum(['one-year-ratio', 'sbg']).optional(),
    /** Monthly retention rates by tier key, in [0, 1]; tiers left out are estimated. */
    retention: z.record(z.string(), z.number().min(0).max(1)).optional(),
    /** Asset bands of the tiers (AUM in the as-of month); default DEFAULT_TIER_BANDS. */
    tierBands: z.array(tierBandSchema).min(1).optional(),
    /** Products gaps reported per customer (default 3). */
    topProducts: z.number().int().min(0).max(32).default(3),
    /** Product names; bit i of a mask is productNames[i] (default PRODUCTS; at most 53, the bits a double holds exactly). */
    productNames: z.array(z.string().min(1)).max(53).optional(),
  })
  .strict()
  .transform(resolveValueHorizon);

/** Options of {@link valueDecomposition}. */
export type ValueDecompositionOptions = z.input<typeof valueSchema>;
/** Parsed options of {@link valueDecomposition} (defaults filled in). Internal. */
export type ValueOptions = z.output<typeof valueSchema>;

import { z } from 'zod';
import { ClvkitError } from '../errors.js';

/** A bound of a band: a finite number, or ±Infinity for an open end. */
const bound = z.union([z.number(), z.literal(-Infinity), z.literal(Infinity)]);

/** zod schema of one band (shape only; order and contiguity are checked by {@link checkTierBands}). */
export const tierBandSchema = z
  .object({
    /** Stable machine key, e.g. `affluent`. */
    key: z.string().min(1),
    label: z.string().min(1),
    labelZh: z.string().min(1),
    /** Inclusive lower bound (−Infinity allowed on the first band only). */
    lower: bound,
    /** Exclusive upper bound (Infinity allowed on the last band only). */
    upper: bound,
    /** Who serves the band, e.g. "Senior wealth manager". */
    serviceLevel: z.string().min(1),
    serviceLevelZh: z.string().min(1),
  })
  .strict();

/** One asset band `[lower, upper)` with its labels and service level. */
export type TierBand = z.output<typeof tierBandSchema>;

/**
 * The default bands of a Chinese retail bank, in CNY of AUM (deposits + wealth). Thresholds follow the
 * common practice of mainland retail banks: 20万 for 中高端 (affluent) service, 100万 and 200万 for the
 * wealth-management tiers (200万 is also a common entry point for high-net-worth service) and 600万 for
 * private banking (the usual 私人银行 entry threshold). The first band starts at −Infinity so that overdrawn
 * (negative) AUM is mass retail rather than an error.
 */
export const DEFAULT_TIER_BANDS: readonly TierBand[] = [
  {
    key: 'mass',
    label: 'Mass retail',
    labelZh: '普通客户',
    lower: -Infinity,
    upper: 200_000,
    serviceLevel: 'Branch counters and electronic channels',
    serviceLevelZh: '网点柜面及电子渠道服务',
  },
  {
    key: 'affluent',
    label: 'Affluent',
    labelZh: '中高端客户',
    lower: 200_000,
    upper: 1_000_000,
    serviceLevel: 'Intermediate wealth manager',
    serviceLevelZh: '中级理财经理',
  },
  {
    key: 'premier',
    label: 'Premier',
    labelZh: '高端客户',
    lower: 1_000_000,
    upper: 2_000_000,
    serviceLevel: 'Senior wealth manager',
    serviceLevelZh: '高级理财经理',
  },
  {
    key: 'high_net_worth',
    label: 'High net worth',
    labelZh: '高净值客户',
    lower: 2_000_000,
    upper: 6_000_000,
    serviceLevel: 'Senior relationship manager with a product team',
    serviceLevelZh: '资深客户经理及产品团队',
  },
  {
    key: 'private_banking',
    label: 'Private banking',
    labelZh: '私人银行客户',
    lower: 6_000_000,
    upper: Infinity,
    serviceLevel: 'Private banker',
    serviceLevelZh: '私人银行家',
  },
];

/**
 * Check that bands are usable: at least one, keys unique, each `lower < upper`, sorted and contiguous
 * (`bands[i].upper === bands[i + 1].lower`, so no gaps and no overlap), −Infinity only as the first lower
 * bound and Infinity only as the last upper bound.
 *
 * @throws INVALID_CONFIG naming the offending band (option path `bands.i`).
 */
export function checkTierBands(bands: readonly TierBand[], fn: string): void {
  if (bands.length === 0) throw new ClvkitError('INVALID_CONFIG', 'at least one band is required', { fn, path: ['bands'] });
  const keys = new Set<string>();
  bands.forEach((band, i) => {
    const path = ['bands', i];
    if (keys.has(band.key)) throw new ClvkitError('INVALID_CONFIG', `band key "${band.key}" is used twice`, { fn, path, value: band.key });
    keys.add(band.key);
    if (!(band.lower < band.upper)) {
      throw new ClvkitError('INVALID_CONFIG', `band "${band.key}": lower must be below upper`, { fn, path, value: [band.lower, band.upper] });
    }
    if (band.lower === -Infinity && i > 0)
      throw new ClvkitError('INVALID_CONFIG', `band "${band.key}": only the first band may start at -Infinity`, { fn, path });
    if (band.upper === Infinity && i < bands.length - 1) {
      throw new ClvkitError('INVALID_CONFIG', `band "${band.key}": only the last band may end at Infinity`, { fn, path });
    }
    if (band.lower === Infinity || band.upper === -Infinity)
      throw new ClvkitError('INVALID_CONFIG', `band "${band.key}": bounds the wrong way round`, { fn, path });
    if (i > 0) {
      const previous = bands[i - 1]!;
      if (band.lower !== previous.upper) {
        const what = band.lower < previous.upper ? 'overlaps' : 'leaves a gap after';
        throw new ClvkitError('INVALID_CONFIG', `band "${band.key}" ${what} band "${previous.key}" (bands must be sorted and contiguous)`, {
          fn,
          path,
          value: [previous.upper, band.lower],
        });
      }
    }
  });
}

/**
 * The band index of `value` (bands already checked): the i with `lower ≤ value < upper`, or −1 when the
 * value is outside every band (below a finite first lower bound or at/above a finite last upper bound).
 * Internal helper; callers turn −1 into an error.
 */
export function bandIndexOf(value: number, bands: readonly TierBand[]): number {
  if (value < bands[0]!.lower || value >= bands[bands.length - 1]!.upper) return -1;
  let lo = 0;
  let hi = bands.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (bands[mid]!.lower <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A band as reported in results: open ends as `null` rather than ±Infinity (which JSON cannot carry). */
export interface TierDescriptor {
  readonly key: string;
  readonly label: string;
  readonly labelZh: string;
  /** Inclusive lower bound; `null` when open below (−Infinity in the band definition). */
  readonly lower: number | null;
  /** Exclusive upper bound; `null` when open above (Infinity in the band definition). */
  readonly upper: number | null;
  readonly serviceLevel: string;
  readonly serviceLevelZh: string;
}

/** The report form of checked bands: ±Infinity bounds become `null`. */
export function describeTiers(bands: readonly TierBand[]): TierDescriptor[] {
  return bands.map((b) => ({
    key: b.key,
    label: b.label,
    labelZh: b.labelZh,
    lower: Number.isFinite(b.lower) ? b.lower : null,
    upper: Number.isFinite(b.upper) ? b.upper : null,
    serviceLevel: b.serviceLevel,
    serviceLevelZh: b.serviceLevelZh,
  }));
}

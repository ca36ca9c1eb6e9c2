// Estimating the value model's pieces: tier retention (one-year ratio or sBG), growth slopes, peer benchmarks and product gaps (split from value-decomposition.ts).
import { ClvkitError } from '../errors.js';
import { SIMULATOR_PRODUCT_ORDER as PRODUCTS } from '../book/product-order.js';
import { describeTiers } from '../tiers/tier-bands.js';
import type { TierBand } from '../tiers/tier-bands.js';
import { checkFiniteResult } from '../validate.js';
import { quantileSorted } from '../quantile-sorted.js';
import { tierRetentionSbg, type GroupRetentionSbg } from './tier-retention-sbg.js';
import type { PeerBenchmark, ProductGapStat, TierRetention, ValueModel } from './value-model.js';
import type { ValueOptions } from './value-options.js';
import { tierKeysOf } from './prepare-value-input.js';
import type { Prepared } from './prepare-value-input.js';

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
    {
      firstMonth: idx.map((i) => firstMonth[i]!),
      lastMonth: idx.map((i) => lastMonth[i]!),
      group: idx.map((i) => keys[i]!),
      asOfMonth: p.asOf,
      bookStartMonth: p.firstMonth,
    },
    { minCustomers: o.minPeers, horizonMonths: o.horizonMonths },
  );
  const toTier = (g: GroupRetentionSbg): TierRetention => ({
    monthlyRate: g.monthlyRate,
    source: g.source,
    atRisk: g.cohortCustomers,
    retained: g.cohortCustomers - g.churned,
    lookbackMonths: 0,
    sbg: {
      alpha: g.alpha,
      beta: g.beta,
      standardErrors: g.standardErrors === null ? null : { alpha: g.standardErrors.alpha, beta: g.standardErrors.beta },
      converged: g.converged,
      medianTenureMonths: g.medianTenureMonths,
      churned: g.churned,
    },
  });
  const pooled = toTier(r.pooled);
  for (const band of bands) {
    const g = r.groups[band.key];
    retention[band.key] = g !== undefined ? toTier(g) : { ...pooled, source: 'pooled', atRisk: 0, retained: 0 };
  }
  return pooled;
}

/** Estimate the model's pieces (retention, tier slopes, benchmarks) from the input. */
export function estimateModel(p: Prepared, o: ValueOptions, bands: readonly TierBand[], tiers: readonly (string | null)[], fn: string): ValueModel {
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
        : {
            monthlyRate: (retainedAll / cohort.length) ** (1 / lookback),
            source: 'estimated',
            atRisk: cohort.length,
            retained: retainedAll,
            lookbackMonths: lookback,
          };
    for (const band of bands) {
      const atRisk = atRiskBy.get(band.key) ?? 0;
      const retained = retainedBy.get(band.key) ?? 0;
      retention[band.key] =
        atRisk >= o.minPeers
          ? { monthlyRate: (retained / atRisk) ** (1 / lookback), source: 'estimated', atRisk, retained, lookbackMonths: lookback }
          : { ...pooled, source: pooled.source === 'assumed' ? 'assumed' : 'pooled', atRisk, retained };
    }
  }
  // sBG (the default) replaces the one-year ratios; left to the default, a book sBG cannot be fitted on (no
  // acquired customer has left) keeps the ratios and says why. Asked for explicitly, that is TOO_FEW_VALUES.
  let retentionModel: 'sbg' | 'one-year-ratio' = o.retentionModel ?? 'sbg';
  let retentionFallback: string | undefined;
  if (retentionModel === 'sbg') {
    const sbgTable: Record<string, TierRetention> = {};
    try {
      pooled = sbgRetention(p, bands, o, sbgTable, fn);
      for (const key of Object.keys(retention)) delete retention[key];
      Object.assign(retention, sbgTable);
    } catch (e) {
      if (o.retentionModel !== undefined || !(e instanceof ClvkitError) || e.code !== 'TOO_FEW_VALUES') throw e;
      retentionModel = 'one-year-ratio';
      retentionFallback = 'sBG could not be fitted: no customer acquired during the book has left it; the one-year ratio is used';
    }
  }
  for (const band of bands) {
    retention[band.key] ??= { ...pooled };
    const given = o.retention?.[band.key];
    if (given !== undefined) retention[band.key] = { monthlyRate: given, source: 'given', atRisk: 0, retained: 0, lookbackMonths: 0 };
  }
  for (const key of Object.keys(o.retention ?? {})) {
    if (!bands.some((b) => b.key === key)) {
      throw new ClvkitError('INVALID_CONFIG', `retention is given for tier "${key}", which is not one of the tier bands`, {
        fn,
        path: ['retention', key],
        value: key,
      });
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
      retentionModel,
      ...(retentionFallback === undefined ? {} : { retentionFallback }),
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

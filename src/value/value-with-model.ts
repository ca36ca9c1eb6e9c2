// Valuing customers with a (fitted or loaded) value model: fade, annuities, the three parts (split from value-decomposition.ts).
import { checkTierBands } from '../tiers/tier-bands.js';
import { checkFiniteResult } from '../validate.js';
import { bandsFromDescriptors } from './value-model.js';
import type { GrowthFade, PeerBenchmark, ValueModel } from './value-model.js';
import { VALUE_DECOMPOSITION_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';
import type { ProductGap, BenchmarkLevel, ValueDecomposition } from './value-input.js';
import { tiersOf } from './prepare-value-input.js';
import type { Prepared } from './prepare-value-input.js';

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

export function valueWith(model: ValueModel, p: Prepared, fn: string): Displayed<ValueDecomposition> {
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
  return withDisplay(
    {
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
    },
    VALUE_DECOMPOSITION_DISPLAY,
  );
}

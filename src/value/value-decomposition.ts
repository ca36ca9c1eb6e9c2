import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { DEFAULT_TIER_BANDS, checkTierBands } from '../tiers/tier-bands.js';
import { parseOptions } from '../validate.js';
import { valueModelFromJSON } from './value-model.js';
import type { ValueModel } from './value-model.js';
import type { Displayed } from '../display/with-display.js';
import type { ValueInput, ValueDecomposition } from './value-input.js';
import { valueSchema } from './value-options.js';
import type { ValueDecompositionOptions } from './value-options.js';
import { prepare, tiersOf } from './prepare-value-input.js';
import { estimateModel } from './estimate-value-model.js';
import { valueWith } from './value-with-model.js';

export type { ValueSnapshots, ValueInput, ProductGap, BenchmarkLevel, ValueDecomposition } from './value-input.js';
export { valueSchema } from './value-options.js';
export type { ValueDecompositionOptions } from './value-options.js';

const applySchema = z.object({}).strict();
/** Options of {@link applyValueModel} (none: everything comes from the model). */
export type ApplyValueModelOptions = z.input<typeof applySchema>;

/**
 * A bank customer's lifetime value in three parts, in currency over a horizon (Chinese retail banks'
 * 显性价值 + 成长价值 + 潜在价值), from monthly snapshots and, optionally, a transaction model's P(alive):
 *
 * - contribution c_i(m) = netRevenue − costToServe in month m; the **current contribution** c_i is its mean over
 *   the last `currentWindow` months (default 3: one quarter smooths one-off fees and month-end effects
 *   without going stale; months without a snapshot are left out of the mean);
 * - **survival** S_i(k) = P(alive)_i · ρ_tier^k, where ρ is the monthly retention of the customer's asset tier
 *   (AUM in the as-of month, `tierBands`). By default (`retentionModel: 'sbg'`) ρ comes from a
 *   shifted-beta-geometric fit per tier on the book's acquisition cohorts (Fader & Hardie 2007; see
 *   tierRetentionSbg): the constant rate with the sBG's survival over the horizon for the tier's median-tenure
 *   customer, a tier with fewer than `minPeers` cohort customers on the pooled fit; a book on which no acquired
 *   customer has left falls back to the ratio below (`assumptions.retentionFallback` says so). With
 *   `retentionModel: 'one-year-ratio'`: of the customers on the book `retentionLookbackMonths` (12) months
 *   earlier, tiered by their AUM then, the share R still on the book now, ρ = R^(1/12) (a book shorter than that
 *   uses the longest lookback L it has, ρ = R^(1/L); a tier whose cohort is smaller than `minPeers` uses all
 *   tiers' rate; a one-month book assumes ρ = 1). `retention` overrides by tier; the source of each rate is in
 *   `model.retention`, the model used in `assumptions.retentionModel`;
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
 *   customer and month), INVALID_CONFIG (bad tier bands; retention for an unknown tier), TOO_FEW_VALUES
 *   (`retentionModel: 'sbg'` given explicitly on a book where no acquired customer has left), NUMERIC_FAILURE (a
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

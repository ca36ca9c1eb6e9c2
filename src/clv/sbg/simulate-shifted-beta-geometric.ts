import { z } from 'zod';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';

const positive = z.number().positive().refine(Number.isFinite, 'must be finite');

const simulateSbgSchema = z
  .object({
    params: z.object({ alpha: positive, beta: positive }).strict(),
    /** Customers in the cohort. */
    customers: z.number().int().min(1).max(50_000_000),
    /** Periods the cohort is observed for (k): survivors are counted after periods 1..k. */
    periods: z.number().int().min(1).max(100_000),
    seed: z.number().int(),
  })
  .strict();

/** Options of {@link simulateShiftedBetaGeometric}. */
export type SimulateShiftedBetaGeometricOptions = z.input<typeof simulateSbgSchema>;

/** A simulated sBG cohort, in both input forms of `fitShiftedBetaGeometric`, with each customer's true θ. */
export interface SimulatedShiftedBetaGeometric {
  readonly length: number;
  /** Per customer: the lifetime T when it ended within the observation, else the periods observed (k). */
  readonly periods: Float64Array;
  /** Per customer: 1 when the lifetime ended within the k observed periods (T ≤ k), else 0 (censored, T > k). */
  readonly churned: Uint8Array;
  /** The cohort form: `{ customers, survivors }` with survivors after periods 1..k. */
  readonly cohort: { readonly customers: number; readonly survivors: number[] };
  /** Each customer's true churn probability θ ~ Beta(α, β). */
  readonly theta: Float64Array;
  /** Each customer's true lifetime T (periods; it may exceed k). */
  readonly lifetime: Float64Array;
}

/**
 * Draw a cohort from the shifted-beta-geometric model: θᵢ ~ Beta(α, β), then Tᵢ ~ shifted geometric(θᵢ)
 * (T = ⌈ln U / ln(1−θ)⌉ ≥ 1, by inversion), observed for `periods` periods. Seeded; customer i's draws come
 * from stream i, so a larger cohort extends a smaller one with the same seed.
 *
 * @throws ClvkitError INVALID_OPTIONS
 * @example
 * const sim = simulateShiftedBetaGeometric({ params: { alpha: 0.704, beta: 1.182 }, customers: 1000, periods: 7, seed: 1 });
 * sim.cohort.survivors // [648, 494, 395, 345, 288, 255, 231] (1000·S(t) = 627, 474, 388, 332, 292, 262, 239)
 */
export function simulateShiftedBetaGeometric(options: SimulateShiftedBetaGeometricOptions): SimulatedShiftedBetaGeometric {
  const { params, customers, periods: k, seed } = parseOptions(simulateSbgSchema, options, 'simulateShiftedBetaGeometric');
  const rng = createRandom(seed);
  const periods = new Float64Array(customers);
  const churned = new Uint8Array(customers);
  const theta = new Float64Array(customers);
  const lifetime = new Float64Array(customers);
  const survivors = new Array<number>(k).fill(0);
  for (let i = 0; i < customers; i++) {
    const r = rng.fork(i);
    const th = r.beta(params.alpha, params.beta);
    theta[i] = th;
    const u = 1 - r.next(); // (0, 1]
    // P(T > t) = (1−θ)^t; T = ⌈ln U / ln(1−θ)⌉, at least 1; θ = 1 (rounded) churns at once, θ = 0 never within k.
    const lt = th >= 1 ? 1 : th <= 0 ? Infinity : Math.max(1, Math.ceil(Math.log(u) / Math.log1p(-th)));
    lifetime[i] = lt;
    if (lt <= k) {
      periods[i] = lt;
      churned[i] = 1;
    } else {
      periods[i] = k;
    }
    const alive = Math.min(lt - 1, k);
    for (let t = 0; t < alive; t++) survivors[t] = survivors[t]! + 1;
  }
  return { length: customers, periods, churned, cohort: { customers, survivors }, theta, lifetime };
}

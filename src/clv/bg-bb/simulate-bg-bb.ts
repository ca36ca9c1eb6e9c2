import { z } from 'zod';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';

const positive = z.number().positive().finite();

const simulateBgBbSchema = z.strictObject({
  params: z.strictObject({ alpha: positive, beta: positive, gamma: positive, delta: positive }),
  /** Number of customers to draw. */
  customers: z.number().int().min(1).max(50_000_000),
  /** Transaction opportunities each customer is observed for (n). */
  periods: z.number().int().min(1).max(1_000_000),
  /** Further opportunities simulated after the n observed ones, reported as `holdoutFrequency` (default 0). */
  holdoutPeriods: z.number().int().min(0).max(1_000_000).default(0),
  seed: z.number().int(),
});

/** Options of {@link simulateBgBb}. */
export type SimulateBgBbOptions = z.input<typeof simulateBgBbSchema>;

/** A simulated BG/BB customer base: the RFM columns the model reads plus each customer's true latent values. */
export interface BgBbSimulation {
  readonly length: number;
  /** x: transactions in the n opportunities. */
  readonly frequency: Float64Array;
  /** t_x: the opportunity of the last transaction, 0 when none. */
  readonly recency: Float64Array;
  /** n, the same for every customer. */
  readonly T: Float64Array;
  /** True transaction probability p of each customer. */
  readonly p: Float64Array;
  /** True dropout probability θ of each customer. */
  readonly theta: Float64Array;
  /** Transactions in the `holdoutPeriods` opportunities after n (all 0 without a holdout). */
  readonly holdoutFrequency: Float64Array;
  /** 1 when the customer is still alive after the last simulated opportunity (n + holdoutPeriods). */
  readonly aliveAtEnd: Uint8Array;
}

/** @deprecated Use {@link BgBbSimulation} (one naming scheme: `<Model>Simulation`); kept for one release. */
export type SimulatedBgBb = BgBbSimulation;

/**
 * Draw a customer base from the BG/BB process (FHS 2010 §2): p ~ Beta(α, β), θ ~ Beta(γ, δ); at the start
 * of each opportunity a living customer dies with probability θ, otherwise transacts with probability p.
 * With `holdoutPeriods` the same customers are followed further (for checking conditional predictions).
 * Customer k uses its own random stream (`fork(k)`), so a customer's history does not depend on how many
 * others are drawn.
 *
 * @throws ClvkitError INVALID_OPTIONS
 * @example
 * const sim = simulateBgBb({ params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 }, customers: 3, periods: 6, seed: 1 });
 * // sim.frequency → Float64Array [ 0, 3, 0 ], sim.recency → Float64Array [ 0, 3, 0 ]
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), §2 (model assumptions).
 */
export function simulateBgBb(options: SimulateBgBbOptions): BgBbSimulation {
  const { params, customers, periods, holdoutPeriods, seed } = parseOptions(simulateBgBbSchema, options, 'simulateBgBb');
  const root = createRandom(seed);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const T = new Float64Array(customers).fill(periods);
  const p = new Float64Array(customers);
  const theta = new Float64Array(customers);
  const holdoutFrequency = new Float64Array(customers);
  const aliveAtEnd = new Uint8Array(customers);
  for (let k = 0; k < customers; k++) {
    const rng = root.fork(k);
    const pk = rng.beta(params.alpha, params.beta);
    const tk = rng.beta(params.gamma, params.delta);
    p[k] = pk;
    theta[k] = tk;
    let x = 0;
    let last = 0;
    let future = 0;
    let alive = 1;
    for (let t = 1; t <= periods + holdoutPeriods; t++) {
      if (rng.next() < tk) {
        alive = 0;
        break;
      }
      if (rng.next() < pk) {
        if (t <= periods) {
          x++;
          last = t;
        } else future++;
      }
    }
    frequency[k] = x;
    recency[k] = last;
    holdoutFrequency[k] = future;
    aliveAtEnd[k] = alive;
  }
  return { length: customers, frequency, recency, T, p, theta, holdoutFrequency, aliveAtEnd };
}

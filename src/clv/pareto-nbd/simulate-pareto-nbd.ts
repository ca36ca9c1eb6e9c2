import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';

const positive = z.number().positive().refine(Number.isFinite, 'must be finite');

const simulateParetoNbdSchema = z.strictObject({
  params: z.strictObject({ r: positive, alpha: positive, s: positive, beta: positive }),
  /** Number of customers to draw. */
  customers: z.number().int().min(1).max(50_000_000),
  /** Observation length T of every customer (a number), or one T per customer (length `customers`); each > 0. */
  T: z.union([
    positive,
    z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), 'expected a number or an array of numbers'),
  ]),
  seed: z.number().int(),
});

/** Options of {@link simulateParetoNbd}. */
export type SimulateParetoNbdOptions = z.input<typeof simulateParetoNbdSchema>;

/** A simulated Pareto/NBD customer base: the (x, t_x, T) columns plus each customer's latent values. */
export interface ParetoNbdSimulation {
  readonly length: number;
  /** x: repeat purchases in (0, T]. */
  readonly frequency: Float64Array;
  /** t_x: time of the last repeat purchase, 0 when none. */
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** True purchase rate λ of each customer. */
  readonly lambda: Float64Array;
  /** True dropout rate μ of each customer. */
  readonly mu: Float64Array;
  /** 1 when the customer is still alive at T. */
  readonly aliveAtEnd: Uint8Array;
}

/** @deprecated Use {@link ParetoNbdSimulation} (one naming scheme: `<Model>Simulation`); kept for one release. */
export type SimulatedParetoNbd = ParetoNbdSimulation;

/**
 * Draw customers from the Pareto/NBD process (Schmittlein, Morrison & Colombo 1987, assumptions i–v):
 * λ ~ Gamma(shape r, rate α), μ ~ Gamma(shape s, rate β); the lifetime τ ~ Exponential(μ); while alive
 * (0 < t ≤ min(τ, T)) purchases follow a Poisson process with rate λ. x is the number of purchases in
 * (0, min(τ, T)] and t_x the last of them (the maximum of x uniforms on that interval, drawn directly).
 * Customer k uses its own stream `fork(k)`, so a customer's history does not depend on how many are drawn.
 *
 * @throws ClvkitError INVALID_OPTIONS (bad params/customers/seed), LENGTH_MISMATCH (T array length),
 *   INVALID_VALUE (a T ≤ 0 or not finite)
 * @example
 * simulateParetoNbd({ params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, customers: 3, T: 39, seed: 1 }).frequency
 * // Float64Array [ 0, 1, 0 ]
 */
export function simulateParetoNbd(options: SimulateParetoNbdOptions): ParetoNbdSimulation {
  const fn = 'simulateParetoNbd';
  const { params, customers, T: horizon, seed } = parseOptions(simulateParetoNbdSchema, options, fn);
  const T = new Float64Array(customers);
  if (typeof horizon === 'number') T.fill(horizon);
  else {
    if (horizon.length !== customers) {
      throw new ClvkitError('LENGTH_MISMATCH', `T has ${horizon.length} entries, expected ${customers}`, { fn, column: 'T' });
    }
    for (let k = 0; k < customers; k++) {
      const v = horizon[k]!;
      if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0))
        throw new ClvkitError('INVALID_VALUE', 'T must be a finite number > 0', { fn, column: 'T', index: k, value: v });
      T[k] = v;
    }
  }
  const root = createRandom(seed);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const lambda = new Float64Array(customers);
  const mu = new Float64Array(customers);
  const aliveAtEnd = new Uint8Array(customers);
  for (let k = 0; k < customers; k++) {
    const rng = root.fork(k);
    const l = rng.gamma(params.r, 1 / params.alpha);
    const m = rng.gamma(params.s, 1 / params.beta);
    lambda[k] = l;
    mu[k] = m;
    const lifetime = m > 0 ? rng.exponential(m) : Number.POSITIVE_INFINITY;
    const active = Math.min(lifetime, T[k]!);
    aliveAtEnd[k] = lifetime > T[k]! ? 1 : 0;
    const x = rng.poisson(l * active);
    frequency[k] = x;
    // The last of x uniform arrival times on (0, active]: active · U^{1/x}.
    recency[k] = x === 0 ? 0 : active * Math.pow(1 - rng.next(), 1 / x);
  }
  return { length: customers, frequency, recency, T, lambda, mu, aliveAtEnd };
}

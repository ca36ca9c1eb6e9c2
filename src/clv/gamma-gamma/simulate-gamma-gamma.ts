import { z } from 'zod';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';

const positive = z.number().positive().finite();
const countsSchema = z
  .custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), {
    message: 'expected an array of numbers or a typed array',
  })
  .superRefine((values, ctx) => {
    if (values.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one customer is needed' });
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        ctx.addIssue({ code: 'custom', message: `frequency at row ${i} must be a whole number ≥ 0 (got ${String(v)})`, path: [i] });
        return;
      }
    }
  });

const simulateGammaGammaSchema = z.strictObject({
  params: z.strictObject({ p: positive, q: positive, gamma: positive }),
  /** Repeat transactions per customer (x); a customer with x = 0 gets monetaryValue 0. */
  frequency: countsSchema,
  seed: z.number().int(),
});

/** Options of {@link simulateGammaGamma}. */
export type SimulateGammaGammaOptions = z.input<typeof simulateGammaGammaSchema>;

/** Simulated spend: the columns the model reads plus each customer's true latent rate ν and true mean p/ν. */
export interface GammaGammaSimulation {
  readonly length: number;
  readonly frequency: Float64Array;
  /** Mean of the customer's x transaction values; 0 when x = 0. */
  readonly monetaryValue: Float64Array;
  /** True ν of each customer (transaction values are Gamma(p, rate ν)). */
  readonly nu: Float64Array;
  /** True mean transaction value p/ν of each customer. */
  readonly trueMeanValue: Float64Array;
}

/** @deprecated Use {@link GammaGammaSimulation} (one naming scheme: `<Model>Simulation`); kept for one release. */
export type SimulatedGammaGamma = GammaGammaSimulation;

/**
 * Draw transaction values from the Gamma-Gamma model (Fader & Hardie 2013 §2): ν ~ Gamma(shape q, rate γ),
 * then x values z ~ Gamma(shape p, rate ν) per customer; returns their mean. Customer k uses stream `fork(k)`.
 *
 * @throws ClvkitError INVALID_OPTIONS
 * @example
 * simulateGammaGamma({ params: { p: 6, q: 4, gamma: 15 }, frequency: [0, 2], seed: 1 }).monetaryValue
 * // Float64Array [ 0, 11.78… ]
 * @see Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", http://www.brucehardie.com/notes/025/.
 */
export function simulateGammaGamma(options: SimulateGammaGammaOptions): GammaGammaSimulation {
  const { params, frequency: counts, seed } = parseOptions(simulateGammaGammaSchema, options, 'simulateGammaGamma');
  const n = counts.length;
  const root = createRandom(seed);
  const frequency = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  const nu = new Float64Array(n);
  const trueMeanValue = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rng = root.fork(k);
    const x = counts[k]!;
    const v = rng.gamma(params.q, 1 / params.gamma);
    let sum = 0;
    for (let j = 0; j < x; j++) sum += rng.gamma(params.p, 1 / v);
    frequency[k] = x;
    monetaryValue[k] = x > 0 ? sum / x : 0;
    nu[k] = v;
    trueMeanValue[k] = params.p / v;
  }
  return { length: n, frequency, monetaryValue, nu, trueMeanValue };
}

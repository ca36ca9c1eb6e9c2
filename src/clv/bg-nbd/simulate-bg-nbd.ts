import type { z } from 'zod';
import type { BgSimulation } from './bg-family.js';
import { type bgSimulateOptionsSchema, simulateBgFamily } from './bg-model.js';

/** Options of simulateBgNbd. */
export type SimulateBgNbdOptions = z.input<typeof bgSimulateOptionsSchema>;
/** Simulated (x, t_x, T) columns, with each customer's latent λ, p and alive flag. */
export type BgNbdSimulation = BgSimulation;

/**
 * Draw customers from the BG/NBD model: λ ~ Gamma(shape r, rate α), p ~ Beta(a, b); the first
 * purchase is at time 0, repeat purchases follow a Poisson(λ) process, and after each repeat
 * purchase the customer drops out with probability p; observed up to T. Deterministic in `seed`
 * (customer i uses the stream `createRandom(seed).fork(i)`), for tests and what-if studies.
 *
 * @throws INVALID_OPTIONS (bad params, seed, or T given as a number without `customers`),
 *   LENGTH_MISMATCH, EMPTY_INPUT, INVALID_VALUE (a T ≤ 0), NUMERIC_FAILURE (more than 1e8 purchases).
 * @see Fader, Hardie & Lee (2005), §3 (the model's assumptions).
 * @example
 * const sim = simulateBgNbd({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 4, T: 39, seed: 1 });
 * sim.frequency; // Float64Array [0, 0, 0, 0]   (these four drew tiny rates: λ = 4.4e-6, 0.0084, 0.012, 0.00015)
 * sim.p;         // Float64Array [0.2147, 0.0225, 0.8100, 0.1167] (rounded)
 */
export function simulateBgNbd(options: SimulateBgNbdOptions): BgNbdSimulation {
  return simulateBgFamily('bg-nbd', 'simulateBgNbd', options);
}

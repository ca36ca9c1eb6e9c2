import type { z } from 'zod';
import type { BgSimulation } from '../bg-nbd/bg-family.js';
import { type bgSimulateOptionsSchema, simulateBgFamily } from '../bg-nbd/bg-model.js';

/** Options of simulateModifiedBgNbd. */
export type SimulateModifiedBgNbdOptions = z.input<typeof bgSimulateOptionsSchema>;
/** Simulated (x, t_x, T) columns, with each customer's latent λ, p and alive flag (the shape of `BgNbdSimulation`). */
export type ModifiedBgNbdSimulation = BgSimulation;

/**
 * Draw customers from the MBG/NBD model: as simulateBgNbd, but the customer may also drop out
 * at time 0 (with probability p), right after the first purchase.
 *
 * @throws INVALID_OPTIONS, LENGTH_MISMATCH, EMPTY_INPUT, INVALID_VALUE, NUMERIC_FAILURE (see simulateBgNbd).
 * @see Batislam, Denizel & Filiztekin (2007).
 * @example
 * const sim = simulateModifiedBgNbd({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 5000, T: 39, seed: 1 });
 * fitModifiedBgNbd(sim, { timeUnit: 'week' }).params;
 * // { r: 0.2307728439322051, alpha: 4.108038012729592, a: 0.8294897193369941, b: 2.636600099102342 }
 */
export function simulateModifiedBgNbd(options: SimulateModifiedBgNbdOptions): ModifiedBgNbdSimulation {
  return simulateBgFamily('mbg-nbd', 'simulateModifiedBgNbd', options);
}

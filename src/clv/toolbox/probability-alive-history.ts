import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { parseOptions } from '../../validate.js';
import type { FittedTransactionModel } from '../transaction-model.js';

const schema = z
  .object({
    /** Last time of the history, in the model's time unit after the first purchase (≥ the last purchase). */
    until: z.number().min(0).refine(Number.isFinite, 'must be finite'),
    /** Number of evenly spaced points (purchase times are added). Default 200. */
    points: z.number().int().min(2).max(100_000).default(200),
  })
  .strict();

/** A customer's P(alive) over time. */
export interface ProbabilityAliveHistory {
  /** Times since the first purchase, model time unit, ascending (each purchase time appears just before and at the purchase). */
  readonly t: Float64Array;
  /** P(alive at t | the purchases up to t). */
  readonly pAlive: Float64Array;
  /** The repeat-purchase times (model time unit since the first purchase). */
  readonly purchases: Float64Array;
}

/**
 * One customer's P(alive) history (lifetimes' `plot_history_alive`): at each time t since the first purchase,
 * the model's P(alive | x(t), t_x(t), T = t) from the repeat purchases made by then. It falls between purchases
 * and jumps up at each one. Continuous-time models only (BG/NBD, MBG/NBD, Pareto/NBD).
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (purchase times not finite, negative, unsorted or after `until`),
 *   UNSUPPORTED (a BG/BB model: use whole opportunities with probabilityAliveAt).
 * @example
 * probabilityAliveHistory(bgNbd, [4, 9.5], { until: 30, points: 4 }) // CDNOW BG/NBD
 * // t: [0, 3.99…, 4, 9.49…, 9.5, 10, 20, 30], pAlive: [1, 1, 0.7537, 0.6208, 0.8120, 0.7997, 0.5504, 0.3617]
 */
export function probabilityAliveHistory(
  model: FittedTransactionModel,
  purchaseTimes: ArrayLike<number>,
  options: z.input<typeof schema>,
): ProbabilityAliveHistory {
  const fn = 'probabilityAliveHistory';
  const { until, points } = parseOptions(schema, options, fn);
  if (model === null || typeof model !== 'object' || typeof model.probabilityAlive !== 'function') {
    throw new ClvkitError('INVALID_VALUE', 'expected a fitted transaction model', { fn });
  }
  if (model.kind === 'bg-bb') throw new ClvkitError('UNSUPPORTED', 'BG/BB counts discrete opportunities: use probabilityAliveAt', { fn });
  const purchases = new Float64Array(purchaseTimes.length);
  for (let i = 0; i < purchases.length; i++) {
    const v = purchaseTimes[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > until || (i > 0 && v < purchases[i - 1]!)) {
      throw new ClvkitError('INVALID_VALUE', 'purchase times must be finite, > 0 (after the first purchase), ascending and ≤ until', {
        fn,
        index: i,
        value: v,
      });
    }
    purchases[i] = v;
  }
  const times = new Set<number>();
  for (let i = 0; i < points; i++) times.add((until * i) / (points - 1));
  for (const p of purchases) {
    times.add(p);
    times.add(Math.max(0, p * (1 - 1e-9)));
  }
  const t = Float64Array.from([...times].sort((a, b) => a - b));
  const frequency = new Float64Array(t.length);
  const recency = new Float64Array(t.length);
  let j = 0;
  for (let i = 0; i < t.length; i++) {
    while (j < purchases.length && purchases[j]! <= t[i]!) j++;
    frequency[i] = j;
    recency[i] = j === 0 ? 0 : purchases[j - 1]!;
  }
  return { t, pAlive: model.probabilityAlive({ frequency, recency, T: t }), purchases };
}

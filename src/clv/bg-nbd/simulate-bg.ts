// Drawing customers from the BG family (split from bg-family.ts).
import { ClvkitError } from '../../errors.js';
import type { BgParams, DropoutOffset } from './bg-family.js';

/** What {@link simulateBg} draws. */
export interface BgSimulation {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** Each customer's drawn purchase rate λ and drop-out probability p (for tests). */
  readonly lambda: Float64Array;
  readonly p: Float64Array;
  /** 1 when the customer is still alive at T. */
  readonly alive: Uint8Array;
}

/**
 * Draw customers from the BG family: λ ~ Gamma(r, 1/α), p ~ Beta(a, b); the customer buys at
 * time 0, then as a Poisson(λ) process; after each repeat purchase (and, for k = 1, also at time
 * 0) they drop out with probability p. Each customer uses its own stream `rng.fork(i)`.
 */
export function simulateBg(
  p: BgParams,
  k: DropoutOffset,
  T: Float64Array,
  fork: (i: number) => { gamma(shape: number, scale?: number): number; beta(a: number, b: number): number; exponential(rate: number): number; next(): number },
  fn: string,
): BgSimulation {
  const n = T.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const lambda = new Float64Array(n);
  const prob = new Float64Array(n);
  const alive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const rng = fork(i);
    const lam = rng.gamma(p.r, 1 / p.alpha);
    const pi = rng.beta(p.a, p.b);
    lambda[i] = lam;
    prob[i] = pi;
    const end = T[i]!;
    let x = 0;
    let tx = 0;
    let living = !(k === 1 && rng.next() < pi);
    if (living && lam > 0) {
      let time = 0;
      for (;;) {
        time += rng.exponential(lam);
        if (!(time <= end)) break;
        x++;
        tx = time;
        if (rng.next() < pi) {
          living = false;
          break;
        }
        if (x > 1e8) throw new ClvkitError('NUMERIC_FAILURE', 'a simulated customer makes more than 1e8 purchases', { fn, index: i });
      }
    }
    frequency[i] = x;
    recency[i] = tx;
    alive[i] = living ? 1 : 0;
  }
  return { frequency, recency, T: Float64Array.from(T), lambda, p: prob, alive };
}

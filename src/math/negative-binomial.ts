import { logGamma } from './log-gamma.js';
import { logRegularizedBeta } from './incomplete-beta.js';

/**
 * ln P(N = j) for j = 0..n of the negative binomial that counts a Gamma(shape, rate)-mixed Poisson process's
 * events in a window of length t: P(N = j) = Γ(shape+j)/(Γ(shape) j!) · (rate/(rate+t))^shape · (t/(rate+t))^j
 * (the NBD of FHL 2005 eq. 2 with r → shape, α → rate). Returned in log space (the first term underflows for
 * a large shape). t ≥ 0; at t = 0 all mass is at j = 0.
 */
export function logNegativeBinomialPmf(shape: number, rate: number, t: number, n: number): Float64Array {
  const out = new Float64Array(n + 1);
  if (t === 0) {
    out.fill(-Infinity);
    out[0] = 0;
    return out;
  }
  const lnP0 = shape * (Math.log(rate) - Math.log(rate + t));
  const lnQ = Math.log(t) - Math.log(rate + t);
  out[0] = lnP0;
  for (let j = 1; j <= n; j++) out[j] = out[j - 1]! + Math.log((shape + j - 1) / j) + lnQ;
  // Long recurrences drift; re-anchor every 64 steps on ln Γ.
  for (let j = 64; j <= n; j += 64) out[j] = logGamma(shape + j) - logGamma(shape) - logGamma(j + 1) + lnP0 + j * lnQ;
  for (let j = 65; j <= n; j++) if (j % 64 !== 0) out[j] = out[j - 1]! + Math.log((shape + j - 1) / j) + lnQ;
  return out;
}

/** P(N ≥ n) of the same negative binomial: I_q(n, shape) with q = t/(rate+t) (n ≥ 1, t > 0). */
export function negativeBinomialTail(shape: number, rate: number, t: number, n: number): number {
  if (t === 0) return 0;
  const q = t / (rate + t);
  return Math.exp(logRegularizedBeta(q, rate / (rate + t), n, shape));
}

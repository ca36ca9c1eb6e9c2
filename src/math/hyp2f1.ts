import { ClvkitError } from '../errors.js';
import { digamma } from './digamma.js';
import { logGamma } from './log-gamma.js';

/** Series terms stop once |term| < SERIES_EPSILON·|sum|. */
const SERIES_EPSILON = 1e-15;
/** Hard cap on series terms (the slowest case is z very close to 1). */
const MAX_TERMS = 2_000_000;
/** Above this z the linear transformation z → 1 − z is used when c − a − b is not close to an integer. */
const NEAR_ONE = 0.9;
/** Rescale the running sum when it passes this, so that huge parameters cannot overflow. */
const RESCALE = 1e200;
const LOG_RESCALE = Math.log(RESCALE);
/** A series whose largest term exceeds its sum by this factor has lost more than 8 digits: refuse it. */
const MAX_CANCELLATION = 1e8;
const LOG_MAX_CANCELLATION = Math.log(MAX_CANCELLATION);
/** Above this (|a|+|b|)·(1−z), integer c − a − b near z = 1 goes to the Gauss series first (see logAbsHyp2f1Unit). */
const SERIES_FIRST = 2;
/** ... provided the series needs fewer than about this many terms (≈ 40/(1−z)). */
const SERIES_FIRST_MAX_TERMS = 100_000;
/** Up to this cancellation (≤ 3 digits) the z → 1 − z limit forms are used as they are. */
const LOG_TRUSTED_CANCELLATION = Math.log(1e3);

/** A real number as ln|value| and its sign (sign 0 means the value is exactly 0). */
export interface SignedLog {
  readonly log: number;
  readonly sign: -1 | 0 | 1;
}

/**
 * ln|Γ(x)| and the sign of Γ(x) for any real x that is not a non-positive integer, by the
 * reflection formula Γ(x)Γ(1−x) = π / sin(πx) for x < 0.5.
 * @throws NUMERIC_FAILURE at a pole (x a non-positive integer) or for non-finite x.
 * @example logGammaSigned(-0.5) // { log: 1.2655121234846451, sign: -1 } (Γ(−½) = −2√π)
 */
export function logGammaSigned(x: number): SignedLog {
  if (!Number.isFinite(x)) throw new ClvkitError('NUMERIC_FAILURE', 'Γ of a non-finite number', { fn: 'logGammaSigned', value: x });
  if (x > 0) return { log: logGamma(x), sign: 1 };
  if (Number.isInteger(x)) throw new ClvkitError('NUMERIC_FAILURE', 'Γ has a pole at non-positive integers', { fn: 'logGammaSigned', value: x });
  const s = Math.sin(Math.PI * (x - 2 * Math.floor(x / 2)));
  return { log: Math.log(Math.PI) - Math.log(Math.abs(s)) - logGamma(1 - x), sign: s > 0 ? 1 : -1 };
}

/** 1/Γ(x) as a signed log; zero (sign 0) at the poles. */
function logRecipGamma(x: number): SignedLog {
  if (x <= 0 && Number.isInteger(x)) return { log: Number.NEGATIVE_INFINITY, sign: 0 };
  const g = logGammaSigned(x);
  return { log: -g.log, sign: g.sign };
}

/**
 * The Gauss series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ as a signed log, with the running sum rescaled so
 * that parameters in the thousands cannot overflow. Stops when a term is below 1e-15 of the sum
 * (after the terms have started to shrink), or exactly when a or b is a non-positive integer; also
 * returns ln(largest |term| / |sum|): how many digits (as a natural log) cancellation cost.
 */
function gaussSeriesWithLoss(a: number, b: number, c: number, z: number, fn: string, maxTerms = MAX_TERMS): Lossy {
  if (z === 0) return { value: { log: 0, sign: 1 }, lostLog: 0 };
  // Refuse at once a series that cannot finish within the budget (instead of summing maxTerms terms to find out).
  if (estimatedTerms(a, b, c, z) > maxTerms) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the hypergeometric series would need too many terms', { fn, a, b, c, z });
  }
  let term = 1;
  let sum = 1;
  let logScale = 0;
  // Largest |term| seen, on the current scale: when it dwarfs the sum, alternating terms have cancelled.
  let largest = 1;
  const done = (): Lossy => {
    if (largest > MAX_CANCELLATION * Math.abs(sum)) {
      throw new ClvkitError('NUMERIC_FAILURE', 'the hypergeometric series loses more than 8 digits to cancellation', { fn, a, b, c, z });
    }
    return { value: signedLog(sum, logScale), lostLog: Math.max(0, Math.log(largest / Math.abs(sum))) };
  };
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1));
    term *= ratio * z;
    sum += term;
    if (Math.abs(term) > largest) largest = Math.abs(term);
    if (term === 0) {
      // A terminating series is a polynomial: a sum that cancels to within its own rounding error
      // (≈ n·ε·max|term|) is a root of it, reported as exactly 0 (sign 0, log −Infinity).
      if (Math.abs(sum) <= 4 * Number.EPSILON * largest * (n + 2)) return { value: { log: Number.NEGATIVE_INFINITY, sign: 0 }, lostLog: 0 };
      return done();
    }
    if (Math.abs(sum) > RESCALE || largest > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      largest /= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Only stop once the terms are shrinking: |ratio·z| < 1 and the next terms are bounded by a geometric tail.
    const nextRatio = Math.abs((((a + n + 1) * (b + n + 1)) / ((c + n + 1) * (n + 2))) * z);
    if (nextRatio < 1 && Math.abs(term) <= SERIES_EPSILON * Math.abs(sum) * (1 - nextRatio)) return done();
    if (!Number.isFinite(sum)) break;
  }
  throw new ClvkitError('NUMERIC_FAILURE', 'the hypergeometric series did not converge', { fn, a, b, c, z });
}

/**
 * A lower estimate of the terms a non-terminating Gauss series at 0 < z < 1 needs: up to where its terms stop
 * growing (the positive root of (1−z)n² + (c + 1 − (a+b)z)n + c − abz = 0, where the term ratio is 1), then
 * ≈ 36/(1−z) more for them to fall by 1e-16 at the limiting ratio z. Terminating series and z ≤ 0 report 0.
 */
function estimatedTerms(a: number, b: number, c: number, z: number): number {
  if (!(z > 0) || (a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b))) return 0;
  const w = 1 - z;
  const p = c + 1 - (a + b) * z;
  const q = c - a * b * z;
  const disc = p * p - 4 * w * q;
  const peak = disc > 0 ? Math.max(0, (-p + Math.sqrt(disc)) / (2 * w)) : 0;
  return peak + 36 / w;
}

/** A computed value with ln of the factor by which cancellation amplified its rounding errors. */
interface Lossy {
  readonly value: SignedLog;
  readonly lostLog: number;
}

function signedLog(sum: number, logScale: number): SignedLog {
  if (sum === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0 };
  return { log: Math.log(Math.abs(sum)) + logScale, sign: sum > 0 ? 1 : -1 };
}

/** The cost proxy of a series: how large its numerator parameters are relative to c. */
function seriesCost(a: number, b: number, c: number): number {
  return Math.abs(a) + Math.abs(b) - Math.min(Math.abs(c), Math.abs(a) + Math.abs(b)) * 0.5;
}

/**
 * ln|₂F₁(a, b; c; z)| and its sign, for real a, b, c (c not a non-positive integer) and real z < 1.
 *
 * - z < 0: Pfaff's transformation ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)) (or its
 *   b-form), which maps z into [0, 1);
 * - 0 ≤ z ≤ 0.9: the Gauss series, or Euler's form (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) when its
 *   numerator parameters are smaller (this is what keeps BG/NBD's ₂F₁(r+x, b+x; a+b+x−1; z)
 *   cheap for x in the thousands);
 * - 0.9 < z < 1: the linear transformation z → 1−z (Abramowitz & Stegun 15.3.6) when c − a − b is
 *   not an integer; for integer c − a − b (where 15.3.6 has removable poles) its limit forms
 *   A&S 15.3.10–15.3.11 (with Euler's transformation for negative c − a − b). Those sums grow like
 *   ((|a|+|b|)(1−z))ⁿ/n! and then cancel, so when (|a|+|b|)(1−z) > 2 (e.g. Pareto/NBD's
 *   ₂F₁(r+s+x, s+1; r+s+x+1; z) with s = 2 and x in the hundreds) the Gauss series at z, which then
 *   needs only ≈ 40/(1−z) terms, is summed instead; the limit forms' cancellation is measured and
 *   they are used only when they lose at most 3 digits (or 8, when the series cannot be summed).
 *   When c − a − b is so close to an integer that 15.3.6 would lose more than 8 digits, the series
 *   is summed directly (up to 2·10⁶ terms).
 *
 * Series sums are rescaled so parameters in the thousands do not overflow.
 *
 * Zero: where ₂F₁ is 0 — a terminating series (a or b a non-positive integer, possibly after Pfaff's or
 * Euler's transformation) at a root of its polynomial, e.g. ₂F₁(3.1, 3; 2.1; −7/3) = 0.7⁻³·(1 − 3·0.7/2.1)
 * — the result is `{ log: -Infinity, sign: 0 }` (ln 0), whenever the polynomial's sum cancels to within its
 * rounding error. Callers must handle sign 0 (the one in clvkit, the BG/NBD expectation kernel, does:
 * 1 − D = 1). A non-terminating series that cancels by more than 8 digits still throws NUMERIC_FAILURE.
 *
 * @throws NUMERIC_FAILURE when z ≥ 1, an argument is not finite, c is a non-positive integer, or a series does not converge.
 * @see Abramowitz & Stegun (1964), §15.1.1, 15.3.3–15.3.6, 15.3.10–15.3.11.
 * @example logAbsHyp2f1(1, 1, 2, 0.5) // { log: 0.32663425997828033, sign: 1 } (= ln(2 ln 2))
 */
export function logAbsHyp2f1(a: number, b: number, c: number, z: number): SignedLog {
  const fn = 'hyp2f1';
  if (![a, b, c, z].every(Number.isFinite)) throw new ClvkitError('NUMERIC_FAILURE', 'hyp2f1 needs finite arguments', { fn, a, b, c, z });
  if (!(z < 1)) throw new ClvkitError('NUMERIC_FAILURE', 'hyp2f1 is computed for real z < 1 only', { fn, z });
  if (c <= 0 && Number.isInteger(c)) throw new ClvkitError('NUMERIC_FAILURE', 'c must not be a non-positive integer', { fn, c });
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1 };
  if (z < 0) {
    const w = z / (z - 1);
    const log1mz = Math.log1p(-z);
    // Choose the Pfaff form whose series parameters are smaller.
    if (seriesCost(a, c - b, c) <= seriesCost(c - a, b, c)) {
      const inner = logAbsHyp2f1Unit(a, c - b, c, w, fn);
      return { log: inner.log - a * log1mz, sign: inner.sign };
    }
    const inner = logAbsHyp2f1Unit(c - a, b, c, w, fn);
    return { log: inner.log - b * log1mz, sign: inner.sign };
  }
  return logAbsHyp2f1Unit(a, b, c, z, fn);
}

/** 0 ≤ z < 1. */
function logAbsHyp2f1Unit(a: number, b: number, c: number, z: number, fn: string): SignedLog {
  if (z === 0) return { log: 0, sign: 1 };
  const terminating = (a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b));
  const s = c - a - b;
  const log1mz = Math.log1p(-z);
  if (z > NEAR_ONE && !terminating) {
    // c − a − b equal to an integer m up to rounding (e.g. 2.3 − 3 − 0.3): use the integer forms at m.
    const m = Math.round(s);
    if (Math.abs(s - m) <= 1e-12 * Math.max(1, Math.abs(a) + Math.abs(b) + Math.abs(c))) {
      // Euler first when m < 0: F(a,b;c;z) = (1−z)^s F(c−a, c−b; c; z), whose c − a' − b' = −s > 0.
      const [pa, pb, pm] = m < 0 ? [c - a, c - b, -m] : [a, b, m];
      // The limit forms' terms grow like ((|a'|+|b'|)·w)ⁿ/n! before they fall, and then cancel; the Gauss
      // series at z needs only ≈ 40/w terms. So with (|a'|+|b'|)·w > 2, sum the series first when that is short.
      let seriesError: unknown = null;
      if ((1 - z) * (Math.abs(pa) + Math.abs(pb)) > SERIES_FIRST && 40 / (1 - z) < SERIES_FIRST_MAX_TERMS) {
        try {
          return seriesAt(a, b, c, z, fn);
        } catch (error) {
          seriesError = error;
        }
      }
      const limit = integerExcess(pa, pb, pm, z, fn);
      if (limit !== null) {
        const value: SignedLog = m < 0 ? { log: limit.value.log + s * log1mz, sign: limit.value.sign } : limit.value;
        if (limit.lostLog <= LOG_TRUSTED_CANCELLATION) return value;
        // Some digits lost to cancellation: the Gauss series at z is exact here if it converges in time.
        if (seriesError === null) {
          try {
            return seriesAt(a, b, c, z, fn);
          } catch (error) {
            seriesError = error;
          }
        }
        if (limit.lostLog <= LOG_MAX_CANCELLATION) return value;
      }
      if (seriesError !== null) throw seriesError;
    } else {
      // A&S 15.3.6 is a difference of two terms that cancel when (|a|+|b|)·(1−z) is large (₂F₁(0.001, 1000;
      // 1099; 0.963) = 1.002 is e^44.1 − e^44.1); the Gauss series at z then needs only ≈ 40/(1−z) terms
      // beyond its peak, so it is summed first when that is affordable.
      if ((1 - z) * (Math.abs(a) + Math.abs(b)) > SERIES_FIRST && 40 / (1 - z) < SERIES_FIRST_MAX_TERMS) {
        try {
          return seriesAt(a, b, c, z, fn, SERIES_FIRST_MAX_TERMS);
        } catch {
          // Too slow or cancelling: the transformation below, which measures its own error.
        }
      }
      try {
        return linearTransform(a, b, c, z, fn);
      } catch {
        // c − a − b too close to an integer for A&S 15.3.6, or the transformation would lose too many
        // digits to cancellation: sum the series below instead (NUMERIC_FAILURE if it cannot be summed).
      }
    }
  }
  return seriesAt(a, b, c, z, fn, z > NEAR_ONE ? SERIES_FIRST_MAX_TERMS : MAX_TERMS);
}

/** The Gauss series at z, directly or in Euler's form (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z), whichever is cheaper. */
function seriesAt(a: number, b: number, c: number, z: number, fn: string, maxTerms = MAX_TERMS): SignedLog {
  return seriesAtWithLoss(a, b, c, z, fn, maxTerms).value;
}

function seriesAtWithLoss(a: number, b: number, c: number, z: number, fn: string, maxTerms = MAX_TERMS): Lossy {
  const terminating = (a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b));
  const eulerTerminating = (c - a <= 0 && Number.isInteger(c - a)) || (c - b <= 0 && Number.isInteger(c - b));
  const direct = (): Lossy => gaussSeriesWithLoss(a, b, c, z, fn, maxTerms);
  const euler = (): Lossy => {
    const inner = gaussSeriesWithLoss(c - a, c - b, c, z, fn, maxTerms);
    return { value: { log: inner.value.log + (c - a - b) * Math.log1p(-z), sign: inner.value.sign }, lostLog: inner.lostLog };
  };
  if (terminating) return direct();
  if (eulerTerminating) return euler();
  // The cheaper form first; when it cancels by more than 3 digits (or cannot be summed), the other form, whose
  // terms may all have one sign (₂F₁(0.001, 1000; 1.7; z) directly rather than through c − b = −998.3).
  const [first, second] = seriesCost(c - a, c - b, c) < seriesCost(a, b, c) ? [euler, direct] : [direct, euler];
  let firstResult: Lossy | null = null;
  let firstError: unknown = null;
  try {
    firstResult = first();
    if (firstResult.lostLog <= LOG_TRUSTED_CANCELLATION) return firstResult;
  } catch (error) {
    firstError = error;
  }
  try {
    const other = second();
    if (firstResult === null || other.lostLog < firstResult.lostLog) return other;
  } catch (error) {
    if (firstResult === null) throw firstError ?? error;
  }
  return firstResult!;
}

/**
 * A&S 15.3.10–15.3.11: ₂F₁(a, b; a+b+m; z) for an integer m ≥ 0 and z near 1, where 15.3.6 has
 * removable poles. Returns null when a digamma argument hits a pole (then the caller sums the series).
 */
function integerExcess(a: number, b: number, m: number, z: number, fn: string): { value: SignedLog; lostLog: number } | null {
  const w = 1 - z;
  const lw = Math.log(w);
  const pole = (v: number): boolean => v <= 0 && Number.isInteger(v);
  if (pole(a) || pole(b) || pole(a + m) || pole(b + m)) return null;
  // Finite part: Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σ_{n<m} (a)_n(b)_n/(n!(1−m)_n) wⁿ.
  let finite: SignedLog = { log: Number.NEGATIVE_INFINITY, sign: 0 };
  // ln of the largest single term of either sum (with its prefactor): when it dwarfs the result,
  // the expansion has cancelled (large parameters with w not small) and is refused below.
  let largestLog = Number.NEGATIVE_INFINITY;
  const gab = logGammaSigned(a + b + m);
  if (m > 0) {
    let term = 1;
    let sum = 1;
    let largest = 1;
    for (let n = 0; n < m - 1; n++) {
      term *= (((a + n) * (b + n)) / ((n + 1) * (1 - m + n))) * w;
      sum += term;
      if (Math.abs(term) > largest) largest = Math.abs(term);
    }
    const ga = logGammaSigned(a + m);
    const gb = logGammaSigned(b + m);
    const s1 = signedLog(sum, 0);
    const prefactor = logGamma(m) + gab.log - ga.log - gb.log;
    finite = { log: prefactor + s1.log, sign: (gab.sign * ga.sign * gb.sign * s1.sign) as -1 | 0 | 1 };
    largestLog = prefactor + Math.log(largest);
  }
  // Logarithmic part: −(−w)^m Γ(a+b+m)/(Γ(a)Γ(b)) Σ_n (a+m)_n(b+m)_n/(n!(n+m)!) wⁿ
  //   × [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)].
  const ra = logRecipGamma(a);
  const rb = logRecipGamma(b);
  let infinite: SignedLog = { log: Number.NEGATIVE_INFINITY, sign: 0 };
  if (ra.sign !== 0 && rb.sign !== 0) {
    let coef = 1; // (a+m)_n(b+m)_n/(n!(n+m)!) · m!, the m! restored below
    let psi1 = digamma(1);
    let psi2 = digamma(m + 1);
    let psiA = digamma(a + m);
    let psiB = digamma(b + m);
    let sum = 0;
    let largest = 0;
    let converged = false;
    for (let n = 0; n < MAX_TERMS; n++) {
      const term = coef * (lw - psi1 - psi2 + psiA + psiB);
      sum += term;
      if (Math.abs(term) > largest) largest = Math.abs(term);
      if (n > 2 && Math.abs(term) <= SERIES_EPSILON * Math.abs(sum)) {
        converged = true;
        break;
      }
      coef *= (((a + m + n) * (b + m + n)) / ((n + 1) * (n + m + 1))) * w;
      psi1 += 1 / (n + 1);
      psi2 += 1 / (n + m + 1);
      psiA += 1 / (a + m + n);
      psiB += 1 / (b + m + n);
      if (!Number.isFinite(sum)) break;
    }
    if (!converged) return null;
    const s2 = signedLog(sum, 0);
    const signW = m % 2 === 0 ? 1 : -1; // (−w)^m
    const prefactor = m * lw + gab.log + ra.log + rb.log - logGamma(m + 1);
    infinite = { log: prefactor + s2.log, sign: (-signW * gab.sign * ra.sign * rb.sign * s2.sign) as -1 | 0 | 1 };
    largestLog = Math.max(largestLog, prefactor + Math.log(largest));
  }
  let value: SignedLog;
  try {
    value = addSigned(finite, infinite, fn, { a, b, c: a + b + m, z });
  } catch {
    return null;
  }
  // With a parameter large against 1/w the terms grow like (b·w)ⁿ/n! and the bracket changes sign
  // near the peak: the sums then cancel (₂F₁(1003.5533, 3; 1004.5533; 0.95) came out as e^37.5
  // instead of e^8.93). Report how many digits were lost (as ln of the factor); the caller then
  // prefers the Gauss series at z, which in exactly this regime (w ≫ 1/b) converges in O(1/w) terms.
  if (value.sign === 0) return null;
  return { value, lostLog: Math.max(0, largestLog - value.log) };
}

/**
 * A&S 15.3.6 for 0.9 < z < 1 and c − a − b not an integer. Its two terms can cancel; the relative error
 * by which rounding errors are amplified (cancellation inside each series, and between the terms) is
 * measured and the transformation refused (NUMERIC_FAILURE) beyond {@link TRANSFORM_MAX_AMPLIFICATION}.
 */
function linearTransform(a: number, b: number, c: number, z: number, fn: string): SignedLog {
  const s = c - a - b;
  const w = 1 - z;
  const gc = logGammaSigned(c);
  // Term 1: Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) · F(a, b; 1−s; w)
  const g1 = logGammaSigned(s);
  const r1a = logRecipGamma(c - a);
  const r1b = logRecipGamma(c - b);
  // Term 2: w^s Γ(c)Γ(−s)/(Γ(a)Γ(b)) · F(c−a, c−b; 1+s; w)
  const g2 = logGammaSigned(-s);
  const r2a = logRecipGamma(a);
  const r2b = logRecipGamma(b);
  let t1: SignedLog = { log: Number.NEGATIVE_INFINITY, sign: 0 };
  let lost1 = 0;
  if (r1a.sign !== 0 && r1b.sign !== 0) {
    const f = innerSeries(a, b, 1 - s, w, fn);
    t1 = { log: gc.log + g1.log + r1a.log + r1b.log + f.value.log, sign: (gc.sign * g1.sign * r1a.sign * r1b.sign * f.value.sign) as -1 | 0 | 1 };
    lost1 = f.lostLog;
  }
  let t2: SignedLog = { log: Number.NEGATIVE_INFINITY, sign: 0 };
  let lost2 = 0;
  if (r2a.sign !== 0 && r2b.sign !== 0) {
    const f = innerSeries(c - a, c - b, 1 + s, w, fn);
    const lw = s * Math.log(w);
    t2 = { log: lw + gc.log + g2.log + r2a.log + r2b.log + f.value.log, sign: (gc.sign * g2.sign * r2a.sign * r2b.sign * f.value.sign) as -1 | 0 | 1 };
    lost2 = f.lostLog;
  }
  const sum = addSigned(t1, t2, fn, { a, b, c, z });
  // Each term carries the rounding of its ln Γ values (unavoidable, ≈ ε·|ln Γ|) times what its series lost
  // to cancellation; the sum multiplies that by |t_i|/|sum|. Refuse when the product of the two passes
  // what a direct summation would lose (the caller then sums the series, or reports NUMERIC_FAILURE).
  const amplification = Math.max(t1.sign === 0 ? 0 : Math.exp(t1.log - sum.log + lost1), t2.sign === 0 ? 0 : Math.exp(t2.log - sum.log + lost2));
  if (!(amplification <= TRANSFORM_MAX_AMPLIFICATION)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the z → 1 − z transformation would lose too many digits', { fn, a, b, c, z });
  }
  return sum;
}

/** Largest factor by which the transformation may amplify rounding errors (3 digits) before the direct series is preferred. */
const TRANSFORM_MAX_AMPLIFICATION = 1e3;

/** The inner series of 15.3.6 at w = 1 − z ≤ 0.1, with its cancellation. */
function innerSeries(a: number, b: number, c: number, w: number, fn: string): Lossy {
  if (c <= 0 && Number.isInteger(c)) throw new ClvkitError('NUMERIC_FAILURE', 'c − a − b too close to an integer', { fn, c });
  return seriesAtWithLoss(a, b, c, w, fn);
}

/** Sum of two signed logs; NUMERIC_FAILURE when they cancel to below working precision. */
function addSigned(x: SignedLog, y: SignedLog, fn: string, args: Record<string, number>): SignedLog {
  if (x.sign === 0) return y;
  if (y.sign === 0) return x;
  const [big, small] = x.log >= y.log ? [x, y] : [y, x];
  const d = small.log - big.log;
  if (big.sign === small.sign) return { log: big.log + Math.log1p(Math.exp(d)), sign: big.sign };
  if (d > -1e-9) {
    throw new ClvkitError('NUMERIC_FAILURE', 'catastrophic cancellation in the z → 1 − z transformation', { fn, ...args });
  }
  const lost = -Math.log10(-Math.expm1(d));
  if (lost > 8) throw new ClvkitError('NUMERIC_FAILURE', 'catastrophic cancellation in the z → 1 − z transformation', { fn, ...args });
  return { log: big.log + Math.log(-Math.expm1(d)), sign: big.sign };
}

/**
 * ln ₂F₁(a, b; c; z) for real z < 1 when the value is positive (always the case for a, b, c > 0
 * and 0 ≤ z < 1, as in BG/NBD, MBG/NBD and Pareto/NBD predictions). Works for parameters in the
 * thousands, where ₂F₁ itself overflows. See `logAbsHyp2f1` for the method.
 *
 * @throws NUMERIC_FAILURE when the value is ≤ 0 or cannot be computed (see `logAbsHyp2f1`).
 * @example logHyp2f1(1000, 1000, 1500, 0.9) // 1368.9108368664038 (₂F₁ itself would overflow)
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const v = logAbsHyp2f1(a, b, c, z);
  if (v.sign !== 1) throw new ClvkitError('NUMERIC_FAILURE', 'hyp2f1 is not positive here; use logAbsHyp2f1', { fn: 'logHyp2f1', a, b, c, z });
  return v.log;
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) = Σₙ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ for real z < 1
 * (A&S 15.1.1, continued to z < 0 by Pfaff's transformation). See `logAbsHyp2f1` for the method.
 *
 * @throws NUMERIC_FAILURE when the value overflows a double or cannot be computed.
 * @example hyp2f1(1, 1, 2, 0.5) // 1.3862943611198897 (= −ln(1 − z)/z = 2 ln 2 = 1.3862943611198906)
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const v = logAbsHyp2f1(a, b, c, z);
  const value = v.sign * Math.exp(v.log);
  if (!Number.isFinite(value)) throw new ClvkitError('NUMERIC_FAILURE', 'hyp2f1 overflows; use logHyp2f1', { fn: 'hyp2f1', a, b, c, z });
  return value;
}

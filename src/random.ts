import { ClvkitError } from './errors.js';
import { logGamma } from './math/log-gamma.js';

/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna 2018) seeded through
 * splitmix32, so that every random step in clvkit is reproducible from an integer seed,
 * on every platform (32-bit integer arithmetic only; no Math.random, no global state).
 *
 * Draws from the distributions the models need: uniform, normal, gamma, beta, exponential,
 * Poisson, Bernoulli. `fork(k)` gives an independent stream derived from the seed and `k`,
 * so that per-customer draws stay the same when the number of customers or months changes.
 *
 * @example
 * const rng = createRandom(42);
 * rng.next();        // a float in [0, 1)
 * rng.gamma(2, 0.5); // a Gamma(shape 2, scale 0.5) draw
 */
export interface Random {
  /** The seed this generator was created from. */
  readonly seed: number;
  /** Uniform on [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform on [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer on 0..n-1. */
  int(n: number): number;
  /** Standard normal (or N(mean, sd²)). */
  normal(mean?: number, sd?: number): number;
  /** Gamma with the given shape and scale (mean shape·scale). */
  gamma(shape: number, scale?: number): number;
  /** Beta(a, b). */
  beta(a: number, b: number): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Poisson with the given mean. */
  poisson(mean: number): number;
  /** 1 with probability p, else 0. */
  bernoulli(p: number): 0 | 1;
  /** An independent generator derived from this one's seed and `stream`. */
  fork(stream: number): Random;
}

/** Create a generator from an integer seed (any finite number; it is reduced to 32 bits). */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) {
    throw new ClvkitError('INVALID_OPTIONS', 'seed must be a finite number', { fn: 'createRandom', value: seed });
  }
  return new Xoshiro128(seed);
}

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

function seedWords(seed: number): [number, number, number, number] {
  // Mix the integer part and any fractional/high part so that distinct seeds give distinct streams.
  let state = (Math.trunc(seed) ^ Math.trunc(seed / 4294967296)) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [s, out] = splitmix32(state);
    state = s;
    words.push(out);
  }
  // xoshiro's state must not be all zero.
  if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1;
  return words as [number, number, number, number];
}

class Xoshiro128 implements Random {
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.seed = seed;
    [this.s0, this.s1, this.s2, this.s3] = seedWords(seed);
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    // Marsaglia polar method.
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  gamma(shape: number, scale = 1): number {
    // Marsaglia & Tsang (2000); shape < 1 through Γ(a) = Γ(a+1)·U^(1/a).
    if (shape < 1) {
      const u = this.nextOpen();
      return this.gamma(shape + 1, scale) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.nextOpen();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    const sum = x + y;
    // Both tiny shapes can underflow to 0; fall back to the limiting Bernoulli(a/(a+b)).
    if (sum === 0) return this.next() < a / (a + b) ? 1 : 0;
    return x / sum;
  }

  exponential(rate: number): number {
    return -Math.log(this.nextOpen()) / rate;
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      // Knuth's multiplication method.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return this.poissonPtrs(mean);
  }

  /** Hörmann (1993) transformed rejection with squeeze (PTRS), for mean ≥ 30. */
  private poissonPtrs(lambda: number): number {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) {
        return k;
      }
    }
  }

  bernoulli(p: number): 0 | 1 {
    return this.next() < p ? 1 : 0;
  }

  fork(stream: number): Random {
    // Hash (seed, stream) into a new 32-bit seed.
    let h = Math.imul((this.seed | 0) ^ 0x5bd1e995, 0x27d4eb2d);
    h ^= Math.imul((stream | 0) + 0x165667b1, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
    h ^= h >>> 13;
    h ^= Math.trunc(stream / 4294967296);
    return new Xoshiro128(h | 0);
  }

  /** Uniform on (0, 1): never exactly 0, for logs and powers. */
  private nextOpen(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

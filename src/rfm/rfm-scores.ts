import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import { parseOptions } from '../validate.js';
import { RFM_SCORES_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';
import { binOf } from './bin-of.js';

/** The three RFM measures, in cell order. */
export const RFM_MEASURES = ['recency', 'frequency', 'monetary'] as const;
export type RfmMeasure = (typeof RFM_MEASURES)[number];

/** A customer-level table that already holds the three measures (one entry per customer). */
export interface RfmTable {
  readonly customerId: readonly string[];
  /** Days since the last purchase, ≥ 0; lower is better. */
  readonly recencyDays: ArrayLike<number>;
  /** Purchase count (any non-negative count); higher is better. */
  readonly frequency: ArrayLike<number>;
  /** Money value (any finite number, refunds may make it negative); higher is better. */
  readonly monetary: ArrayLike<number>;
}

const breakpointList = z.array(z.number()).min(1);

export const rfmScoresSchema = z
  .object({
    /** Number of score levels n: scores run 1..n. 2..9 so that the cell string has one digit per measure. */
    bins: z.number().int().min(2).max(9).default(5),
    /** Summary column used as F: `frequency` (repeat purchase days, the models' x) or `transactionCount`. */
    frequencyColumn: z.enum(['frequency', 'transactionCount']).default('frequency'),
    /** Summary column used as M: `totalAmount` (all spend) or `monetaryValue` (mean repeat spend). */
    monetaryColumn: z.enum(['totalAmount', 'monetaryValue']).default('totalAmount'),
    /** Explicit breakpoints (n − 1 strictly increasing values) per measure; measures left out use quantiles. */
    breakpoints: z
      .object({ recency: breakpointList.optional(), frequency: breakpointList.optional(), monetary: breakpointList.optional() })
      .strict()
      .default({}),
    /** Weights of the total score Σ w·score; non-negative, not all zero. */
    weights: z
      .object({
        recency: z.number().nonnegative().default(1),
        frequency: z.number().nonnegative().default(1),
        monetary: z.number().nonnegative().default(1),
      })
      .strict()
      .default({ recency: 1, frequency: 1, monetary: 1 })
      .refine((w) => w.recency + w.frequency + w.monetary > 0, { message: 'at least one weight must be positive' }),
  })
  .strict();

export type RfmScoresOptions = z.input<typeof rfmScoresSchema>;

/** How a measure was binned. */
export type RfmBinning = 'quantile' | 'explicit';

/** Per-measure record, keyed by measure. */
export interface RfmByMeasure<T> {
  readonly recency: T;
  readonly frequency: T;
  readonly monetary: T;
}

/** The result of {@link rfmScores}: one entry per customer plus how the bins were built. */
export interface RfmScores {
  readonly length: number;
  /** Number of score levels n (scores run 1..n, n best). */
  readonly bins: number;
  readonly customerId: readonly string[];
  /** The measures that were scored: days since last purchase, F and M as read from the input. */
  readonly recencyDays: Float64Array;
  readonly frequency: Float64Array;
  readonly monetary: Float64Array;
  /** Scores 1..n; for recency n = most recent. */
  readonly recencyScore: Uint8Array;
  readonly frequencyScore: Uint8Array;
  readonly monetaryScore: Uint8Array;
  /** "RFM" cell, one digit per score, e.g. "545". */
  readonly cell: readonly string[];
  /** Σ w·score with the weights below (3..3n with the default weights). */
  readonly totalScore: Float64Array;
  readonly weights: RfmByMeasure<number>;
  /** The n − 1 breakpoints actually used per measure, in the measure's own units, ascending. */
  readonly breakpoints: RfmByMeasure<readonly number[]>;
  readonly binning: RfmByMeasure<RfmBinning>;
  /** Scores that no customer received (ties or explicit breakpoints left the bin empty). */
  readonly emptyBins: RfmByMeasure<readonly number[]>;
  /** Which summary columns were read as F and M (`table` when the input was an {@link RfmTable}). */
  readonly source: { readonly frequency: string; readonly monetary: string };
}

function isSummary(input: CustomerSummary | RfmTable): input is CustomerSummary {
  return 'daysSinceLastPurchase' in input;
}

function measureColumn(values: ArrayLike<number> | undefined, length: number, column: string, nonNegative: boolean): Float64Array {
  if (values === undefined) throw new ClvkitError('MISSING_COLUMN', 'column is required', { fn: 'rfmScores', column });
  if (values.length !== length) {
    throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${length}`, { fn: 'rfmScores', column });
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn: 'rfmScores', column, index: i, value: v });
    }
    if (nonNegative && v < 0) throw new ClvkitError('INVALID_VALUE', 'expected a value ≥ 0', { fn: 'rfmScores', column, index: i, value: v });
    out[i] = v;
  }
  return out;
}

/**
 * Type-1 quantile breakpoints (Hyndman & Fan 1996, definition 1: the inverse of the empirical
 * distribution function, Q(p) = the smallest observed x with F̂(x) ≥ p) at p = k/n, k = 1..n−1.
 * Every breakpoint is an observed value; ties make breakpoints repeat.
 */
function quantileBreakpoints(sorted: Float64Array, n: number): number[] {
  const N = sorted.length;
  const out: number[] = [];
  // F̂(x_(j)) ≥ k/n  ⟺  j·n ≥ k·N, so the smallest such order statistic is j = ceil(k·N/n) (1-based).
  for (let k = 1; k < n; k++) out.push(sorted[Math.ceil((k * N) / n) - 1]!);
  return out;
}

/**
 * RFM scores: each customer's recency (days since last purchase, lower is better), frequency and
 * monetary value scored on 1..n (n best), the RFM cell string ("545") and a weighted total.
 *
 * **Bins.** For each measure, n − 1 ascending breakpoints b₁ ≤ … ≤ bₙ₋₁ cut the real line into
 * right-closed bins (−∞, b₁], (b₁, b₂], …, (bₙ₋₁, ∞): a value's bin j (0-based) is the number of
 * breakpoints strictly below it, so **a value equal to a breakpoint lands in the bin below it**, a
 * value is never in two bins, and identical values always share a bin. F and M score j + 1; R scores
 * n − j (fewer days = higher score).
 *
 * **Quantile breakpoints** (default): bₖ = Q(k/n) with Hyndman & Fan's definition 1, the inverse empirical
 * CDF — the smallest observed value whose share of customers at or below it is ≥ k/n. Together with the
 * rule above this gives the closed form j = min(n − 1, ⌊n·L/N⌋), L = number of customers with a strictly
 * smaller value, N = customers: the "sort, rank ties by their lowest rank, cut into n equal parts" rule.
 * Ties are never split: when ties make breakpoints coincide (e.g. 85% of customers with frequency 0 give
 * b₁ = … = b₄ = 0) the bins between them are empty and listed in `emptyBins` (here F scores 2, 3, 4:
 * every zero scores 1, every positive frequency scores 5) rather than shifting scores. **Explicit breakpoints** (`breakpoints.frequency: [1, 3, 6, 10]`) use the
 * same rule; they must be n − 1 strictly increasing numbers.
 *
 * **Input.** A {@link CustomerSummary} (R = `daysSinceLastPurchase`; F = `frequency` by default — repeat
 * purchase days, which ranks customers exactly like their number of distinct purchase days and does not let a
 * payment split into several same-day rows count twice — or `transactionCount`; M = `totalAmount` by
 * default or `monetaryValue`) or an {@link RfmTable} with the three measures. Total score = Σ w·score
 * (weights default 1 each, so 3..3n).
 *
 * @throws EMPTY_INPUT no customers; MISSING_COLUMN / LENGTH_MISMATCH on a malformed table; INVALID_VALUE a
 *   non-finite measure, negative days / frequency, or a non-string id; INVALID_OPTIONS bad options; INVALID_CONFIG explicit breakpoints of the wrong count or not strictly increasing.
 * @example
 * const s = rfmScores(
 *   { customerId: ['a', 'b', 'c', 'd', 'e'], recencyDays: [5, 40, 40, 200, 365], frequency: [0, 0, 0, 2, 7], monetary: [10, 50, 20, 300, 90] },
 *   { bins: 5 },
 * );
 * s.cell;                  // ['511', '413', '412', '245', '154']
 * s.breakpoints.frequency; // [0, 0, 0, 2]
 * s.emptyBins.frequency;   // [2, 3]  (three customers tied at 0 fill bins 1..3 by count, but all score 1)
 * s.emptyBins.recency;     // [3]     (the two customers at 40 days share score 4)
 * @see Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. The American Statistician 50(4), 361–365.
 */
export function rfmScores(input: CustomerSummary | RfmTable, options?: RfmScoresOptions): Displayed<RfmScores> {
  const opts = parseOptions(rfmScoresSchema, options, 'rfmScores');
  const fn = 'rfmScores';
  if (input === null || typeof input !== 'object') throw new ClvkitError('EMPTY_INPUT', 'expected a customer summary or RFM table', { fn });
  const ids = input.customerId;
  if (ids === undefined) throw new ClvkitError('MISSING_COLUMN', 'column is required', { fn, column: 'customerId' });
  const N = ids.length;
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });

  let recencyDays: Float64Array;
  let frequency: Float64Array;
  let monetary: Float64Array;
  let source: { frequency: string; monetary: string };
  if (isSummary(input)) {
    recencyDays = measureColumn(input.daysSinceLastPurchase, N, 'daysSinceLastPurchase', true);
    frequency = measureColumn(input[opts.frequencyColumn], N, opts.frequencyColumn, true);
    monetary = measureColumn(input[opts.monetaryColumn], N, opts.monetaryColumn, false);
    source = { frequency: opts.frequencyColumn, monetary: opts.monetaryColumn };
  } else {
    recencyDays = measureColumn(input.recencyDays, N, 'recencyDays', true);
    frequency = measureColumn(input.frequency, N, 'frequency', true);
    monetary = measureColumn(input.monetary, N, 'monetary', false);
    source = { frequency: 'table', monetary: 'table' };
  }
  for (let i = 0; i < N; i++) {
    if (typeof ids[i] !== 'string')
      throw new ClvkitError('INVALID_VALUE', 'customer id must be a string', { fn, column: 'customerId', index: i, value: ids[i] });
  }
  const n = opts.bins;
  const values: RfmByMeasure<Float64Array> = { recency: recencyDays, frequency, monetary };
  const breakpoints = {} as Record<RfmMeasure, number[]>;
  const binning = {} as Record<RfmMeasure, RfmBinning>;
  const scores = {} as Record<RfmMeasure, Uint8Array>;
  const emptyBins = {} as Record<RfmMeasure, number[]>;
  for (const measure of RFM_MEASURES) {
    const column = values[measure];
    const explicit = opts.breakpoints[measure];
    let cuts: number[];
    if (explicit !== undefined) {
      if (explicit.length !== n - 1) {
        throw new ClvkitError('INVALID_CONFIG', `expected ${n - 1} breakpoints for ${n} bins, got ${explicit.length}`, {
          fn,
          path: ['breakpoints', measure],
          value: explicit,
        });
      }
      for (let k = 1; k < explicit.length; k++) {
        if (!(explicit[k]! > explicit[k - 1]!)) {
          throw new ClvkitError('INVALID_CONFIG', 'breakpoints must be strictly increasing', { fn, path: ['breakpoints', measure, k], value: explicit[k] });
        }
      }
      cuts = [...explicit];
      binning[measure] = 'explicit';
    } else {
      cuts = quantileBreakpoints(Float64Array.from(column).sort(), n);
      binning[measure] = 'quantile';
    }
    breakpoints[measure] = cuts;
    const score = new Uint8Array(N);
    const used = new Uint8Array(n + 1);
    for (let i = 0; i < N; i++) {
      const j = binOf(column[i]!, cuts);
      const s = measure === 'recency' ? n - j : j + 1;
      score[i] = s;
      used[s] = 1;
    }
    scores[measure] = score;
    const empty: number[] = [];
    for (let s = 1; s <= n; s++) if (used[s] === 0) empty.push(s);
    emptyBins[measure] = empty;
  }

  const w = opts.weights;
  const cell: string[] = new Array<string>(N);
  const totalScore = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const r = scores.recency[i]!;
    const f = scores.frequency[i]!;
    const m = scores.monetary[i]!;
    cell[i] = `${r}${f}${m}`;
    totalScore[i] = w.recency * r + w.frequency * f + w.monetary * m;
  }
  return withDisplay(
    {
      length: N,
      bins: n,
      customerId: [...ids],
      recencyDays,
      frequency,
      monetary,
      recencyScore: scores.recency,
      frequencyScore: scores.frequency,
      monetaryScore: scores.monetary,
      cell,
      totalScore,
      weights: { recency: w.recency, frequency: w.frequency, monetary: w.monetary },
      breakpoints,
      binning,
      emptyBins,
      source,
    },
    RFM_SCORES_DISPLAY,
  );
}

import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { createRandom } from '../random.js';
import { checkFiniteResult, finiteColumn, parseOptions } from '../validate.js';
import { fitFeatureTransform, type FeatureTransform } from './feature-transform.js';
import { countDistinctRows, type FlatRows } from './flat-rows.js';
import { bestOfRuns, type KMeansRun } from './k-means.js';
import { defaultLocalTrials } from './k-means-plus-plus.js';
import { assignNearest, type FinishedRun } from './lloyd.js';
import { MIN_PARALLEL_ROWS, startLloydPool, usableThreads } from './parallel-lloyd.js';
import { DEFAULT_FEATURE_NAMES, labelSegments, type FeatureName, type SegmentLabels } from './segment-labels.js';
import { makeSegmentModel, readIds, scaleTable, tableLength, type SegmentModel, type SegmentTable } from './segment-model.js';
import { meanSilhouette, sampleIndices } from './silhouette-score.js';
import { SEGMENT_RESULT_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

const nameSchema = z.strictObject({
  en: z.string().min(1),
  zh: z.string().min(1),
  enHigh: z.string().min(1).optional(),
  enLow: z.string().min(1).optional(),
  zhHigh: z.string().min(1).optional(),
  zhLow: z.string().min(1).optional(),
});
const featureSchema = z.union([
  z.string().min(1),
  z.strictObject({
    column: z.string().min(1),
    /** Signed log1p before scaling; default: true for columns listed in `money`, else false. */
    log1p: z.boolean().optional(),
    /** Scaling of this feature; default: the `scale` option. */
    scale: z.enum(['zscore', 'robust']).optional(),
    /** Display names for the labels; default: DEFAULT_FEATURE_NAMES, else the column name. */
    name: nameSchema.optional(),
  }),
]);

const segmentSchema = z
  .strictObject({
    /** Feature columns (at least one), each a column name or `{ column, log1p?, scale?, name? }`. */
    features: z.array(featureSchema).min(1),
    /** Money-like columns: they get the signed log1p unless their feature says `log1p: false`. */
    money: z.array(z.string().min(1)).default([]),
    /** Default scaling after the log: z-score (mean/sd) or robust (median/IQR). */
    scale: z.enum(['zscore', 'robust']).default('zscore'),
    /** Number of segments, or a range to choose from. */
    k: z
      .union([z.number().int().min(1).max(1000), z.strictObject({ min: z.number().int().min(2).max(1000), max: z.number().int().min(2).max(1000) })])
      .default({ min: 2, max: 8 }),
    /** How k is chosen from a range: best mean silhouette, or the elbow of the inertia curve. */
    select: z.enum(['silhouette', 'elbow']).default('silhouette'),
    /** Silhouettes are computed on a seeded sample of at most this many customers. */
    silhouetteSample: z.number().int().min(10).max(100_000).default(2000),
    /** Independent k-means++ starts per k; the lowest inertia is kept. */
    restarts: z.number().int().min(1).max(100).default(4),
    /** Cap on Lloyd iterations per start. */
    maxIterations: z.number().int().min(1).max(100_000).default(300),
    /**
     * Converged when every centre moves by a squared scaled distance ≤ tolerance (default 1e-4: a move
     * of at most 0.01 scaled units). On z-scored features this is stricter than scikit-learn's default
     * (Σ over centres of the squared shift ≤ 1e-4 × mean feature variance) by up to a factor k; on the
     * 1M-row bench the inertia is then within 3e-6 of a run to 1e-6.
     */
    tolerance: z.number().min(0).default(1e-4),
    seed: z.number().int().default(42),
    /**
     * Worker threads for the Lloyd assignment passes, as kMeans' `threads` (default 1). Used from
     * 100,000 customers up (see `threads` in the result); any count ≥ 2 gives identical results, equal
     * to one thread up to the rounding of the sums.
     */
    threads: z.number().int().min(1).max(256).default(1),
    /** Id column carried into the result (strings or numbers, unique). */
    id: z.string().min(1).optional(),
    /** Value column (e.g. AUM, ≥ 0) for each segment's share of total value. */
    value: z.string().min(1).optional(),
    /** Segment order: largest first, or highest total value first (needs `value`). */
    order: z.enum(['size', 'value']).default('size'),
    /** |scaled centre| from which a feature names a segment ("high …"/"low …"). */
    labelThreshold: z.number().positive().default(0.5),
    /** At most this many features in a label (more only to make labels unique). */
    labelWords: z.number().int().min(1).max(10).default(2),
    /** Display names of features for the labels, by column. */
    names: z.record(z.string(), nameSchema).default({}),
  })
  .superRefine((o, ctx) => {
    if (typeof o.k === 'object' && o.k.min > o.k.max) ctx.addIssue({ code: 'custom', path: ['k'], message: 'min must be ≤ max' });
    if (typeof o.k === 'object' && o.select === 'elbow' && o.k.max - o.k.min < 2) {
      ctx.addIssue({ code: 'custom', path: ['select'], message: "'elbow' needs a range of at least 3 values of k" });
    }
    if (o.order === 'value' && o.value === undefined) ctx.addIssue({ code: 'custom', path: ['order'], message: "'value' order needs the value option" });
    const cols = o.features.map((f) => (typeof f === 'string' ? f : f.column));
    const dup = cols.find((c, i) => cols.indexOf(c) !== i);
    if (dup !== undefined) ctx.addIssue({ code: 'custom', path: ['features'], message: `duplicate feature ${dup}` });
  });

/** Options of {@link segmentCustomers}. */
export type SegmentCustomersOptions = z.input<typeof segmentSchema>;

/** One feature of a segment's profile. */
export interface SegmentFeatureProfile {
  readonly column: string;
  /** Centroid in original units: the mean of the members' original (untransformed) values. */
  readonly mean: number;
  /** Mean over the whole base. */
  readonly baseMean: number;
  /** 100 · mean / baseMean (100 = the base's average); null when the base mean is 0. */
  readonly index: number | null;
  /** The segment's centre in scaled space (what the label is built from). */
  readonly scaledCentre: number;
}

/** One segment. */
export interface SegmentProfile {
  readonly segment: number;
  readonly label: string;
  readonly labelZh: string;
  readonly size: number;
  /** size / number of customers. */
  readonly share: number;
  /** Sum of the value column over the members (when `value` is given). */
  readonly valueTotal?: number;
  /** valueTotal / total value of the base. */
  readonly valueShare?: number;
  readonly features: readonly SegmentFeatureProfile[];
}

/** The fit for one candidate k. */
export interface KCandidate {
  readonly k: number;
  /** Inertia (Σ squared scaled distance to the centre) of the best start. */
  readonly inertia: number;
  /** Mean silhouette on the sample; null for k = 1 or when the sample holds one segment only. */
  readonly silhouette: number | null;
  readonly runs: readonly KMeansRun[];
}

/** Result of {@link segmentCustomers}. */
export interface SegmentResult {
  readonly k: number;
  /** Per row: segment 0..k−1. */
  readonly segment: Int32Array;
  readonly ids?: readonly (string | number)[];
  readonly labels: SegmentLabels;
  readonly profiles: readonly SegmentProfile[];
  /** How k was chosen: 'fixed' (k given), 'silhouette' or 'elbow'. */
  readonly selection: 'fixed' | 'silhouette' | 'elbow';
  /** Every k tried, in increasing k: inertia curve and silhouettes. */
  readonly candidates: readonly KCandidate[];
  /** Customers the silhouettes were computed on. */
  readonly silhouetteSampleSize: number;
  readonly inertia: number;
  readonly silhouette: number | null;
  /** Features used, in order. */
  readonly features: readonly string[];
  /** Constant features, dropped. */
  readonly droppedFeatures: readonly string[];
  readonly warnings: readonly string[];
  readonly model: SegmentModel;
  /** Threads the Lloyd passes ran on: the `threads` option, or 1 below 100,000 customers. */
  readonly threads: number;
}

/**
 * Elbow of a decreasing inertia curve (a Kneedle-style rule, Satopää et al. 2011): scale k and inertia
 * to [0, 1] over the range (x = (k − k_min)/(k_max − k_min), y = (I − I(k_max))/(I(k_min) − I(k_max)))
 * and take the k farthest below the chord from (0, 1) to (1, 0), i.e. the largest 1 − x − y; ties and a
 * flat curve give the smaller k. Internal.
 */
export function elbowK(ks: readonly number[], inertia: readonly number[]): number {
  const k0 = ks[0]!;
  const k1 = ks[ks.length - 1]!;
  const i0 = inertia[0]!;
  const i1 = inertia[inertia.length - 1]!;
  if (!(i0 > i1)) return k0;
  let best = k0;
  let bestGap = -Infinity;
  ks.forEach((k, q) => {
    const gap = 1 - (k - k0) / (k1 - k0) - (inertia[q]! - i1) / (i0 - i1);
    if (gap > bestGap) {
      bestGap = gap;
      best = k;
    }
  });
  return best;
}

/**
 * Segment customers by k-means on chosen features: each feature optionally gets a signed log1p
 * (sign(x)·ln(1+|x|), for skewed money columns, negatives allowed), then z-score (default) or robust
 * (median/IQR) scaling; constant features (all values equal, or equal to working precision: see
 * feature-transform.ts) are dropped (reported); k is given or chosen from
 * `{ min, max }` by the best mean silhouette (default) or the elbow of the inertia curve (see
 * {@link elbowK}). Each k is fitted `restarts` times from seeded greedy k-means++ starts with capped
 * Lloyd iterations (see kMeans), keeping the lowest inertia; k uses the random stream
 * `createRandom(seed).fork(k)`, so results are deterministic for a seed.
 *
 * Segments are ordered by size (default; ties by value, then centre) or by total value, and named from
 * their scaled centres (see segment-labels.ts: "high assets, low activity" / "高资产、低活跃"). Profiles
 * give size, share, value share, and per feature the centroid in original units (mean of the members'
 * original values), its index against the base (100 = average; null when the base mean is 0) and the
 * scaled centre. The model (transforms, centres, labels) serialises with `toJSON()` and places new
 * customers with `assignSegments`; on the training table it reproduces `segment`.
 *
 * @throws EMPTY_INPUT no rows; MISSING_COLUMN a feature/id/value column is absent; LENGTH_MISMATCH
 *   columns differ in length; INVALID_VALUE a NaN or infinite feature (column and row), a negative
 *   value, a value column summing to 0, a bad id; DUPLICATE_ID a repeated id; TOO_FEW_VALUES every
 *   feature is constant, or k (k.min for a range) exceeds the number of distinct customers (a range's
 *   max is lowered to that number, with a warning); NUMERIC_FAILURE a feature's spread or a value total
 *   overflows a double; INVALID_OPTIONS bad options.
 * @example
 * const r = segmentCustomers(
 *   { aum: [100, 120, 90, 50000, 60000, 55000], activity: [30, 25, 28, 2, 1, 3] },
 *   { features: ['aum', 'activity'], money: ['aum'], k: 2, seed: 1 },
 * );
 * Array.from(r.segment); // [0, 0, 0, 1, 1, 1]
 * r.labels.en; // ['low assets, high activity', 'high assets, low activity']
 * r.labels.zh; // ['低资产、高活跃', '高资产、低活跃']
 */
export function segmentCustomers(table: SegmentTable, options: SegmentCustomersOptions): Displayed<SegmentResult> {
  const fn = 'segmentCustomers';
  const o = parseOptions(segmentSchema, options, fn);
  const specs = o.features.map((f) => (typeof f === 'string' ? { column: f } : f));
  const columns = specs.map((f) => f.column);
  const extra = [o.id, o.value].filter((c): c is string => c !== undefined);
  const n = tableLength(table, [...columns, ...extra], fn);
  const ids = o.id !== undefined ? readIds(table, o.id, n, fn) : undefined;
  const warnings: string[] = [];

  let value: Float64Array | undefined;
  let valueTotal = 0;
  if (o.value !== undefined) {
    value = finiteColumn(table[o.value] as ArrayLike<number>, o.value, fn);
    for (let i = 0; i < n; i++) {
      if (value[i]! < 0) throw new ClvkitError('INVALID_VALUE', 'value must be ≥ 0', { fn, column: o.value, index: i, value: value[i] });
      valueTotal += value[i]!;
    }
    checkFiniteResult(valueTotal, 'the total of the value column', fn, { column: o.value });
    if (!(valueTotal > 0)) throw new ClvkitError('INVALID_VALUE', 'value column sums to 0', { fn, column: o.value });
  }

  // Transforms; constant features dropped.
  const raw = new Map<string, Float64Array>();
  const transforms: FeatureTransform[] = [];
  const names: FeatureName[] = [];
  const dropped: string[] = [];
  for (const spec of specs) {
    const col = finiteColumn(table[spec.column] as ArrayLike<number>, spec.column, fn);
    const t = fitFeatureTransform(spec.column, col, spec.log1p ?? o.money.includes(spec.column), spec.scale ?? o.scale);
    if (t === undefined) {
      dropped.push(spec.column);
      warnings.push(`feature ${spec.column} is constant and was dropped`);
      continue;
    }
    if (t.scale === 'robust' && t.spreadKind === 'sd') {
      warnings.push(`feature ${spec.column} has an IQR of 0 (or a negligible one); scaled by its standard deviation instead`);
    }
    raw.set(spec.column, col);
    transforms.push(t);
    names.push(('name' in spec ? spec.name : undefined) ?? o.names[spec.column] ?? DEFAULT_FEATURE_NAMES[spec.column] ?? { en: spec.column, zh: spec.column });
  }
  if (transforms.length === 0) throw new ClvkitError('TOO_FEW_VALUES', 'every feature is constant', { fn, column: dropped.join(',') });
  for (const m of o.money) {
    if (!columns.includes(m)) warnings.push(`money column ${m} is not among the features and was ignored`);
  }
  const d = transforms.length;
  const threads = o.threads > 1 && n >= MIN_PARALLEL_ROWS ? usableThreads(o.threads) : 1;
  const scaled = scaleTable(table, transforms, n, fn);
  // With workers, the rows live in shared memory so that they read them in place.
  const data = threads > 1 ? new Float64Array(new SharedArrayBuffer(scaled.byteLength)) : scaled;
  if (threads > 1) data.set(scaled);
  const flat: FlatRows = { data, n, d };

  // Candidate ks.
  const kMin = typeof o.k === 'number' ? o.k : o.k.min;
  let kMax = typeof o.k === 'number' ? o.k : o.k.max;
  const distinct = countDistinctRows(flat, kMax);
  if (distinct < kMin) {
    throw new ClvkitError('TOO_FEW_VALUES', `k = ${kMin} exceeds the ${distinct} distinct customers (in the used features)`, { fn, k: kMin, distinct });
  }
  if (distinct < kMax) {
    warnings.push(`only ${distinct} distinct customers: k range capped at ${distinct}`);
    kMax = distinct;
  }
  const root = createRandom(o.seed);
  const sample = sampleIndices(n, o.silhouetteSample, root.fork(0x5151));
  const fits: { k: number; run: FinishedRun; candidate: KCandidate }[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const pool = threads > 1 ? startLloydPool(flat, { k, threads, fn, wait: false, trials: defaultLocalTrials(k) }) : undefined;
    let fitted: ReturnType<typeof bestOfRuns>;
    try {
      const settings = {
        k,
        rng: root.fork(k),
        restarts: o.restarts,
        maxIterations: o.maxIterations,
        tolerance: o.tolerance,
        localTrials: defaultLocalTrials(k),
        fn,
      };
      fitted = bestOfRuns(flat, pool === undefined ? settings : { ...settings, engine: pool, ...(pool.seed && { seeder: pool.seed }) });
    } finally {
      pool?.close();
    }
    const { run, runs } = fitted;
    const silhouette = k >= 2 ? (meanSilhouette(data, d, run.labels, k, sample) ?? null) : null;
    if (k >= 2 && silhouette === null) warnings.push(`k = ${k}: the silhouette sample holds one segment only`);
    fits.push({ k, run, candidate: { k, inertia: run.inertia, silhouette, runs } });
    for (const r of runs) {
      if (!r.converged) warnings.push(`k = ${k}, start ${r.restart}: not converged after ${o.maxIterations} iterations`);
    }
  }

  let chosen = fits[0]!;
  const selection = typeof o.k === 'number' ? 'fixed' : o.select;
  if (selection === 'silhouette') {
    let best = -Infinity;
    for (const f of fits) {
      const s = f.candidate.silhouette;
      if (s !== null && s > best) {
        best = s;
        chosen = f;
      }
    }
    if (best === -Infinity) warnings.push(`no silhouette could be computed; k = ${chosen.k} (the smallest) was kept`);
  } else if (selection === 'elbow' && fits.length >= 3) {
    const k = elbowK(
      fits.map((f) => f.k),
      fits.map((f) => f.candidate.inertia),
    );
    chosen = fits.find((f) => f.k === k)!;
  }
  const k = chosen.k;
  const run = chosen.run;

  // Order segments: size (or value) descending, then the other, then the centre's coordinates.
  const clusterValue = new Float64Array(k);
  if (value !== undefined) for (let i = 0; i < n; i++) clusterValue[run.labels[i]!]! += value[i]!;
  const byCentre = (a: number, b: number) => {
    for (let j = 0; j < d; j++) {
      const diff = run.centres[a * d + j]! - run.centres[b * d + j]!;
      if (diff !== 0) return diff;
    }
    return a - b;
  };
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => {
    const size = run.counts[b]! - run.counts[a]!;
    const val = clusterValue[b]! - clusterValue[a]!;
    const first = o.order === 'size' ? size : val;
    const second = o.order === 'size' ? val : size;
    return first !== 0 ? first : second !== 0 ? second : byCentre(a, b);
  });
  const centres = new Float64Array(k * d);
  order.forEach((old, c) => {
    for (let j = 0; j < d; j++) centres[c * d + j] = run.centres[old * d + j]!;
  });
  // Re-assign against the ordered centres, so that ties resolve exactly as assignSegments does.
  const segment = new Int32Array(n);
  const { counts } = assignNearest(flat, centres, segment, new Float64Array(n));
  if (counts.some((c) => c === 0)) throw new ClvkitError('NUMERIC_FAILURE', 'a segment lost all its members on reordering', { fn, k });

  const labels = labelSegments(centres, k, names, o.labelThreshold, o.labelWords);

  // Profiles.
  const sums = transforms.map(() => new Float64Array(k));
  const baseMeans = transforms.map((t) => {
    const col = raw.get(t.column)!;
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i]!;
    return checkFiniteResult(s, 'the total of a feature', fn, { column: t.column }) / n;
  });
  transforms.forEach((t, j) => {
    const col = raw.get(t.column)!;
    const acc = sums[j]!;
    for (let i = 0; i < n; i++) acc[segment[i]!]! += col[i]!;
    for (let c = 0; c < k; c++) checkFiniteResult(acc[c]!, 'the total of a feature in a segment', fn, { column: t.column, segment: c });
  });
  const segValue = new Float64Array(k);
  if (value !== undefined) for (let i = 0; i < n; i++) segValue[segment[i]!]! += value[i]!;
  const profiles: SegmentProfile[] = Array.from({ length: k }, (_, c) => {
    const size = counts[c]!;
    const features = transforms.map((t, j) => {
      const mean = sums[j]![c]! / size;
      const baseMean = baseMeans[j]!;
      return { column: t.column, mean, baseMean, index: baseMean !== 0 ? (100 * mean) / baseMean : null, scaledCentre: centres[c * d + j]! };
    });
    const base = { segment: c, label: labels.en[c]!, labelZh: labels.zh[c]!, size, share: size / n };
    return value !== undefined ? { ...base, valueTotal: segValue[c]!, valueShare: segValue[c]! / valueTotal, features } : { ...base, features };
  });

  const model = makeSegmentModel({
    kind: 'clvkit.segmentModel',
    version: 1,
    features: transforms,
    droppedFeatures: dropped,
    k,
    centres: Array.from({ length: k }, (_, c) => Array.from(centres.subarray(c * d, (c + 1) * d))),
    labels,
  });
  const result: SegmentResult = {
    k,
    segment,
    labels,
    profiles,
    selection,
    candidates: fits.map((f) => f.candidate),
    silhouetteSampleSize: sample.length,
    inertia: run.inertia,
    silhouette: chosen.candidate.silhouette,
    features: transforms.map((t) => t.column),
    droppedFeatures: dropped,
    warnings,
    model,
    threads,
  };
  return withDisplay(ids !== undefined ? { ...result, ids } : result, SEGMENT_RESULT_DISPLAY);
}

import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { checkFiniteResult, parseOptions, requireArrayLike, requireTable } from '../validate.js';
import { DEFAULT_RFM_SEGMENTS, RFM_OTHERS_SEGMENT } from './default-rfm-segments.js';
import type { RfmScoreBox, RfmSegmentDefinition } from './default-rfm-segments.js';
import { RFM_MEASURES } from './rfm-scores.js';
import type { RfmScores } from './rfm-scores.js';
import { RFM_SEGMENTS_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

const scoreRange = z.tuple([z.number().int().min(1), z.number().int().min(1)]).refine((r) => r[0] <= r[1], { message: 'range low must be ≤ high' });

const boxSchema = z.object({ recency: scoreRange.optional(), frequency: scoreRange.optional(), monetary: scoreRange.optional() }).strict();

const segmentSchema = z
  .object({
    key: z.string().min(1),
    label: z.string().min(1),
    labelZh: z.string().min(1),
    boxes: z.array(boxSchema).min(1),
  })
  .strict();

export const rfmSegmentsSchema = z
  .object({
    /** The segment map; defaults to {@link DEFAULT_RFM_SEGMENTS} (which needs 5-level scores). */
    segments: z.array(segmentSchema).min(1).optional(),
    /** The catch-all segment for cells no box covers. */
    others: z
      .object({ key: z.string().min(1), label: z.string().min(1), labelZh: z.string().min(1) })
      .strict()
      .default({ ...RFM_OTHERS_SEGMENT }),
  })
  .strict();

export type RfmSegmentsOptions = z.input<typeof rfmSegmentsSchema>;

/** One row of the segment table. Means are `null` for a segment with no customers. */
export interface RfmSegmentRow {
  readonly key: string;
  readonly label: string;
  readonly labelZh: string;
  readonly count: number;
  /** count / customers. */
  readonly share: number;
  readonly meanRecencyScore: number | null;
  readonly meanFrequencyScore: number | null;
  readonly meanMonetaryScore: number | null;
  /** Means of the raw measures: days since last purchase, F and M. */
  readonly meanRecencyDays: number | null;
  readonly meanFrequency: number | null;
  readonly meanMonetary: number | null;
}

/** The result of {@link rfmSegments}. */
export interface RfmSegments {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Per customer: the segment key. */
  readonly segment: readonly string[];
  /** Per customer: the row of `table` (the last row is the catch-all "Others"). */
  readonly segmentIndex: Uint16Array;
  /** One row per segment in map order, then "Others" (always present, possibly with count 0). */
  readonly table: readonly RfmSegmentRow[];
  /** Every score cell ("111".."nnn") and the segment key it belongs to. */
  readonly cellSegment: Readonly<Record<string, string>>;
}

function boxRange(box: RfmScoreBox, measure: (typeof RFM_MEASURES)[number], n: number): readonly [number, number] {
  return box[measure] ?? [1, n];
}

/**
 * Named segments from RFM scores: each customer's (R, F, M) cell is looked up in a segment map whose
 * segments are unions of score boxes (inclusive ranges per measure). The map must not overlap: two boxes of
 * different segments sharing any cell is an INVALID_CONFIG error naming both segments — there is no
 * first-match rule, so the order of the map never changes the result. Cells no box covers go to an explicit
 * "Others" segment, so every customer gets exactly one segment.
 *
 * The default map ({@link DEFAULT_RFM_SEGMENTS}: Champions 重要价值客户, Loyal Customers 忠诚客户, Potential
 * Loyalist 潜在忠诚客户, New Customers 新客户, Promising 潜力客户, Need Attention 需关注客户, About To Sleep
 * 即将沉睡客户, At Risk 流失风险客户, Can't Lose Them 重要挽留客户, Lost 已流失客户) partitions the 5-level cube.
 *
 * @throws INVALID_OPTIONS a malformed map (zod); INVALID_CONFIG overlapping segments, duplicate keys, a range
 *   beyond 1..bins, or the default map with bins ≠ 5; MISSING_COLUMN / LENGTH_MISMATCH / INVALID_VALUE on malformed scores (or no scores object);
 *   EMPTY_INPUT no customers; NUMERIC_FAILURE a segment's total of recency days, frequency or monetary
 *   value overflows a double.
 * @example
 * const scores = rfmScores({ customerId: ['a', 'b', 'c'], recencyDays: [3, 90, 400], frequency: [9, 2, 0], monetary: [900, 80, 15] }, { bins: 5 });
 * scores.cell;                 // ['544', '422', '211']
 * rfmSegments(scores).segment; // ['champions', 'potential_loyalist', 'about_to_sleep']
 * @see R package `rfm`, `rfm_segment()` (Hebbali): the usual ten segments; its example ranges overlap and
 *   resolve by order, so the default map here re-cuts them into disjoint boxes.
 */
export function rfmSegments(scores: RfmScores, options?: RfmSegmentsOptions): Displayed<RfmSegments> {
  const fn = 'rfmSegments';
  const opts = parseOptions(rfmSegmentsSchema, options, fn);
  const input = requireTable(scores, fn, 'RFM scores from rfmScores');
  const n = input['bins'];
  const N = input['length'];
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  if (typeof N !== 'number' || !Number.isSafeInteger(N) || N < 0)
    throw new ClvkitError('INVALID_VALUE', 'scores.length must be the number of customers', { fn, column: 'length' });
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2 || n > 9)
    throw new ClvkitError('INVALID_VALUE', 'scores.bins must be an integer in 2..9', { fn, value: n });
  for (const [column, values] of Object.entries({
    customerId: scores.customerId,
    recencyScore: scores.recencyScore,
    frequencyScore: scores.frequencyScore,
    monetaryScore: scores.monetaryScore,
    recencyDays: scores.recencyDays,
    frequency: scores.frequency,
    monetary: scores.monetary,
  })) {
    if (values === undefined) throw new ClvkitError('MISSING_COLUMN', `scores have no column "${column}"`, { fn, column });
    if (requireArrayLike(values, column, fn).length !== N) {
      throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${N}`, { fn, column });
    }
  }

  let segments: readonly RfmSegmentDefinition[];
  if (opts.segments === undefined) {
    if (n !== 5) {
      throw new ClvkitError('INVALID_CONFIG', `the default segment map is defined on 1..5 scores; pass options.segments for ${n} bins`, {
        fn,
        path: ['segments'],
        value: n,
      });
    }
    segments = DEFAULT_RFM_SEGMENTS;
  } else {
    segments = opts.segments;
  }
  const others = opts.others;

  // Keys unique, "others" reserved, ranges inside 1..n.
  const keys = new Set<string>();
  segments.forEach((segment, s) => {
    if (segment.key === others.key || keys.has(segment.key)) {
      throw new ClvkitError('INVALID_CONFIG', `segment key "${segment.key}" is used twice`, { fn, path: ['segments', s, 'key'], value: segment.key });
    }
    keys.add(segment.key);
    segment.boxes.forEach((box, b) => {
      for (const measure of RFM_MEASURES) {
        const range = box[measure];
        if (range !== undefined && range[1] > n) {
          throw new ClvkitError('INVALID_CONFIG', `segment "${segment.key}": ${measure} range exceeds the ${n} score levels`, {
            fn,
            path: ['segments', s, 'boxes', b, measure],
            value: range,
          });
        }
      }
    });
  });

  // Overlap: two boxes of different segments overlap when their ranges intersect on all three measures.
  for (let s = 0; s < segments.length; s++) {
    for (let t = s + 1; t < segments.length; t++) {
      for (const a of segments[s]!.boxes) {
        for (const b of segments[t]!.boxes) {
          const overlaps = RFM_MEASURES.every((m) => {
            const ra = boxRange(a, m, n);
            const rb = boxRange(b, m, n);
            return ra[0] <= rb[1] && rb[0] <= ra[1];
          });
          if (overlaps) {
            const cell = RFM_MEASURES.map((m) => Math.max(boxRange(a, m, n)[0], boxRange(b, m, n)[0])).join('');
            throw new ClvkitError('INVALID_CONFIG', `segments "${segments[s]!.key}" and "${segments[t]!.key}" overlap (e.g. cell ${cell})`, {
              fn,
              path: ['segments'],
              segments: [segments[s]!.key, segments[t]!.key],
              cell,
            });
          }
        }
      }
    }
  }

  // Lookup cube: cell (r, f, m) → row of the table; unfilled cells → Others.
  const othersIndex = segments.length;
  const cube = new Uint16Array(n * n * n).fill(othersIndex);
  const at = (r: number, f: number, m: number) => ((r - 1) * n + (f - 1)) * n + (m - 1);
  segments.forEach((segment, s) => {
    for (const box of segment.boxes) {
      const [r0, r1] = boxRange(box, 'recency', n);
      const [f0, f1] = boxRange(box, 'frequency', n);
      const [m0, m1] = boxRange(box, 'monetary', n);
      for (let r = r0; r <= r1; r++) for (let f = f0; f <= f1; f++) for (let m = m0; m <= m1; m++) cube[at(r, f, m)] = s;
    }
  });
  const rows = [...segments.map((s) => ({ key: s.key, label: s.label, labelZh: s.labelZh })), others];
  const cellSegment: Record<string, string> = {};
  for (let r = 1; r <= n; r++) for (let f = 1; f <= n; f++) for (let m = 1; m <= n; m++) cellSegment[`${r}${f}${m}`] = rows[cube[at(r, f, m)]!]!.key;

  const k = rows.length;
  const count = new Float64Array(k);
  const sums = Array.from({ length: 6 }, () => new Float64Array(k));
  const segmentIndex = new Uint16Array(N);
  const segment: string[] = new Array<string>(N);
  for (let i = 0; i < N; i++) {
    const r = scores.recencyScore[i]!;
    const f = scores.frequencyScore[i]!;
    const m = scores.monetaryScore[i]!;
    for (const [column, v] of [
      ['recencyScore', r],
      ['frequencyScore', f],
      ['monetaryScore', m],
    ] as const) {
      if (!Number.isInteger(v) || v < 1 || v > n)
        throw new ClvkitError('INVALID_VALUE', `score must be an integer in 1..${n}`, { fn, column, index: i, value: v });
    }
    const s = cube[at(r, f, m)]!;
    segmentIndex[i] = s;
    segment[i] = rows[s]!.key;
    count[s]! += 1;
    sums[0]![s]! += r;
    sums[1]![s]! += f;
    sums[2]![s]! += m;
    sums[3]![s]! += scores.recencyDays[i]!;
    sums[4]![s]! += scores.frequency[i]!;
    sums[5]![s]! += scores.monetary[i]!;
  }
  // Finite raw columns can still overflow when added (two monetary values of 1.7e308 in one segment).
  for (const [j, column] of [
    [3, 'recencyDays'],
    [4, 'frequency'],
    [5, 'monetary'],
  ] as const) {
    for (let s = 0; s < rows.length; s++) checkFiniteResult(sums[j]![s]!, `the ${column} total of segment ${rows[s]!.key}`, fn, { column });
  }
  const mean = (j: number, s: number) => (count[s]! > 0 ? sums[j]![s]! / count[s]! : null);
  const table: RfmSegmentRow[] = rows.map((row, s) => ({
    key: row.key,
    label: row.label,
    labelZh: row.labelZh,
    count: count[s]!,
    share: count[s]! / N,
    meanRecencyScore: mean(0, s),
    meanFrequencyScore: mean(1, s),
    meanMonetaryScore: mean(2, s),
    meanRecencyDays: mean(3, s),
    meanFrequency: mean(4, s),
    meanMonetary: mean(5, s),
  }));
  return withDisplay({ length: N, customerId: [...scores.customerId], segment, segmentIndex, table, cellSegment }, RFM_SEGMENTS_DISPLAY);
}

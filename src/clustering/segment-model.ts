import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { checkLengths, finiteColumn, parseModelJson, parseOptions, requireColumn, requireTable } from '../validate.js';
import { applyFeatureTransform, type FeatureTransform } from './feature-transform.js';
import type { SegmentLabels } from './segment-labels.js';
import { SEGMENT_ASSIGNMENT_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';
import { uniqueIds } from '../unique-ids.js';

/**
 * A table of customers for segmentation: equal-length numeric columns (plain arrays or typed
 * arrays) plus, optionally, an id column of strings or numbers.
 */
export type SegmentTable = Readonly<Record<string, ArrayLike<number> | readonly (string | number)[]>>;

/** Version of the serialised model format. */
export const SEGMENT_MODEL_VERSION = 1;

/** The JSON form of a fitted segmentation model. */
export interface SegmentModelJson {
  readonly kind: 'clvkit.segmentModel';
  readonly version: 1;
  /** Used features in order, with the transform fitted on the training base. */
  readonly features: readonly FeatureTransform[];
  /** Features dropped at fitting because they were constant. */
  readonly droppedFeatures: readonly string[];
  readonly k: number;
  /** Cluster centres in scaled space, one array of `features.length` numbers per segment. */
  readonly centres: readonly (readonly number[])[];
  /** Segment names, one per segment. */
  readonly labels: SegmentLabels;
}

/** A fitted segmentation model: plain data plus `toJSON()` (so `JSON.stringify(model)` works). */
export interface SegmentModel extends SegmentModelJson {
  toJSON(): SegmentModelJson;
}

/** Wrap validated model data with its `toJSON`. Internal. */
export function makeSegmentModel(json: SegmentModelJson): SegmentModel {
  const data: SegmentModelJson = {
    kind: 'clvkit.segmentModel',
    version: 1,
    features: json.features.map((f) => ({ ...f })),
    droppedFeatures: [...json.droppedFeatures],
    k: json.k,
    centres: json.centres.map((c) => [...c]),
    labels: { en: [...json.labels.en], zh: [...json.labels.zh] },
  };
  // toJSON is not enumerable, so that a SegmentResult holding the model stays structured-cloneable data.
  return Object.defineProperty({ ...data }, 'toJSON', {
    value: (): SegmentModelJson => ({
      ...data,
      features: data.features.map((f) => ({ ...f })),
      centres: data.centres.map((c) => [...c]),
    }),
    enumerable: false,
  }) as SegmentModel;
}

const finite = z.number().refine(Number.isFinite, 'must be finite');
const featureSchema = z.strictObject({
  column: z.string().min(1),
  log1p: z.boolean(),
  scale: z.enum(['zscore', 'robust']),
  center: finite,
  spread: finite.refine((v) => v > 0, 'must be > 0'),
  spreadKind: z.enum(['sd', 'iqr']),
});
const modelSchema = z
  .strictObject({
    kind: z.literal('clvkit.segmentModel'),
    version: z.literal(1),
    features: z.array(featureSchema).min(1),
    droppedFeatures: z.array(z.string()),
    k: z.number().int().min(1),
    centres: z.array(z.array(finite)),
    labels: z.strictObject({ en: z.array(z.string()), zh: z.array(z.string()) }),
  })
  .superRefine((m, ctx) => {
    if (m.centres.length !== m.k) ctx.addIssue({ code: 'custom', path: ['centres'], message: `expected ${m.k} centres` });
    m.centres.forEach((c, i) => {
      if (c.length !== m.features.length) {
        ctx.addIssue({ code: 'custom', path: ['centres', i], message: `expected ${m.features.length} coordinates` });
      }
    });
    if (m.labels.en.length !== m.k || m.labels.zh.length !== m.k) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: `expected ${m.k} labels per language` });
    }
    if (new Set(m.features.map((f) => f.column)).size !== m.features.length) {
      ctx.addIssue({ code: 'custom', path: ['features'], message: 'duplicate feature column' });
    }
  });

/**
 * Rebuild a segmentation model from its JSON (a string or the parsed object), checking every field:
 * kind and version, finite transform parameters with positive spreads, k centres of one coordinate
 * per feature, k labels per language.
 *
 * @throws INVALID_MODEL not JSON, wrong kind or version, or any malformed field (with its path).
 * @example
 * const fit = segmentCustomers(
 *   { aum: [100, 120, 90, 50000, 60000, 55000], activity: [30, 25, 28, 2, 1, 3] },
 *   { features: ['aum', 'activity'], money: ['aum'], k: 2, seed: 1 },
 * );
 * const model = segmentModelFromJSON(JSON.stringify(fit.model));
 * model.labels.en; // ['low assets, high activity', 'high assets, low activity']
 */
export function segmentModelFromJSON(json: unknown): SegmentModel {
  return readSegmentModel(json, 'segmentModelFromJSON');
}

/** {@link segmentModelFromJSON} with errors naming the public function `fn`. Internal. */
function readSegmentModel(json: unknown, fn: string): SegmentModel {
  const data = parseModelJson(modelSchema, json, fn);
  return makeSegmentModel(data);
}

/**
 * A model object (or its JSON text) in its plain JSON form: typed arrays become arrays as in the
 * saved file. Anything JSON cannot represent (undefined, a BigInt, a cycle) is INVALID_MODEL.
 */
function plainModel(model: unknown, fn: string): unknown {
  if (typeof model === 'string') return model;
  let text: string | undefined;
  try {
    text = JSON.stringify(model);
  } catch (error) {
    throw new ClvkitError('INVALID_MODEL', `the model cannot be serialised: ${(error as Error).message}`, { fn });
  }
  if (text === undefined) throw new ClvkitError('INVALID_MODEL', 'expected a segment model, got undefined', { fn });
  return JSON.parse(text) as unknown;
}

/** Read the rows count and check an optional id column. Internal. */
export function tableLength(table: unknown, columns: readonly string[], fn: string): number {
  const t = requireTable(table, fn);
  for (const column of columns) requireColumn(t, column, fn);
  const n = (t[columns[0]!] as ArrayLike<unknown>).length;
  checkLengths(Object.fromEntries(columns.map((c) => [c, t[c] as ArrayLike<unknown>])), n, fn);
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'the table has no rows', { fn });
  return n;
}

/** Check an id column: strings or finite numbers, unique. Internal. */
export function readIds(table: SegmentTable, column: string, n: number, fn: string): readonly (string | number)[] {
  const values = table[column] as ArrayLike<unknown>;
  const rows = values.length === n ? values : Array.prototype.slice.call(values, 0, n);
  // Unique, so the map's keys are the ids in row order.
  return Array.from(uniqueIds<string | number>(rows, { fn, column, kind: 'string-or-number' }).keys());
}

/** Scaled, row-major data (n × features) from a table, with the model's transforms. Internal. */
export function scaleTable(table: SegmentTable, features: readonly FeatureTransform[], n: number, fn: string): Float64Array {
  const d = features.length;
  const out = new Float64Array(n * d);
  features.forEach((f, j) => {
    const col = finiteColumn(table[f.column] as ArrayLike<number>, f.column, fn);
    for (let i = 0; i < n; i++) out[i * d + j] = applyFeatureTransform(f, col[i]!);
  });
  return out;
}

const assignSchema = z.strictObject({
  /** Name of the id column to carry into the result (strings or numbers, unique). */
  id: z.string().min(1).optional(),
});

/** Options of {@link assignSegments}. */
export type AssignSegmentsOptions = z.input<typeof assignSchema>;

/** Result of {@link assignSegments}. */
export interface SegmentAssignment {
  /** Per row: the segment 0..k−1 (index into the model's labels and centres). */
  readonly segment: Int32Array;
  /** Per row: Euclidean distance to the segment's centre in scaled space. */
  readonly distance: Float64Array;
  /** Rows per segment (a segment may be empty for a new table). */
  readonly sizes: Uint32Array;
  /** The id column, when `id` was given. */
  readonly ids?: readonly (string | number)[];
}

/**
 * Place customers into a fitted model's segments: each row's features are transformed with the
 * model's stored parameters (signed log1p, centre, spread — fitted on the training base, not refitted),
 * and the row goes to the nearest centre in scaled space (squared Euclidean distance, first segment
 * wins ties). Applied to the training table it reproduces the training labels; applied to next
 * month's customers it places them in this month's segments.
 *
 * @throws EMPTY_INPUT no rows; MISSING_COLUMN a model feature (or the id column) is absent;
 *   LENGTH_MISMATCH columns of different lengths; INVALID_VALUE a NaN/infinite feature value (with
 *   column and row) or a bad id; DUPLICATE_ID a repeated id; INVALID_MODEL a malformed model;
 *   INVALID_OPTIONS bad options.
 * @example
 * // `model` as in the segmentModelFromJSON example (0 = low assets/high activity, 1 = the reverse)
 * const { segment } = applySegmentModel(model, { aum: [1e6, 300], activity: [2, 40] });
 * Array.from(segment); // [1, 0]
 */
export function applySegmentModel(
  model: SegmentModel | SegmentModelJson,
  table: SegmentTable,
  options: AssignSegmentsOptions = {},
): Displayed<SegmentAssignment> {
  return applySegments(model, table, options, 'applySegmentModel');
}

/**
 * {@link applySegmentModel} under its first name (errors name `assignSegments`).
 * @deprecated Use {@link applySegmentModel} (one naming scheme: `apply<Model>(model, input)`); kept for one release.
 */
export function assignSegments(model: SegmentModel | SegmentModelJson, table: SegmentTable, options: AssignSegmentsOptions = {}): Displayed<SegmentAssignment> {
  return applySegments(model, table, options, 'assignSegments');
}

function applySegments(model: SegmentModel | SegmentModelJson, table: SegmentTable, options: AssignSegmentsOptions, fn: string): Displayed<SegmentAssignment> {
  const o = parseOptions(assignSchema, options, fn);
  const checked = readSegmentModel(plainModel(model, fn), fn);
  const columns = checked.features.map((f) => f.column);
  const n = tableLength(table, o.id !== undefined ? [...columns, o.id] : columns, fn);
  const ids = o.id !== undefined ? readIds(table, o.id, n, fn) : undefined;
  const d = checked.features.length;
  const k = checked.k;
  const data = scaleTable(table, checked.features, n, fn);
  const centres = Float64Array.from(checked.centres.flat());
  const segment = new Int32Array(n);
  const distance = new Float64Array(n);
  const sizes = new Uint32Array(k);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Number.MAX_VALUE;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[i * d + j]! - centres[c * d + j]!;
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    segment[i] = best;
    distance[i] = Math.sqrt(bestD);
    sizes[best]!++;
  }
  return withDisplay(ids !== undefined ? { segment, distance, sizes, ids } : { segment, distance, sizes }, SEGMENT_ASSIGNMENT_DISPLAY);
}

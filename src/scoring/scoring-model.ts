import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import type { BehaviorStatusFromSnapshotsOptions } from '../behavior/behavior-status-from-snapshots.js';
import type { SegmentModelJson } from '../clustering/segment-model.js';
import { segmentModelFromJSON } from '../clustering/segment-model.js';
import { modelFromJSON } from '../clv/model-from-json.js';
import type { SerializedModel } from '../clv/transaction-model.js';
import type { RfmSegmentsOptions } from '../rfm/rfm-segments.js';
import type { TagRule } from '../tags/tag-rule.js';
import { tagRuleSchema } from '../tags/tag-rule.js';
import { TIME_UNITS } from '../time.js';
import type { TimeUnit } from '../time.js';
import type { ValueModel } from '../value/value-model.js';
import { valueModelFromJSON } from '../value/value-model.js';
import { parseModelJson } from '../validate.js';

/** Which customer attribute the value benchmarks compare within (besides the tier). */
export type PeerGroupSource = 'customerType' | 'rfmSegment' | 'cluster' | 'none';
export const PEER_GROUP_SOURCES = ['customerType', 'rfmSegment', 'cluster', 'none'] as const satisfies readonly PeerGroupSource[];

/** A peer-group source, or any customer attribute by name (a Book's open attributes: segment, branch, ...). */
export type PeerGroupSetting = PeerGroupSource | { readonly attribute: string };
/** Schema of a {@link PeerGroupSetting}. */
export const peerGroupSettingSchema = z.union([z.enum(PEER_GROUP_SOURCES), z.strictObject({ attribute: z.string().min(1) })]);

/** The RFM settings fitted on the training book: bins, weights and the breakpoints actually used. */
export interface ScoringRfm {
  readonly bins: number;
  readonly frequencyColumn: 'frequency' | 'transactionCount';
  readonly monetaryColumn: 'totalAmount' | 'monetaryValue';
  readonly weights: { readonly recency: number; readonly frequency: number; readonly monetary: number };
  /** n − 1 ascending breakpoints per measure (ties allowed, as quantiles give them). */
  readonly breakpoints: { readonly recency: readonly number[]; readonly frequency: readonly number[]; readonly monetary: readonly number[] };
  /** The segment map options given to rfmSegments (`{}` = the default map). */
  readonly segments: RfmSegmentsOptions;
}

/** The serialisable form of a {@link ScoringModel}. */
export interface ScoringModelJson {
  readonly format: 'clvkit-scoring-model';
  readonly version: 1;
  readonly settings: {
    /** Time unit of the customer summary the transaction models were fitted on. */
    readonly timeUnit: TimeUnit;
    readonly aggregateBy: 'day' | 'none';
    readonly horizonMonths: number;
    readonly annualDiscountRate: number;
    /** Margin applied to the transaction-model CLV (share of spend that is value to the bank). */
    readonly clvMargin: number;
    readonly peerGroup: PeerGroupSetting;
    /** Whether P(alive) from the transaction model enters the value decomposition's survival. */
    readonly usePAlive: boolean;
  };
  /** The transaction model; null when it was skipped (see `skipped`). */
  readonly transactionModel: SerializedModel | null;
  /** The Gamma-Gamma spend model; null when skipped. */
  readonly spendModel: SerializedModel | null;
  /** RFM breakpoints; null when skipped (no transactions). */
  readonly rfm: ScoringRfm | null;
  /** Options of behaviorStatusFromSnapshots (parsed). */
  readonly behavior: BehaviorStatusFromSnapshotsOptions;
  readonly tagRules: readonly TagRule[];
  readonly productNames: readonly string[];
  /** The k-means segmentation (null when clustering was switched off). */
  readonly cluster: SegmentModelJson | null;
  /** Retention table, tier slopes, benchmarks and product statistics of the value decomposition. */
  readonly value: ValueModel | null;
  /** Absolute value-matrix thresholds fitted on the training book (null when the value model was skipped). */
  readonly matrix: { readonly current: number; readonly future: number } | null;
  /** What the fit skipped and why (optional in files written before it existed). */
  readonly skipped?: readonly { readonly part: string; readonly reason: string }[];
  /** Where the model was fitted: observation end, customers, as-of month index. */
  readonly training: { readonly observationEnd: string; readonly customers: number; readonly asOfMonth: number };
}

/** A fitted scoring model: plain data plus `toJSON()`; `applyScoringModel` scores new books with it. */
export interface ScoringModel extends ScoringModelJson {
  toJSON(): ScoringModelJson;
}

/** Wrap model data with its toJSON (a deep copy through JSON, so the model is plain data). Internal. */
export function makeScoringModel(json: ScoringModelJson): ScoringModel {
  const data = JSON.parse(JSON.stringify(json)) as ScoringModelJson;
  return { ...data, toJSON: () => JSON.parse(JSON.stringify(data)) as ScoringModelJson };
}

const finite = z.number().refine(Number.isFinite, 'must be finite');
const breakpoints = z.array(finite);
const modelSchema = z.strictObject({
  format: z.literal('clvkit-scoring-model'),
  version: z.literal(1),
  settings: z.strictObject({
    timeUnit: z.enum(TIME_UNITS),
    aggregateBy: z.enum(['day', 'none']),
    horizonMonths: z.number().int().min(1).max(600),
    annualDiscountRate: finite.refine((v) => v >= 0 && v <= 1, 'must be in [0, 1]'),
    clvMargin: finite.refine((v) => v >= 0, 'must be ≥ 0'),
    peerGroup: peerGroupSettingSchema,
    usePAlive: z.boolean(),
  }),
  transactionModel: z.record(z.string(), z.unknown()).nullable(),
  spendModel: z.record(z.string(), z.unknown()).nullable(),
  rfm: z
    .strictObject({
      bins: z.number().int().min(2).max(9),
      frequencyColumn: z.enum(['frequency', 'transactionCount']),
      monetaryColumn: z.enum(['totalAmount', 'monetaryValue']),
      weights: z.strictObject({ recency: finite, frequency: finite, monetary: finite }),
      breakpoints: z.strictObject({ recency: breakpoints, frequency: breakpoints, monetary: breakpoints }),
      segments: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  behavior: z.record(z.string(), z.unknown()),
  tagRules: z.array(tagRuleSchema).min(1),
  productNames: z.array(z.string().min(1)).max(53),
  cluster: z.record(z.string(), z.unknown()).nullable(),
  value: z.record(z.string(), z.unknown()).nullable(),
  matrix: z.strictObject({ current: finite, future: finite }).nullable(),
  skipped: z.array(z.strictObject({ part: z.string(), reason: z.string() })).optional(),
  training: z.strictObject({
    observationEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    customers: z.number().int().min(1),
    asOfMonth: z.number().int().min(-1),
  }),
});

/**
 * Check and restore a scoring model from its JSON (a string or the parsed object): the envelope with
 * zod, then each part with its own restorer (`modelFromJSON` for the transaction and spend models,
 * `segmentModelFromJSON`, `valueModelFromJSON`); RFM breakpoints must be n − 1 ascending numbers per measure.
 *
 * @throws ClvkitError INVALID_MODEL (not JSON, wrong format or version, or a malformed part, with its path).
 * @example
 * const book = simulateBank({ customers: 500, months: 24, seed: 3 });
 * const scores = scoreCustomers(book, {});
 * const again = scoringModelFromJSON(JSON.stringify(scores.model));
 * [again.settings.horizonMonths, again.transactionModel.kind]; // [36, 'bg-nbd']
 * scoringModelFromJSON(JSON.stringify(scoreCustomers(book, { transactionModel: 'mbg-nbd' }).model)).transactionModel.kind; // 'mbg-nbd'
 */
export function scoringModelFromJSON(json: unknown): ScoringModel {
  const fn = 'scoringModelFromJSON';
  const d = parseModelJson(modelSchema, json, fn);
  const inPart = <T>(part: string, restore: () => T): T => {
    try {
      return restore();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ClvkitError('INVALID_MODEL', `invalid ${part}: ${reason}`, { fn, path: [part] });
    }
  };
  if (d.transactionModel !== null) {
    const transaction = inPart('transactionModel', () => modelFromJSON(d.transactionModel));
    if (transaction.kind === 'gamma-gamma' || transaction.kind === 'bg-bb' || transaction.kind === 'sbg') {
      throw new ClvkitError('INVALID_MODEL', `transactionModel must be a continuous-time transaction model, got ${transaction.kind}`, {
        fn,
        path: ['transactionModel', 'kind'],
      });
    }
  }
  if (d.spendModel !== null) {
    const spend = inPart('spendModel', () => modelFromJSON(d.spendModel));
    if (spend.kind !== 'gamma-gamma')
      throw new ClvkitError('INVALID_MODEL', `spendModel must be a gamma-gamma model, got ${spend.kind}`, { fn, path: ['spendModel', 'kind'] });
  }
  if (d.cluster !== null) inPart('cluster', () => segmentModelFromJSON(d.cluster));
  // The parsed value model (it fills in fields older files lack, e.g. assumptions.retentionModel).
  const value = d.value === null ? null : inPart('value', () => valueModelFromJSON(d.value));
  if ((d.value === null) !== (d.matrix === null))
    throw new ClvkitError('INVALID_MODEL', 'value and matrix are both present or both null', { fn, path: ['matrix'] });
  const rfm = d.rfm;
  for (const measure of ['recency', 'frequency', 'monetary'] as const) {
    if (rfm === null) break;
    const b = rfm.breakpoints[measure];
    if (b.length !== rfm.bins - 1 || b.some((v, i) => i > 0 && v < b[i - 1]!)) {
      throw new ClvkitError('INVALID_MODEL', `rfm.breakpoints.${measure} must be ${rfm.bins - 1} ascending numbers`, {
        fn,
        path: ['rfm', 'breakpoints', measure],
      });
    }
  }
  return makeScoringModel({ ...d, value } as unknown as ScoringModelJson);
}

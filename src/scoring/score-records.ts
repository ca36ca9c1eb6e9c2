import type { BehaviorStatus } from '../behavior/behavior-statuses.js';
import type { RfmScores } from '../rfm/rfm-scores.js';
import type { ValueDecomposition } from '../value/value-decomposition.js';
import { VALUE_CELL_TREATMENTS } from '../value/value-matrix.js';
import type { ValueMatrix } from '../value/value-matrix.js';
import type { Aligned } from './align-input.js';
import type { CustomerScoreRecord, CustomerScores, ScoringDiagnostics } from './customer-scores.js';
import { recordsToCsv } from './records-to-csv.js';
import type { RecordsToCsvOptions } from './records-to-csv.js';
import type { ScoringModel } from './scoring-model.js';
import { scoredPartsToCsv } from './scored-parts-csv.js';
import { CUSTOMER_SCORES_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';

/** Everything a scoring pass computed, per customer or per transaction row. Internal. */
export interface ScoredParts {
  readonly a: Aligned;
  readonly model: ScoringModel;
  readonly rfm: RfmScores | null;
  readonly segments: readonly string[] | null;
  readonly status: readonly (BehaviorStatus | null)[];
  readonly tags: readonly (readonly string[])[] | null;
  readonly cluster: Int32Array | null;
  readonly clusterEn: readonly string[];
  readonly clusterZh: readonly string[];
  /** Summary rows with T = 0 (new-customer predictions). */
  readonly newOnes: readonly number[];
  /** Per summary row; null when the transaction model was skipped (spend and CLV null when the spend model was). */
  readonly transaction: {
    readonly pAlive: Float64Array;
    readonly expectedTransactions: Float64Array;
    readonly expectedSpend: Float64Array | null;
    readonly transactionClv: Float64Array | null;
  } | null;
  readonly value: ValueDecomposition | null;
  readonly matrix: ValueMatrix | null;
  readonly diagnostics: ScoringDiagnostics;
}

/**
 * The scores as a plain result: columns plus `toRecords()` (one record per customer, null for what does not
 * apply or was skipped), `toCsv()` and `toJSON()`.
 */
/** Where a {@link CustomerScores} keeps its columns for the CSV writers (a non-enumerable symbol property; internal). */
export const SCORED_PARTS: unique symbol = Symbol('clvkit.scoredParts');

export function scoreRecords(p: ScoredParts): CustomerScores {
  const { a, model, rfm, segments, status, tags, cluster, clusterEn, clusterZh, transaction, value, matrix, diagnostics } = p;
  const summary = a.summary;
  const n = a.n;
  const bands = new Map((model.value?.tierBands ?? []).map((b) => [b.key, b]));
  const isNew = new Uint8Array(summary.length);
  for (const r of p.newOnes) isNew[r] = 1;
  const at = <T>(values: ArrayLike<T> | null | undefined, i: number): T | null => (values === null || values === undefined ? null : nullable(a, values, i));
  const toRecords = (): CustomerScoreRecord[] =>
    Array.from({ length: n }, (_, i) => {
      const tier = value?.tier[i] ?? null;
      const band = tier === null ? undefined : bands.get(tier);
      const k = matrix === null ? null : matrix.cell[i]!;
      const t = k === null ? null : VALUE_CELL_TREATMENTS[k];
      const c = cluster === null ? null : cluster[i]!;
      const r = a.transactionRow[i]!;
      return {
        customerId: a.ids[i]!,
        customerType: a.types?.[i] ?? null,
        onBook: value === null ? true : value.onBook[i] === 1,
        hasTransactions: r >= 0,
        frequency: at(summary.frequency, i),
        recency: at(summary.recency, i),
        T: at(summary.T, i),
        monetaryValue: at(summary.monetaryValue, i),
        totalAmount: at(summary.totalAmount, i),
        daysSinceLastPurchase: at(summary.daysSinceLastPurchase, i),
        rfmRecencyScore: at(rfm?.recencyScore, i),
        rfmFrequencyScore: at(rfm?.frequencyScore, i),
        rfmMonetaryScore: at(rfm?.monetaryScore, i),
        rfmCell: at(rfm?.cell, i),
        rfmSegment: at(segments, i),
        tier,
        tierLabel: band?.label ?? null,
        tierLabelZh: band?.labelZh ?? null,
        serviceLevel: band?.serviceLevel ?? null,
        serviceLevelZh: band?.serviceLevelZh ?? null,
        behaviorStatus: status[i]!,
        tags: tags === null ? [] : [...tags[i]!],
        cluster: c,
        clusterLabel: c === null ? null : clusterEn[c]!,
        clusterLabelZh: c === null ? null : clusterZh[c]!,
        pAlive: at(transaction?.pAlive, i),
        newCustomerPrediction: transaction !== null && r >= 0 && isNew[r] === 1,
        expectedTransactions: at(transaction?.expectedTransactions, i),
        expectedSpend: at(transaction?.expectedSpend, i),
        transactionClv: at(transaction?.transactionClv, i),
        currentContribution: value === null ? null : value.currentContribution[i]!,
        explicitValue: value === null ? null : value.explicit[i]!,
        growthValue: value === null ? null : value.growth[i]!,
        potentialValue: value === null ? null : value.potential[i]!,
        totalValue: value === null ? null : value.total[i]!,
        valueCell: k,
        treatment: t?.treatment ?? null,
        treatmentZh: t?.treatmentZh ?? null,
        channel: t?.channel ?? null,
        channelZh: t?.channelZh ?? null,
        productGaps: value === null ? [] : value.productGaps[i]!.map((g) => g.product),
      };
    });
  const matrixTable = matrix?.table ?? [];
  const result: CustomerScores = withDisplay(
    {
      length: n,
      customerId: [...a.ids],
      hasTransactions: a.hasTransactions,
      transactionRow: a.transactionRow,
      summary,
      rfm,
      value,
      matrixTable,
      diagnostics,
      skipped: diagnostics.skipped,
      model,
      toRecords,
      // Default options: written from the columns (the same bytes, without building records); else the generic writer.
      toCsv: (options?: RecordsToCsvOptions) =>
        n > 0 && (options === undefined || (options !== null && typeof options === 'object' && Object.keys(options).length === 0))
          ? scoredPartsToCsv(p)
          : recordsToCsv(toRecords() as unknown as Record<string, string | number | boolean | null | readonly string[]>[], options ?? {}),
      toJSON: () => ({ format: 'clvkit-scores', version: 1, diagnostics, matrix: matrixTable, customers: toRecords() }),
    },
    CUSTOMER_SCORES_DISPLAY,
  );
  Object.defineProperty(result, SCORED_PARTS, { value: p, enumerable: false });
  return result;
}

/** A per-buyer value for customer i; null without transactions. */
function nullable<T>(a: Aligned, values: ArrayLike<T>, i: number): T | null {
  const r = a.transactionRow[i]!;
  return r < 0 ? null : values[r]!;
}

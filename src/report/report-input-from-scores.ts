import { z } from 'zod';
import { frequencyRecencyMatrix } from '../clv/frequency-recency-matrix.js';
import { modelFromJSON } from '../clv/model-from-json.js';
import type { FittedTransactionModel } from '../clv/transaction-model.js';
import { ClvkitError } from '../errors.js';
import { paretoAnalysis } from '../pareto/pareto-analysis.js';
import { rfmSegments } from '../rfm/rfm-segments.js';
import type { CustomerScoreRecord, CustomerScores } from '../scoring/score-customers.js';
import type { TierAssignment, TierRow } from '../tiers/assign-tiers.js';
import { DAYS_PER_UNIT } from '../time.js';
import { parseOptions } from '../validate.js';
import type { ReportInput } from './report-input.js';

/** Results computed outside scoreCustomers that a report can show besides its own. */
export type ReportExtras = Partial<Pick<ReportInput, 'pareto' | 'tiers' | 'clusters' | 'holdout' | 'frequencyRecency'>>;

const reportInputFromScoresSchema = z.strictObject({
  /** Currency code of the money figures, e.g. `CNY` (shown, never converted). */
  currency: z.string().min(1).max(12).optional(),
  /** Sections computed outside scoring, replacing or adding to the derived ones. */
  extras: z.record(z.string(), z.unknown()).optional(),
});

export type ReportInputFromScoresOptions = Omit<z.input<typeof reportInputFromScoresSchema>, 'extras'> & { readonly extras?: ReportExtras };

/** The outcome features cluster profiles are indexed on when scores are all there is. */
const CLUSTER_OUTCOMES = [
  ['frequency', (r: CustomerScoreRecord) => r.frequency],
  ['monetaryValue', (r: CustomerScoreRecord) => r.monetaryValue],
  ['daysSinceLastPurchase', (r: CustomerScoreRecord) => r.daysSinceLastPurchase],
  ['pAlive', (r: CustomerScoreRecord) => r.pAlive],
  ['currentContribution', (r: CustomerScoreRecord) => r.currentContribution],
  ['totalValue', (r: CustomerScoreRecord) => r.totalValue],
] as const;

/**
 * The report input of a scoring run ({@link scoreCustomers} or applyScoringModel): the book from the
 * diagnostics, RFM scores and segments, tiers and the value decomposition (tiers by the book's tier
 * bands, valued by total value), cluster profiles indexed on the customers' outcomes (frequency, spend,
 * recency, P(alive), contribution, total value; 100 = the average customer on the book), the fitted
 * transaction and spend models with their frequency/recency matrices, the transaction-model CLV, the
 * concentration of total value (Pareto), and the value matrix. `extras` replace or add sections (e.g. a
 * Pareto analysis of AUM, an AUM tier assignment with its migration, segmentCustomers' own result with its
 * table, a holdout validation).
 *
 * @throws INVALID_VALUE scores without records, or a cluster id with no label; INVALID_OPTIONS bad options;
 *   errors of the models' restorers.
 * @example
 * const input = reportInputFromScores(scoreCustomers(await readBankBook('fixtures/bank'), {}), { currency: 'CNY' });
 * input.book;                                        // { customers: 5000, onBook: 3582, asOf: '2024-12-31', currency: 'CNY' }
 * input.tiers.assignment.table.map((r) => r.count);  // [3259, 273, 27, 20, 3]
 */
export function reportInputFromScores(scores: CustomerScores, options: ReportInputFromScoresOptions = {}): ReportInput {
  const fn = 'reportInputFromScores';
  const o = parseOptions(reportInputFromScoresSchema, options, fn);
  const extras = (o.extras ?? {}) as ReportExtras;
  const currency = o.currency;
  if (scores === null || typeof scores !== 'object' || typeof scores.toRecords !== 'function') {
    throw new ClvkitError('INVALID_VALUE', 'expected the result of scoreCustomers', { fn });
  }
  const records = scores.toRecords();
  const model = scores.model;
  const d = scores.diagnostics;
  const onBook = records.filter((r) => r.onBook);
  const ids = records.map((r) => r.customerId);

  // Tiers of the customers on the book, valued by their total value (when the value model ran).
  const valueModel = model.value;
  const valued = valueModel !== null && scores.value !== null;
  const descriptors = valueModel?.tierBands ?? [];
  let assignment: TierAssignment | undefined;
  if (valued) {
    const tierIndex = new Uint8Array(onBook.length);
    const count = new Float64Array(descriptors.length);
    const value = new Float64Array(descriptors.length);
    let grand = 0;
    onBook.forEach((r, i) => {
      const k = descriptors.findIndex((t) => t.key === r.tier);
      if (k < 0) throw new ClvkitError('INVALID_VALUE', 'customer on the book without a known tier', { fn, index: i, value: r.tier });
      tierIndex[i] = k;
      count[k]! += 1;
      value[k]! += r.totalValue!;
      grand += r.totalValue!;
    });
    const table: TierRow[] = descriptors.map((t, k) => ({
      ...t,
      count: count[k]!,
      share: onBook.length === 0 ? 0 : count[k]! / onBook.length,
      totalValue: value[k]!,
      valueShare: grand === 0 ? 0 : value[k]! / grand,
    }));
    assignment = {
      length: onBook.length,
      currency: currency ?? '',
      valueName: 'total value',
      customerId: onBook.map((r) => r.customerId),
      tierIndex,
      tierKey: onBook.map((r) => r.tier!),
      table,
      totalValue: grand,
    };
  }

  // Concentration of total value over the customers on the book; without the value model, of total spend.
  const basis = valued ? onBook : records.filter((r) => r.totalAmount !== null);
  const totals = Float64Array.from(basis, (r) => (valued ? r.totalValue! : r.totalAmount!));
  const valueName = valued ? 'total value' : 'total spend';
  const pareto =
    basis.length >= 2
      ? {
          analysis: paretoAnalysis(totals, { column: valued ? 'totalValue' : 'totalAmount', ids: basis.map((r) => r.customerId) }),
          valueName,
          values: totals,
          ids: basis.map((r) => r.customerId),
        }
      : undefined;

  const transaction = model.transactionModel === null ? null : (modelFromJSON(model.transactionModel) as FittedTransactionModel);
  const spend = model.spendModel === null ? null : modelFromJSON(model.spendModel);
  let maxT = 0;
  let maxF = 0;
  for (const r of records) {
    if (r.T !== null) maxT = Math.max(maxT, r.T);
    if (r.frequency !== null) maxF = Math.max(maxF, r.frequency);
  }
  // The transaction-model CLV exists for customers with transactions only.
  const transacting = records.filter((r) => r.hasTransactions && r.transactionClv !== null);
  const unit = model.settings.timeUnit;
  const frequencyRecency =
    transaction !== null && maxT > 0
      ? frequencyRecencyMatrix(transaction, {
          T: maxT,
          maxFrequency: Math.min(20, Math.max(1, Math.ceil(maxF))),
          recencySteps: 40,
          t: 365.25 / DAYS_PER_UNIT[unit],
        })
      : undefined;
  const models =
    transaction === null && spend === null ? undefined : { ...(transaction !== null ? { transaction } : {}), ...(spend !== null ? { spend } : {}) };

  const input: ReportInput = {
    book: { customers: scores.length, onBook: d.onBook, asOf: d.observationEnd, ...(currency !== undefined ? { currency } : {}) },
    ...(pareto !== undefined ? { pareto } : {}),
    ...(scores.rfm !== null && model.rfm !== null ? { rfm: { scores: scores.rfm, segments: rfmSegments(scores.rfm, model.rfm.segments) } } : {}),
    ...(assignment !== undefined ? { tiers: { assignment } } : {}),
    ...(clusterProfiles(valued ? onBook : records, fn) ?? {}),
    ...(models !== undefined ? { models } : {}),
    ...(frequencyRecency !== undefined ? { frequencyRecency } : {}),
    ...(transacting.length > 0
      ? {
          clv: {
            result: {
              clv: Float64Array.from(transacting, (r) => r.transactionClv!),
              expectedTransactions: Float64Array.from(transacting, (r) => r.expectedTransactions ?? 0),
              assumptions: { horizon: { value: model.settings.horizonMonths, unit: 'month' } },
            },
            customerId: transacting.map((r) => r.customerId),
            pAlive: Float64Array.from(transacting, (r) => r.pAlive ?? 0),
          },
        }
      : {}),
    ...(valued && model.matrix !== null
      ? {
          value: {
            explicit: scores.value!.explicit,
            growth: scores.value!.growth,
            potential: scores.value!.potential,
            customerId: ids,
            tier: scores.value!.tier,
            tiers: descriptors,
            matrix: { cell: records.map((r) => r.valueCell!), table: scores.matrixTable, thresholds: model.matrix },
            ...(model.value !== null
              ? {
                  retention: {
                    model: model.value.assumptions.retentionModel,
                    monthlyRate: Object.fromEntries(Object.entries(model.value.retention).map(([tier, r]) => [tier, r.monthlyRate])),
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(scores.skipped.length > 0 ? { skipped: scores.skipped } : {}),
  };
  return { ...input, ...extras };
}

/** Cluster sizes and outcome indexes from the records (none when clustering was off). */
function clusterProfiles(onBook: readonly CustomerScoreRecord[], fn: string): Pick<ReportInput, 'clusters'> | undefined {
  const clustered = onBook.filter((r) => r.cluster !== null);
  if (clustered.length === 0) return undefined;
  const ids = [...new Set(clustered.map((r) => r.cluster!))].sort((a, b) => a - b);
  // Means over the customers that have the outcome (transaction outcomes are null without transactions).
  const meanOf = (rows: readonly CustomerScoreRecord[], get: (r: CustomerScoreRecord) => number | null): number | null => {
    let sum = 0;
    let n = 0;
    for (const r of rows) {
      const v = get(r);
      if (v !== null) {
        sum += v;
        n++;
      }
    }
    return n === 0 ? null : sum / n;
  };
  const base = CLUSTER_OUTCOMES.map(([, get]) => meanOf(clustered, get));
  const profiles = ids.map((id) => {
    const members = clustered.filter((r) => r.cluster === id);
    const first = members[0]!;
    if (first.clusterLabel === null || first.clusterLabelZh === null) throw new ClvkitError('INVALID_VALUE', 'cluster without a label', { fn, value: id });
    return {
      segment: id,
      label: first.clusterLabel,
      labelZh: first.clusterLabelZh,
      size: members.length,
      share: members.length / clustered.length,
      features: CLUSTER_OUTCOMES.map(([column, get], j) => {
        const mean = meanOf(members, get);
        const b = base[j]!;
        // An index is read against a positive average; with an average ≤ 0 (or no data) there is none.
        return { column, mean: mean ?? 0, index: mean !== null && b !== null && b > 0 ? (100 * mean) / b : null };
      }),
    };
  });
  return { clusters: { result: { k: ids.length, silhouette: null, features: CLUSTER_OUTCOMES.map(([c]) => c), profiles } } };
}

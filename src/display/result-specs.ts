/**
 * How each of clvkit's columnar results shows itself (name, what a row is, date columns, shape-line
 * facts). The producing modules pass these to `withDisplay`; type-only imports, so no module depends on
 * another through this file.
 */
import type { CustomerSummary } from '../io/customer-summary.js';
import type { TransactionTable } from '../io/transaction-table.js';
import type { ClvAssumptions } from '../clv/customer-lifetime-value.js';
import type { ParetoAnalysis } from '../pareto/pareto-analysis.js';
import type { RecordColumn } from './records.js';
import type { TableSpec } from './table-spec.js';
import { formatCount, formatNumber } from './format-cell.js';

/** A spec for a result whose only shape-line facts are its own fields. */
function spec<T>(kind: string, rows: string, extra: Omit<TableSpec<T>, 'kind' | 'rows'> = {}): TableSpec<T> {
  return { kind, rows, ...extra };
}

export const TRANSACTION_TABLE_DISPLAY: TableSpec<TransactionTable> = spec('TransactionTable', 'transactions', {
  columns: (t) => {
    const out: RecordColumn[] = [
      { name: 'customerId', values: t.customer, dictionary: t.customerIds },
      { name: 'date', values: t.day, as: 'epoch-day' },
      { name: 'amount', values: t.amount },
    ];
    for (const [name, column] of Object.entries(t.attributes)) out.push({ name, values: column.codes, dictionary: column.values });
    return out;
  },
  notes: (t) => [
    `${formatCount(t.customerIds.length)} customers`,
    ...(t.stats.rejected > 0 ? [`${formatCount(t.stats.rejected)} rows rejected`] : []),
    ...(t.stats.negativeAmounts > 0 ? [`${formatCount(t.stats.negativeAmounts)} negative amounts`] : []),
  ],
});

export const CUSTOMER_SUMMARY_DISPLAY: TableSpec<CustomerSummary> = spec('CustomerSummary', 'customers', {
  dates: ['firstDay', 'lastDay'],
  notes: (s) => [
    `time unit ${s.timeUnit}`,
    ...(s.calibrationEnd !== undefined ? [`calibration to ${s.calibrationEnd}`] : []),
    `observed to ${s.observationEnd}`,
    ...(s.transactionsAfterEnd > 0 ? [`${formatCount(s.transactionsAfterEnd)} later transactions left out`] : []),
  ],
});

export const RFM_SCORES_DISPLAY: TableSpec<{ readonly bins: number }> = spec('RfmScores', 'customers', { notes: (r) => [`${r.bins} bins`] });
export const RFM_SEGMENTS_DISPLAY: TableSpec<{ readonly table: readonly unknown[] }> = spec('RfmSegments', 'customers', {
  notes: (r) => [`${r.table.length} segments`],
});
export const TIER_ASSIGNMENT_DISPLAY: TableSpec<{ readonly table: readonly unknown[]; readonly valueName: string; readonly currency: string }> = spec(
  'TierAssignment',
  'customers',
  {
    notes: (r) => [`${r.table.length} tiers of ${r.valueName} (${r.currency})`],
  },
);
export const TIERS_OVER_TIME_DISPLAY: TableSpec<unknown> = spec('TiersOverTime', 'rows');
export const BEHAVIOR_STATUS_DISPLAY: TableSpec<unknown> = spec('BehaviorStatus', 'customers');
export const SNAPSHOT_BEHAVIOR_STATUS_DISPLAY: TableSpec<unknown> = spec('SnapshotBehaviorStatus', 'customers');
export const CUSTOMER_TAGS_DISPLAY: TableSpec<{ readonly untagged: number }> = spec('CustomerTags', 'customers', {
  notes: (r) => [`${formatCount(r.untagged)} untagged`],
});
export const SEGMENT_RESULT_DISPLAY: TableSpec<{
  readonly k: number;
  readonly selection: string;
  readonly silhouette: number | null;
  readonly segment: Int32Array;
  readonly ids?: readonly (string | number)[];
  readonly labels: { readonly en: readonly string[] };
}> = spec('SegmentResult', 'customers', {
  /** Per customer: the id (when given), the segment number and its label. */
  columns: (r) => [
    ...(r.ids !== undefined ? [{ name: 'id', values: r.ids }] : []),
    { name: 'segment', values: r.segment },
    { name: 'label', values: r.segment, dictionary: r.labels.en },
  ],
  notes: (r) => [`k = ${r.k} (${r.selection})`, ...(r.silhouette !== null ? [`silhouette ${formatNumber(Number(r.silhouette.toPrecision(3)))}`] : [])],
});
export const SEGMENT_ASSIGNMENT_DISPLAY: TableSpec<unknown> = spec('SegmentAssignment', 'customers', { exclude: ['sizes'] });
export const CLV_DISPLAY: TableSpec<{ readonly assumptions: ClvAssumptions }> = spec('CustomerLifetimeValue', 'customers', {
  notes: (r) => [
    `${r.assumptions.modelKind}, horizon ${formatNumber(r.assumptions.horizon.value)} ${r.assumptions.horizon.unit}`,
    `discount ${formatNumber(r.assumptions.discountRate.rate)} per ${r.assumptions.discountRate.per}`,
    `margin ${formatNumber(r.assumptions.margin)}`,
  ],
});
export const VALUE_DECOMPOSITION_DISPLAY: TableSpec<unknown> = spec('ValueDecomposition', 'customers');
export const VALUE_MATRIX_DISPLAY: TableSpec<unknown> = spec('ValueMatrix', 'customers');
export const ABC_CLASSES_DISPLAY: TableSpec<unknown> = spec('AbcClasses', 'customers');
export const LORENZ_CURVE_DISPLAY: TableSpec<unknown> = spec('LorenzCurve', 'points');
export const HOLDOUT_VALIDATION_DISPLAY: TableSpec<unknown> = spec('HoldoutValidation', 'customers');
/** Scores print their own curated records (`toRecords()`), one column per record field. */
export const CUSTOMER_SCORES_DISPLAY: TableSpec<{ toRecords(): readonly object[] }> = spec('CustomerScores', 'customers', {
  columns: (s) => {
    const records = s.toRecords() as readonly Record<string, unknown>[];
    const names = records.length > 0 ? Object.keys(records[0]!) : [];
    return names.map((name) => ({ name, values: records.map((r) => r[name]) }));
  },
});

const percent = (x: number): string => `${formatNumber(Number((100 * x).toPrecision(3)))}%`;

/** A Pareto analysis shows its ABC classes as the table, Gini and the Pareto point in the shape line. */
export const PARETO_ANALYSIS_DISPLAY: TableSpec<ParetoAnalysis> = spec('ParetoAnalysis', 'ABC classes', {
  length: (r) => r.abc.classes.length,
  columns: (r) => {
    const names = Object.keys(r.abc.classes[0]) as (keyof (typeof r.abc.classes)[0])[];
    return names.map((name) => ({ name, values: r.abc.classes.map((c) => c[name]) }));
  },
  notes: (r) => [
    `${formatCount(r.basis.basisCustomers)} customers`,
    `Gini ${formatNumber(Number(r.gini.toPrecision(3)))}`,
    `${percent(r.paretoPoint.target)} of value from ${percent(r.paretoPoint.customerShare)} of customers`,
  ],
});

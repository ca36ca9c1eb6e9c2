import { behaviorStatusFromSnapshots } from '../behavior/behavior-status-from-snapshots.js';
import type { BehaviorStatus } from '../behavior/behavior-statuses.js';
import { assignSegments, segmentModelFromJSON } from '../clustering/segment-model.js';
import type { SegmentTable } from '../clustering/segment-model.js';
import { customerLifetimeValue } from '../clv/customer-lifetime-value.js';
import type { FittedGammaGammaModel } from '../clv/gamma-gamma/fit-gamma-gamma.js';
import { modelFromJSON } from '../clv/model-from-json.js';
import type { FittedTransactionModel } from '../clv/transaction-model.js';
import { ClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import type { RfmScores } from '../rfm/rfm-scores.js';
import { rfmSegments } from '../rfm/rfm-segments.js';
import { tagCustomers } from '../tags/tag-customers.js';
import { DAYS_PER_UNIT, type TIME_UNITS } from '../time.js';
import { applyValueModel } from '../value/value-decomposition.js';
import type { ValueDecomposition } from '../value/value-decomposition.js';
import { valueMatrix } from '../value/value-matrix.js';
import type { Aligned } from './align-input.js';
import type { CustomerScores, ScoringDiagnostics, ScoringInput, SkippedPart } from './customer-scores.js';
import { scoreRecords } from './score-records.js';
import { attempt, timed } from './scoring-stages.js';
import type { ScoringStageTimer } from './scoring-stages.js';
import type { PeerGroupSetting, ScoringModel, ScoringRfm } from './scoring-model.js';
import { align } from './align-input.js';
import { binOf } from '../rfm/bin-of.js';

/** Peer group (with `peerGroup: 'rfmSegment'`) of customers without transactions, who have no RFM segment. */
export const NO_TRANSACTIONS_SEGMENT = 'no_transactions';

/** RFM scores of the summary with the model's stored breakpoints (no refitting of quantiles). */
export function rfmWithBreakpoints(summary: CustomerSummary, rfm: ScoringRfm): RfmScores {
  const n = summary.length;
  const bins = rfm.bins;
  const recencyDays = Float64Array.from(summary.daysSinceLastPurchase);
  const frequency = Float64Array.from(summary[rfm.frequencyColumn]);
  const monetary = Float64Array.from(summary[rfm.monetaryColumn]);
  const recencyScore = new Uint8Array(n);
  const frequencyScore = new Uint8Array(n);
  const monetaryScore = new Uint8Array(n);
  const cell: string[] = new Array<string>(n);
  const totalScore = new Float64Array(n);
  const seen = { recency: new Set<number>(), frequency: new Set<number>(), monetary: new Set<number>() };
  for (let i = 0; i < n; i++) {
    const r = bins - binOf(recencyDays[i]!, rfm.breakpoints.recency);
    const f = binOf(frequency[i]!, rfm.breakpoints.frequency) + 1;
    const m = binOf(monetary[i]!, rfm.breakpoints.monetary) + 1;
    recencyScore[i] = r;
    frequencyScore[i] = f;
    monetaryScore[i] = m;
    seen.recency.add(r);
    seen.frequency.add(f);
    seen.monetary.add(m);
    cell[i] = `${r}${f}${m}`;
    totalScore[i] = rfm.weights.recency * r + rfm.weights.frequency * f + rfm.weights.monetary * m;
  }
  const empty = (s: Set<number>) => Array.from({ length: bins }, (_, k) => k + 1).filter((k) => !s.has(k));
  return {
    length: n,
    bins,
    customerId: summary.customerId,
    recencyDays,
    frequency,
    monetary,
    recencyScore,
    frequencyScore,
    monetaryScore,
    cell,
    totalScore,
    weights: { ...rfm.weights },
    breakpoints: { recency: [...rfm.breakpoints.recency], frequency: [...rfm.breakpoints.frequency], monetary: [...rfm.breakpoints.monetary] },
    binning: { recency: 'explicit', frequency: 'explicit', monetary: 'explicit' },
    emptyBins: { recency: empty(seen.recency), frequency: empty(seen.frequency), monetary: empty(seen.monetary) },
    source: { frequency: rfm.frequencyColumn, monetary: rfm.monetaryColumn },
  };
}

/** Model-time columns of the customers selected by `rows`. */
export function rfmColumnsOf(
  summary: CustomerSummary,
  rows: readonly number[],
): { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetaryValue: Float64Array } {
  const take = (col: Float64Array) => Float64Array.from(rows, (i) => col[i]!);
  return { frequency: take(summary.frequency), recency: take(summary.recency), T: take(summary.T), monetaryValue: take(summary.monetaryValue) };
}

/** Spread per-buyer values over all customers; customers without transactions get null. */
export function nullable<T>(a: Aligned, values: ArrayLike<T>, i: number): T | null {
  const r = a.transactionRow[i]!;
  return r < 0 ? null : values[r]!;
}

/** The per-customer peer group of the value benchmarks (undefined for 'none'). */
export function peerGroupOf(
  source: PeerGroupSetting,
  a: Aligned,
  segments: readonly string[] | null,
  cluster: Int32Array | null,
  fn: string,
): readonly string[] | undefined {
  if (typeof source === 'object') {
    const col = a.attributes[source.attribute];
    if (col === undefined)
      throw new ClvkitError(
        'MISSING_COLUMN',
        `peerGroup: the customers have no attribute "${source.attribute}" (they have: ${Object.keys(a.attributes).join(', ') || 'none'})`,
        { fn, column: source.attribute, path: ['peerGroup'] },
      );
    return col;
  }
  switch (source) {
    case 'customerType':
      if (a.types === null) throw new ClvkitError('MISSING_COLUMN', "peerGroup 'customerType' needs customers.type", { fn, column: 'type' });
      return a.types;
    case 'rfmSegment':
      return Array.from({ length: a.n }, (_, i) => (segments === null ? null : nullable(a, segments, i)) ?? NO_TRANSACTIONS_SEGMENT);
    case 'cluster':
      if (cluster === null) throw new ClvkitError('INVALID_CONFIG', "peerGroup 'cluster' needs clustering", { fn, path: ['peerGroup'] });
      return Array.from(cluster, (c) => String(c));
    case 'none':
      return undefined;
  }
}

/** What the fitting pass already computed on the same input, reused by the scoring pass when identical. Internal. */
export interface Fitted {
  readonly aligned: Aligned;
  /** The value decomposition of the fit, with the survival and peer groups it was computed with. */
  readonly value: ValueDecomposition | null;
  readonly survival: Float64Array | undefined;
  readonly peerGroup: readonly string[] | undefined;
  readonly margin: number;
}

function sameValues<T>(x: ArrayLike<T> | undefined, y: ArrayLike<T> | undefined): boolean {
  if (x === undefined || y === undefined) return x === y;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/**
 * Score an input with a fitted model: the shared body of scoreCustomers and applyScoringModel. Parts the
 * model lacks (skipped at fit time) or the input lacks are skipped again, with their reasons.
 */
export function scoreWith(
  model: ScoringModel,
  input: ScoringInput,
  observationEnd: string,
  fn: string,
  timer?: ScoringStageTimer,
  fitted?: Fitted,
  margin?: number,
): CustomerScores {
  const st = model.settings;
  const a = fitted?.aligned ?? timed(timer, 'summary', () => align(input, observationEnd, st.timeUnit, st.aggregateBy, fn, margin, model.productNames));
  const { n, summary, buyers } = a;
  const m = buyers.length;
  const skipped: SkippedPart[] = [...(model.skipped ?? [])];
  const skip = (part: string, reason: string) => {
    if (!skipped.some((s) => s.part === part)) skipped.push({ part, reason });
  };
  const transactionModel = model.transactionModel === null ? null : (modelFromJSON(model.transactionModel) as FittedTransactionModel);
  const spendModel = model.spendModel === null ? null : (modelFromJSON(model.spendModel) as FittedGammaGammaModel);

  // RFM with the stored breakpoints, then the segment map (customers with transactions only).
  const rfmModel = model.rfm;
  const scored =
    rfmModel === null
      ? null
      : timed(timer, 'rfm', () => {
          const r = rfmWithBreakpoints(summary, rfmModel);
          return { rfm: r, segments: m > 0 ? rfmSegments(r, rfmModel.segments).segment : [] };
        });
  const rfm = scored?.rfm ?? null;
  const segments = scored?.segments ?? null;

  // Behaviour status; a customer without any snapshot is off the book, hence lost.
  const snaps = a.snapshots;
  let status: (BehaviorStatus | null)[];
  if (snaps === null) {
    status = new Array<null>(n).fill(null);
    skip('behaviour', 'no snapshots in the book');
  } else if (snaps.activity === undefined) {
    status = new Array<null>(n).fill(null);
    skip('behaviour', 'the snapshots have no activity column');
  } else {
    const activity = snaps.activity;
    status = timed(timer, 'behaviour', () => {
      const out: BehaviorStatus[] = new Array<BehaviorStatus>(n).fill('lost');
      if (snaps.length === 0) return out;
      const behavior = behaviorStatusFromSnapshots({ ...snaps, activity }, model.behavior);
      for (let r = 0; r < behavior.length; r++) {
        const i = behavior.customer[r]!;
        if (i < n) out[i] = behavior.status[r]!;
      }
      return out;
    });
  }

  let tags: readonly (readonly string[])[] | null = null;
  if (snaps === null) skip('tags', 'no snapshots in the book (the tag rules read balances)');
  else {
    const tagged = attempt('tags', skipped, 'skip', () =>
      timed(timer, 'tags', () => tagCustomers(a.table, { rules: model.tagRules.map((r) => r), productNames: [...model.productNames] })),
    );
    tags = tagged?.tags ?? null;
  }

  let cluster: Int32Array | null = null;
  let clusterEn: readonly string[] = [];
  let clusterZh: readonly string[] = [];
  if (model.cluster !== null) {
    const seg = segmentModelFromJSON(model.cluster);
    cluster = timed(timer, 'clustering (assign)', () => assignSegments(seg, a.table as SegmentTable).segment);
    clusterEn = seg.labels.en;
    clusterZh = seg.labels.zh;
  }

  // Transaction model, per summary row: T > 0 through the model, T = 0 explicitly as new customers.
  const withT: number[] = [];
  const newOnes: number[] = [];
  for (let r = 0; r < m; r++) (summary.T[r]! > 0 ? withT : newOnes).push(r);
  const pAlive = new Float64Array(m).fill(1);
  const expectedTransactions = new Float64Array(m);
  const expectedSpend = new Float64Array(m);
  const transactionClv = new Float64Array(m);
  // Spend: the Gamma-Gamma conditional mean; customers whose repeat purchases net to ≤ 0 carry no spend information (x treated as 0).
  let nonPositiveSpend = 0;
  if (transactionModel !== null) {
    timed(timer, 'clv', () => {
      const spendFreq = new Float64Array(m);
      for (let r = 0; r < m; r++) {
        if (summary.frequency[r]! > 0 && summary.monetaryValue[r]! <= 0) nonPositiveSpend++;
        else spendFreq[r] = summary.frequency[r]!;
      }
      if (m > 0 && spendModel !== null)
        expectedSpend.set(spendModel.conditionalExpectedAverageSpend({ frequency: spendFreq, monetaryValue: summary.monetaryValue }));
      const monthLength = DAYS_PER_UNIT.month / DAYS_PER_UNIT[transactionModel.timeUnit as (typeof TIME_UNITS)[number]];
      const monthlyRate = (1 + st.annualDiscountRate) ** (1 / 12) - 1;
      if (withT.length > 0) {
        const cols = rfmColumnsOf(summary, withT);
        const alive = transactionModel.probabilityAlive(cols);
        const clv = customerLifetimeValue({
          transactionModel,
          spend: Float64Array.from(withT, (r) => expectedSpend[r]!),
          customers: cols,
          horizon: { value: st.horizonMonths, unit: 'month' },
          step: 'month',
          discountRate: { rate: st.annualDiscountRate, per: 'year' },
          margin: st.clvMargin,
        });
        withT.forEach((r, q) => {
          pAlive[r] = alive[q]!;
          expectedTransactions[r] = clv.expectedTransactions[q]!;
          transactionClv[r] = clv.clv[q]!;
        });
      }
      if (newOnes.length > 0) {
        // T = 0: P(alive) = 1 and E[Y(t) | x = 0, t_x = 0, T = 0] = E[X(t)], the new customer's expectation.
        let discounted = 0;
        let previous = 0;
        for (let k = 1; k <= st.horizonMonths; k++) {
          const e = transactionModel.expectedTransactions(k * monthLength);
          discounted += (e - previous) / (1 + monthlyRate) ** k;
          previous = e;
        }
        for (const r of newOnes) {
          expectedTransactions[r] = previous;
          transactionClv[r] = st.clvMargin * expectedSpend[r]! * discounted;
        }
      }
    });
  }

  const peerGroup = model.value === null ? undefined : peerGroupOf(st.peerGroup, a, segments, cluster, fn);
  // Survival: P(alive) × tier retention; without transactions there is no P(alive), so the tier retention alone.
  const survival = new Float64Array(n).fill(1);
  if (transactionModel !== null) for (let r = 0; r < m; r++) survival[buyers[r]!] = pAlive[r]!;
  let value: ValueDecomposition | null = null;
  if (model.value !== null && snaps !== null) {
    const valueModel = model.value;
    value = timed(timer, 'value decomposition', () =>
      // The fit valued this very input with this model (applyValueModel reproduces valueDecomposition exactly on
      // its own input); reuse it when the survival and peer groups are the same, value for value.
      fitted !== undefined &&
      fitted.value !== null &&
      sameValues(fitted.survival, st.usePAlive ? survival : undefined) &&
      sameValues(fitted.peerGroup, peerGroup)
        ? { ...fitted.value, model: valueModel, assumptions: { ...fitted.value.assumptions, retention: valueModel.retention } }
        : applyValueModel(valueModel, {
            customerId: a.ids,
            snapshots: snaps,
            ...(peerGroup !== undefined ? { peerGroup } : {}),
            ...(st.usePAlive ? { pAlive: survival } : {}),
          }),
    );
  } else if (model.value !== null) skip('value model', 'no snapshots in the book');
  const matrixThresholds = model.matrix;
  const matrix =
    value !== null && matrixThresholds !== null
      ? timed(timer, 'matrix', () =>
          valueMatrix(value, { thresholds: { kind: 'absolute', current: matrixThresholds.current, future: matrixThresholds.future } }),
        )
      : null;

  const diagnostics: ScoringDiagnostics = {
    customers: n,
    onBook: value === null ? n : n - value.customersOffBook,
    offBook: value === null ? 0 : value.customersOffBook,
    withTransactions: m,
    withoutTransactions: n - m,
    newCustomerPredictions: transactionModel === null ? 0 : newOnes.length,
    nonPositiveSpend,
    transactionsAfterEnd: summary.transactionsAfterEnd,
    observationEnd: a.observationEnd,
    asOfMonth: value?.asOfMonth ?? a.onBookMonth,
    snapshotsAfterEnd: a.snapshotsAfterEnd,
    revenue: a.revenue,
    skipped,
  };
  return scoreRecords({
    a,
    model,
    rfm,
    segments,
    status,
    tags,
    cluster,
    clusterEn,
    clusterZh,
    newOnes,
    transaction:
      transactionModel === null
        ? null
        : {
            pAlive,
            expectedTransactions,
            expectedSpend: spendModel === null ? null : expectedSpend,
            transactionClv: spendModel === null ? null : transactionClv,
          },
    value,
    matrix,
    diagnostics,
  });
}

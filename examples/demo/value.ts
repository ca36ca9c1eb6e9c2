/**
 * Demo section `value`: the bank's value model — each customer's lifetime value as explicit + growth +
 * potential value (显性 / 成长 / 潜在价值), the value matrix (MVC / MGC / BZC) with its treatments and
 * channels, the top customers of each cell, and how well the predicted value ranks what the customers
 * really brought in the following year (the fixture is the first 24 months of a 36-month simulated book).
 */
import { sampleRankCorrelation } from 'simple-statistics';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import type { CustomerScoreRecord } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import type { SimulateBankParameters } from '../../src/simulate/simulate-bank.js';
import { VALUE_CELLS } from '../../src/value/value-matrix.js';
import type { DemoContext } from './context.js';
import { formatNumber, formatPercent } from './format.js';

export async function run(ctx: DemoContext): Promise<void> {
  const { book, print } = ctx;
  print.heading('Customer value: explicit + growth + potential (显性 + 成长 + 潜在价值)');
  const started = performance.now();
  const scores = scoreCustomers(book, {});
  const ms = performance.now() - started;
  const v = scores.value;
  const a = v!.assumptions;
  print.line(
    `Scored ${formatNumber(scores.length)} customers in one call (scoreCustomers, ${formatNumber(ms)} ms): summary, RFM, tier, behaviour, tags, ` +
      `cluster, ${scores.model.transactionModel!.kind} P(alive) + Gamma-Gamma CLV, and the value decomposition below.`,
  );
  print.line(
    `Horizon ${a.horizonMonths} months, discount ${formatPercent(a.annualDiscountRate)} a year; current contribution = mean (net revenue − cost to serve) ` +
      `of the last ${a.currentWindow} months; growth = Theil–Sen trend of the last ${a.trendWindow} months (shrunk, capped at ${formatPercent(a.growthCap)} a month, ` +
      `half-life ${a.fade.kind === 'exponential' ? `${a.fade.halfLifeMonths} months` : a.fade.kind}); potential = ${formatPercent(a.realisationRate, 0)} of the gap ` +
      `to the peers' ${formatPercent(a.benchmarkPercentile, 0)} percentile (peers: same tier and customer type).`,
  );
  const retention = Object.entries(v!.model.retention)
    .map(([tier, r]) => `${tier} ${formatPercent(r.monthlyRate ** 12)}${r.source === 'estimated' ? '' : ` (${r.source})`}`)
    .join(', ');
  const how =
    a.retentionModel === 'sbg'
      ? 'shifted-beta-geometric fit per tier on the acquisition cohorts (retentionModel "sbg", the default)'
      : `customers on the book ${a.retentionLookbackMonths} months ago still on it (retentionModel "one-year-ratio"${a.retentionFallback !== undefined ? `: ${a.retentionFallback}` : ''})`;
  print.line(`Annual retention by tier (${how}): ${retention}.`);
  print.line(
    `${formatNumber(scores.diagnostics.newCustomerPredictions)} customers made their first purchase on the last day (T = 0): predicted as new customers, flagged.`,
  );
  print.line(
    `${formatNumber(scores.diagnostics.withoutTransactions)} customers have no transaction in the period (e.g. pure deposit holders): they are scored from their ` +
      `balances (tier, tags, value, matrix cell; survival = tier retention), with P(alive), RFM and the transaction CLV left empty (hasTransactions = false), never 0.`,
  );
  print.line(
    `Transaction model: ${scores.model.transactionModel!.kind} (scoreCustomers(book, { transactionModel: 'bg-nbd' | 'mbg-nbd' | 'pareto-nbd' }); ` +
      `the saved model restores whichever was used).`,
  );

  print.line();
  print.line('The value matrix (价值矩阵): current value = explicit, future value = growth + potential; "high" = top 20% of the rest.');
  print.table(
    ['cell', '客户类别', 'customers', 'share of customers', 'share of value'],
    scores.matrixTable.map((r) => [r.label, r.labelZh, r.count, formatPercent(r.share), formatPercent(r.valueShare)]),
  );
  print.line();
  print.line('What the bank does with each cell, and through which channel (策略与服务渠道):');
  print.table(
    ['cell', 'treatment', '策略', 'channel', '渠道'],
    scores.matrixTable.map((r) => [r.cell, r.treatment, r.treatmentZh, r.channel, r.channelZh]),
  );

  const records = scores.toRecords();
  for (const cell of VALUE_CELLS) {
    if (cell === 'off_book') continue;
    const members = records.filter((r) => r.valueCell === cell);
    if (members.length === 0) continue;
    // Best first; for below-zero customers the most negative first (the ones to review first).
    const order =
      cell === 'bzc'
        ? (x: CustomerScoreRecord, y: CustomerScoreRecord) => x.explicitValue! - y.explicitValue!
        : (x: CustomerScoreRecord, y: CustomerScoreRecord) => y.totalValue! - x.totalValue!;
    const top = [...members].sort(order).slice(0, 5);
    print.line();
    print.line(`${scores.matrixTable.find((r) => r.cell === cell)!.label} — ${scores.matrixTable.find((r) => r.cell === cell)!.labelZh}, top 5:`);
    print.table(
      ['customer', 'tier', 'explicit', 'growth', 'potential', 'total', 'top product gap'],
      top.map((r) => [
        r.customerId,
        r.tier,
        Math.round(r.explicitValue!),
        Math.round(r.growthValue!),
        Math.round(r.potentialValue!),
        Math.round(r.totalValue!),
        r.productGaps[0] ?? '',
      ]),
    );
  }

  // How well does the predicted value rank what really came next? The fixture is months 1–24 of a 36-month book.
  const options = (book.truth as { options?: SimulateBankParameters } | undefined)?.options;
  print.line();
  if (options === undefined) {
    print.line('(No truth.json with the generator options: the realised-value check is skipped.)');
    return;
  }
  const full = simulateBank({ ...options, months: options.months + 12, acquisitionMonths: options.acquisitionMonths ?? Math.min(12, options.months) });
  const m0 = book.months.length;
  let prefixRows = 0;
  for (let j = 0; j < full.snapshots.length; j++) if (full.snapshots.month[j]! < m0) prefixRows++;
  if (prefixRows !== book.snapshots.length) {
    print.line('(The 36-month book does not extend the fixture: the realised-value check is skipped.)');
    return;
  }
  const d = (1 + a.annualDiscountRate) ** (1 / 12) - 1;
  const n = scores.length;
  const realised = new Float64Array(n);
  const sum = new Float64Array(n);
  const months = new Float64Array(n);
  const s = full.snapshots;
  for (let j = 0; j < s.length; j++) {
    const m = s.month[j]!;
    if (m < m0) continue;
    const c = s.netRevenue[j]! - s.costToServe[j]!;
    realised[s.customer[j]!]! += c / (1 + d) ** (m - m0 + 1);
    sum[s.customer[j]!]! += c;
    months[s.customer[j]!]!++;
  }
  const rho = (x: ArrayLike<number>) => sampleRankCorrelation(Array.from(x), Array.from(realised));
  // The transaction-model CLV exists only for customers with transactions (null otherwise).
  const buyers = records.flatMap((r, i) => (r.transactionClv === null ? [] : [i]));
  const clvRho = sampleRankCorrelation(
    buyers.map((i) => records[i]!.transactionClv!),
    buyers.map((i) => realised[i]!),
  );
  const stay: number[] = [];
  for (let i = 0; i < n; i++) if (v!.onBook[i] === 1 && months[i] === 12) stay.push(i);
  const slopeRho = sampleRankCorrelation(
    stay.map((i) => v!.slope[i]!),
    stay.map((i) => sum[i]! / 12 - v!.currentContribution[i]!),
  );
  print.line(`Predicted vs realised: the same generator run 12 more months (${full.months[m0]} .. ${full.months[full.months.length - 1]}).`);
  print.table(
    ['prediction', 'Spearman ρ with the realised discounted contribution of the next 12 months'],
    [
      ['total value (explicit + growth + potential)', rho(v!.total).toFixed(3)],
      ['explicit value alone', rho(v!.explicit).toFixed(3)],
      ['explicit + growth', rho(v!.explicit.map((e, i) => e + v!.growth[i]!)).toFixed(3)],
      [`transaction-model CLV (spend, not contribution; ${formatNumber(buyers.length)} customers with transactions)`, clvRho.toFixed(3)],
    ],
  );
  print.line(
    `Growth's trend g predicts the change in monthly contribution over the next year with ρ = ${slopeRho.toFixed(3)} ` +
      `(${formatNumber(stay.length)} customers on the book all year).`,
  );
  print.line(
    'Potential is value not yet captured: the simulator never cross-sells, so it cannot show up in realised contribution and lowers ' +
      'the rank correlation by design; read it as the size of the opportunity, not as a forecast.',
  );
}

/**
 * Demo section `retention` (issue 17): contractual retention with the shifted-beta-geometric model (Fader &
 * Hardie 2007's two published fits, then one fit per asset tier on the fixture book's acquisition cohorts), the
 * rest of the prediction toolbox for a few customers, and the holdout scorecard across transaction models.
 */
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { compareModels } from '../../src/clv/compare/compare-models.js';
import { fitShiftedBetaGeometric } from '../../src/clv/sbg/fit-shifted-beta-geometric.js';
import { conditionalTransactionPmf, probabilityNoTransactions } from '../../src/clv/toolbox/conditional-transaction-pmf.js';
import { discountedExpectedTransactions } from '../../src/clv/toolbox/discounted-expected-transactions.js';
import { probabilityAliveAt } from '../../src/clv/toolbox/probability-alive-at.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { daysInMonth, epochDay, isoDate } from '../../src/time.js';
import { tierRetentionSbg } from '../../src/value/tier-retention-sbg.js';
import type { DemoContext } from './context.js';
import { formatNumber, formatPercent } from './format.js';

const fmt = (v: number, digits = 3) => formatNumber(v, digits);

export async function run(ctx: DemoContext): Promise<void> {
  const { book, summary, print } = ctx;
  print.heading('Contractual retention (sBG), the prediction toolbox and model comparison');

  // 1. The paper: FH 2007's two segments, 1,000 customers each, survivors after years 1–7.
  const segments = [
    ['regular', [631, 468, 382, 326, 289, 262, 241], '0.704, 1.182'],
    ['high end', [869, 743, 653, 593, 551, 517, 491], '0.668, 3.806'],
  ] as const;
  print.table(
    ['segment', 'alpha (s.e.)', 'beta (s.e.)', 'published', 'retention yr 1 → 8', 'S(12)', 'DERL at 10% (new customer)'],
    segments.map(([name, survivors, published]) => {
      const m = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: [...survivors] }] });
      const r = m.retentionCurve(8);
      return [
        name,
        `${fmt(m.params.alpha)} (${fmt(m.standardErrors!.alpha)})`,
        `${fmt(m.params.beta)} (${fmt(m.standardErrors!.beta)})`,
        published,
        `${formatPercent(r[0]!)} → ${formatPercent(r[7]!)}`,
        fmt(m.survival(12)),
        fmt(m.discountedExpectedResidualLifetime(0.1, { periods: [0] })[0]!, 2),
      ];
    }),
  );
  print.line('Retention rises with tenure although no customer changes: the customers likely to leave leave first.');

  // 2. The book: one sBG per asset tier on the customers acquired during the 24 months.
  const s = book.snapshots;
  const n = book.customers.length;
  const first = new Int32Array(n).fill(-1);
  const last = new Int32Array(n).fill(-1);
  const lastAum = new Float64Array(n);
  for (let r = 0; r < s.length; r++) {
    const c = s.customer[r]!;
    const m = s.month[r]!;
    if (first[c] === -1 || m < first[c]!) first[c] = m;
    if (m > last[c]!) {
      last[c] = m;
      lastAum[c] = s.aum[r]!;
    }
  }
  const idx = Array.from({ length: n }, (_, i) => i).filter((i) => first[i]! >= 0);
  const tiers = assignTiers(
    idx.map((i) => lastAum[i]!),
    {},
  ).tierKey;
  const ret = tierRetentionSbg(
    { firstMonth: idx.map((i) => first[i]!), lastMonth: idx.map((i) => last[i]!), group: tiers, asOfMonth: book.months.length - 1, bookStartMonth: 0 },
    { horizonMonths: 36 },
  );
  print.line();
  print.line(
    `sBG per tier on the book's acquisition cohorts (monthly; ${formatNumber(ret.leftTruncated)} customers on the book from month 1 left out: unknown tenure):`,
  );
  print.table(
    ['tier', 'source', 'cohort customers', 'churned', 'alpha', 'beta', 'monthly rate (36-month equivalent)'],
    Object.entries(ret.groups).map(([tier, g]) => [tier, g.source, g.cohortCustomers, g.churned, fmt(g.alpha, 3), fmt(g.beta, 3), fmt(g.monthlyRate, 4)]),
  );
  print.line("The simulator churns at one constant rate, so α and β run large together (the geometric limit) and the rates equal the one-year ratio's;");
  print.line("scoreCustomers uses them in the value model by default ({ value: { retentionModel: 'one-year-ratio' } } for the old ratio).");

  // 3. The toolbox for three customers (BG/NBD, weeks).
  const bg = fitBgNbd(summary);
  const pick = [0, 1, 2];
  const customers = { frequency: pick.map((i) => summary.frequency[i]!), recency: pick.map((i) => summary.recency[i]!), T: pick.map((i) => summary.T[i]!) };
  const pmf = conditionalTransactionPmf(bg, customers, { t: 26, maxTransactions: 3 });
  const alive = probabilityAliveAt(bg, customers, { t: 26 });
  const none = probabilityNoTransactions(bg, customers, { t: 26 });
  const dert = discountedExpectedTransactions(bg, customers, { discountRate: Math.log(1.1) / 52.1775 });
  print.line();
  print.line('Prediction toolbox (BG/NBD, next 26 weeks; DERT at 10% a year, continuous):');
  print.table(
    ['customer', 'x, t_x, T', 'P(0), P(1), P(2), P(3)', 'P(no purchase)', 'P(alive in 26 wk)', 'DERT'],
    pick.map((i, k) => [
      summary.customerId[i]!,
      `${customers.frequency[k]}, ${fmt(customers.recency[k]!, 1)}, ${fmt(customers.T[k]!, 1)}`,
      Array.from(pmf.pmf[k]!, (v) => fmt(v, 3)).join(', '),
      fmt(none[k]!, 3),
      fmt(alive[k]!, 3),
      fmt(dert[k]!, 2),
    ]),
  );

  // 4. Model comparison on a 6-month holdout.
  const end = book.endDate;
  const [y, m] = end.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - 6;
  const calibrationEnd = isoDate(epochDay(Math.floor(index / 12), (index % 12) + 1, daysInMonth(Math.floor(index / 12), (index % 12) + 1)));
  const c = compareModels(summarizeCustomers(book.transactions, { observationEnd: end, calibrationEnd, timeUnit: 'week' }));
  print.line();
  print.line(`Model comparison, calibration to ${calibrationEnd}, holdout ${fmt(c.holdoutDuration, 1)} weeks (compareModels / clvkit compare):`);
  print.table(
    ['model', 'log-likelihood', 'AIC', 'BIC', 'holdout predicted', 'actual', 'MAE', 'decile gap'],
    c.scores.map((sc) => [
      sc.kind,
      fmt(sc.logLikelihood, 1),
      fmt(sc.aic, 1),
      fmt(sc.bic, 1),
      formatNumber(sc.holdoutPredicted, 0),
      formatNumber(sc.holdoutActual, 0),
      fmt(sc.mae, 3),
      fmt(sc.calibration.meanAbsoluteGap, 3),
    ]),
  );
  print.line(`Best by AIC: ${c.best.aic}; by BIC: ${c.best.bic}; by holdout MAE: ${c.best.mae}; by decile calibration: ${c.best.calibration}.`);
}

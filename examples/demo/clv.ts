/**
 * Demo section `clv`: fit BG/NBD (how often, and for how long, customers transact) and Gamma-Gamma (how much
 * per transaction) on the weekly summary, check the fit on a 6-month holdout, compare BG/NBD, MBG/NBD and
 * Pareto/NBD on that holdout, compare with the parameters the fixture was generated from, and rank customers
 * by discounted 12-month value.
 */
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { customerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import { fitGammaGamma } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { frequencyMonetaryCorrelation } from '../../src/clv/gamma-gamma/frequency-monetary-correlation.js';
import { holdoutValidation } from '../../src/clv/holdout/holdout-validation.js';
import { fitModifiedBgNbd } from '../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { daysInMonth, epochDay, isoDate, parseIsoDay } from '../../src/time.js';
import type { DemoContext } from './context.js';
import { formatNumber, formatPercent } from './format.js';

/** The ISO date `months` calendar months before `iso` (day clamped to the month's length). */
function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoDate(epochDay(year, month, Math.min(d, daysInMonth(year, month))));
}

const fmt = (v: number, digits = 3) => formatNumber(v, digits);

export async function run(ctx: DemoContext): Promise<void> {
  const { book, summary, print } = ctx;
  print.heading('Customer lifetime value: BG/NBD × Gamma-Gamma');
  print.line(`Weekly summary of ${formatNumber(summary.length)} customers, observed up to ${summary.observationEnd}.`);

  // Customers first seen on the very last day have T = 0: the models take them as they are.
  const customers = summary;
  let fresh = 0;
  for (let i = 0; i < summary.length; i++) if (summary.T[i] === 0) fresh++;
  if (fresh > 0)
    print.line(
      `${formatNumber(fresh)} customers first seen on ${summary.observationEnd} (T = 0) have no history yet: they are scored with the new-customer expectation.`,
    );

  // 1. Transactions: BG/NBD.
  const bgNbd = fitBgNbd(customers);
  const truth = book.truth;
  print.line();
  print.line(
    `BG/NBD fit (${bgNbd.converged ? 'converged' : `NOT converged: ${bgNbd.reason ?? ''}`} in ${bgNbd.iterations} iterations, log-likelihood ${fmt(bgNbd.logLikelihood, 1)}):`,
  );
  print.table(
    ['parameter', 'estimate', 'std. error', 'true value'],
    (['r', 'alpha', 'a', 'b'] as const).map((name) => [
      name,
      fmt(bgNbd.params[name]),
      bgNbd.standardErrors === null ? 'n/a' : fmt(bgNbd.standardErrors[name]),
      truth === undefined ? '' : fmt(truth.bgNbd[name]),
    ]),
  );

  // 2. Spend: Gamma-Gamma on customers with repeat purchases (refunds can make a mean ≤ 0: excluded, counted).
  const correlation = frequencyMonetaryCorrelation(customers);
  const gammaGamma = fitGammaGamma(customers, { nonPositiveValues: 'exclude' });
  print.line();
  print.line(
    `Gamma-Gamma fit on ${formatNumber(gammaGamma.customers)} repeat customers (${formatNumber(gammaGamma.excluded.zeroFrequency)} without repeat purchases and ` +
      `${formatNumber(gammaGamma.excluded.nonPositiveValue)} with a mean value ≤ 0 left out; ${gammaGamma.converged ? 'converged' : 'NOT converged'}).`,
  );
  print.line(
    `Independence check: corr(frequency, mean value) = ${fmt(correlation.pearson, 2)} (Pearson), ${fmt(correlation.spearman, 2)} (Spearman) — the model assumes ≈ 0.`,
  );
  print.table(
    ['parameter', 'estimate', 'std. error', 'true value'],
    (['p', 'q', 'gamma'] as const).map((name) => [
      name,
      fmt(gammaGamma.params[name]),
      gammaGamma.standardErrors === null ? 'n/a' : fmt(gammaGamma.standardErrors[name]),
      truth === undefined ? '' : fmt(truth.gammaGamma[name]),
    ]),
  );
  print.line(`Mean value per transaction of a new customer: ${fmt(gammaGamma.expectedAverageSpend(), 2)}.`);

  // 3. Holdout: refit on all but the last 6 months and predict them.
  const calibrationEnd = monthsBefore(book.endDate, 6);
  const calibration = summarizeCustomers(book.transactions, { observationEnd: book.endDate, calibrationEnd, timeUnit: 'week' });
  const calibrated = fitBgNbd(calibration);
  const check = holdoutValidation(calibrated, calibration, { transactions: book.transactions });
  print.line();
  print.line(
    `Holdout check: BG/NBD fitted on purchases up to ${calibrationEnd} (${formatNumber(calibration.length)} customers), ` +
      `predicting the next ${fmt(calibration.holdoutDuration ?? 0, 1)} weeks:`,
  );
  print.table(
    ['repeat purchases before cut-off', 'customers', 'predicted per customer', 'actual per customer'],
    check.buckets.map((b) => [b.label, b.customers, fmt(b.meanPredicted, 2), fmt(b.meanActual, 2)]),
  );
  print.line(
    `Total holdout repeat purchases: predicted ${formatNumber(check.totalPredicted, 0)}, actual ${formatNumber(check.totalActual, 0)} ` +
      `(${formatPercent(check.totalPredicted / Math.max(1, check.totalActual) - 1)}); per customer MAE ${fmt(check.mae, 2)}, RMSE ${fmt(check.rmse, 2)}.`,
  );
  if (check.tracking !== undefined) {
    const t = check.tracking;
    const last = t.expected.length - 1;
    print.line(
      `Cumulative repeat purchases at the cut-off: expected ${formatNumber(t.expected[t.calibrationSteps - 1] ?? 0, 0)}, actual ${formatNumber(t.actual[t.calibrationSteps - 1] ?? 0, 0)}; ` +
        `at ${t.endDate[last]}: expected ${formatNumber(t.expected[last]!, 0)}, actual ${formatNumber(t.actual[last]!, 0)}.`,
    );
  }

  // 4. Which transaction model? Fit the three on the same calibration period and score them on the holdout.
  const candidates: [string, FittedTransactionModel][] = [
    ['BG/NBD', calibrated],
    ['MBG/NBD', fitModifiedBgNbd(calibration)],
    ['Pareto/NBD', fitParetoNbd(calibration)],
  ];
  print.line();
  print.line('Model choice on the same split (higher log-likelihood fits the calibration period better; MAE is the mean per-customer holdout error):');
  const scored = candidates.map(([name, model]) => ({ name, model, holdout: name === 'BG/NBD' ? check : holdoutValidation(model, calibration) }));
  print.table(
    ['model', 'parameters', 'log-likelihood', 'holdout predicted', 'holdout actual', 'MAE'],
    scored.map(({ name, model, holdout: h }) => [
      name,
      Object.keys(model.params).length,
      fmt(model.logLikelihood, 1),
      formatNumber(h.totalPredicted, 0),
      formatNumber(h.totalActual, 0),
      fmt(h.mae, 3),
    ]),
  );
  const bestFit = scored.reduce((a, b) => (b.model.logLikelihood > a.model.logLikelihood ? b : a));
  const bestHoldout = scored.reduce((a, b) => (b.holdout.mae < a.holdout.mae ? b : a));
  const counts = new Set(scored.map((m) => Object.keys(m.model.params).length));
  const verdict =
    bestFit === bestHoldout
      ? `${bestFit.name} both fits best and predicts the holdout best`
      : `${bestFit.name} fits best, ${bestHoldout.name} predicts the holdout best`;
  print.line(
    `${counts.size === 1 ? 'Equal parameter counts, so log-likelihoods compare directly' : 'Parameter counts differ: compare AIC = 2·parameters − 2·log-likelihood'}. ` +
      `Here ${verdict}${truth === undefined ? '' : ' (the fixture was generated from BG/NBD)'}.`,
  );

  // 5. Value: 12 months ahead, monthly cash flows, 10% a year, 30% margin.
  const margin = 0.3;
  const value = customerLifetimeValue({
    transactionModel: bgNbd,
    spendModel: gammaGamma,
    customers,
    horizon: { value: 12, unit: 'month' },
    step: 'month',
    discountRate: { rate: 0.1, per: 'year' },
    margin,
  });
  const alive = bgNbd.probabilityAlive(customers);
  const order = Array.from({ length: value.length }, (_, i) => i).sort((i, j) => value.clv[j]! - value.clv[i]! || i - j);
  let total = 0;
  for (let i = 0; i < value.length; i++) total += value.clv[i]!;
  print.line();
  print.line(
    `12-month CLV (profit at ${formatPercent(margin, 0)} margin, 10%/year discounting, monthly steps, discounted at the end of each month): ` +
      `total ${formatNumber(total, 0)}, top 10 customers:`,
  );
  print.table(
    ['customer', 'type', 'repeat purchases', 'P(alive)', 'expected purchases (12m)', 'expected value/purchase', 'CLV'],
    order
      .slice(0, 10)
      .map((i) => [
        summary.customerId[i]!,
        book.customers.type[i]!,
        customers.frequency[i]!,
        formatPercent(alive[i]!),
        fmt(value.expectedTransactions[i]!, 2),
        fmt(value.expectedSpend[i]!, 0),
        fmt(value.clv[i]!, 0),
      ]),
  );
  const cutoffDay = parseIsoDay(summary.observationEnd);
  print.line(`(P(alive) and expectations as of ${isoDate(cutoffDay)}; BG/NBD time unit: ${bgNbd.timeUnit}.)`);
}

/**
 * Demo section `own-data`: a book in its own words (fixtures/own-vocabulary: its own file and column names,
 * segments, areas and 14 products) read through a spec, checked and scored, with what was skipped and why;
 * then how results print in a REPL or notebook, static covariates with parameter-uncertainty intervals, and
 * the scoring exported as warehouse SQL and run inside DuckDB against the in-process numbers.
 */
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkBook } from '../../src/book/check-book.js';
import { readBook } from '../../src/book/read-book.js';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitBgNbdWithCovariates } from '../../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import { customerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import { fitGammaGamma } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { predictionIntervals } from '../../src/clv/intervals/prediction-intervals.js';
import { loadDuckDb } from '../../src/duckdb/load-duckdb.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { scoringSql } from '../../src/sql/scoring-sql.js';
import type { DemoContext } from './context.js';
import { formatNumber } from './format.js';

const SPEC = fileURLToPath(new URL('../../fixtures/own-vocabulary/book.json', import.meta.url));

export async function run(ctx: DemoContext): Promise<void> {
  const { print, summary, book } = ctx;
  print.heading('Your own data: a book in its own words, read through a spec');
  const own = await readBook(SPEC);
  const check = checkBook(own);
  print.line(
    `fixtures/own-vocabulary/book.json: ${formatNumber(check.customers)} customers, months ${check.months.first} .. ${check.months.last}, ${check.rejected} rows rejected`,
  );
  print.line(`products (${check.products.length}): ${check.products.join(', ')}`);
  for (const a of check.attributes) print.line(`attribute ${a.name}: ${a.distinct} values (${a.examples.join(', ')})`);
  print.line(`revenue: ${check.revenue}`);
  const scores = scoreCustomers(own, {});
  print.table(
    ['value cell', 'customers', 'share of value'],
    scores.matrixTable.map((r) => [r.label, formatNumber(r.count), `${formatNumber(100 * r.valueShare, 1)}%`]),
  );
  for (const s of scores.skipped) print.line(`skipped ${s.part}: ${s.reason.slice(0, 140)}`);

  print.heading('Results that print themselves (REPL, Deno, Jupyter)');
  const shown = inspect(summary);
  print.line(shown.split('\n').slice(0, 6).join('\n'));
  print.line(`(console.log of the ${formatNumber(summary.length)}-customer summary: ${formatNumber(shown.length)} characters; JSON.stringify writes arrays)`);
  const bg = fitBgNbd(summary);
  print.line(`${bg}`);

  print.heading('Static covariates and prediction intervals');
  // Customer type as a 0/1 covariate on both processes (individuals are the baseline).
  const enterprise = Float64Array.from(book.customers.type, (t) => (t === 'individual' ? 0 : 1));
  const withCov = fitBgNbdWithCovariates({ ...summary, enterprise }, { covariates: { purchase: ['enterprise'], dropout: ['enterprise'] } });
  const c = withCov.coefficients;
  const se = withCov.coefficientStandardErrors;
  print.line(
    `BG/NBD with a covariate (not an individual): purchase γ ${formatNumber(c.purchase.enterprise!, 3)} (s.e. ${formatNumber(se?.purchase.enterprise ?? Number.NaN, 3)}), ` +
      `dropout γ ${formatNumber(c.dropout.enterprise!, 3)} (s.e. ${formatNumber(se?.dropout.enterprise ?? Number.NaN, 3)}); LL ${formatNumber(withCov.logLikelihood, 2)} vs ${formatNumber(bg.logLikelihood, 2)} without`,
  );
  const gg = fitGammaGamma(summary);
  const pi = predictionIntervals({
    transactionModel: bg,
    spendModel: gg,
    calibration: summary,
    horizon: 52,
    intervals: { level: 0.9, method: 'parametric', draws: 200, seed: 1 },
  });
  const first = (name: string, col: { estimate: ArrayLike<number>; lower: ArrayLike<number>; upper: ArrayLike<number> }) =>
    `${name} ${formatNumber(col.estimate[0]!, 3)} [${formatNumber(col.lower[0]!, 3)}, ${formatNumber(col.upper[0]!, 3)}]`;
  print.line(
    `customer ${summary.customerId[0]}, 90% parameter intervals (200 draws): ${first('P(alive)', pi.probabilityAlive)}; ${first('E[Y(52 weeks)]', pi.conditionalExpectedTransactions)}`,
  );

  print.heading('Scoring in the warehouse: the fitted models as SQL, run in DuckDB');
  const horizon = { value: 12, unit: 'month' } as const;
  const discountRate = { rate: 0.1, per: 'year' } as const;
  const { sql } = scoringSql({ transactionModel: bg, spendModel: gg, patterns: summary, table: 'summary', horizon, discountRate, dialect: 'duckdb' });
  const here = customerLifetimeValue({ transactionModel: bg, spendModel: gg, customers: summary, horizon, discountRate });
  const duck = await loadDuckDb('demo');
  const instance = await duck.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE summary (customer_id VARCHAR, frequency DOUBLE, recency DOUBLE, "T" DOUBLE, monetary_value DOUBLE)');
    const appender = await connection.createAppender('summary');
    for (let i = 0; i < summary.length; i++) {
      appender.appendVarchar(summary.customerId[i]!);
      appender.appendDouble(summary.frequency[i]!);
      appender.appendDouble(summary.recency[i]!);
      appender.appendDouble(summary.T[i]!);
      appender.appendDouble(summary.monetaryValue[i]!);
      appender.endRow();
    }
    appender.closeSync();
    const reader = await connection.runAndReadAll(`SELECT customer_id, clv FROM (${sql}) ORDER BY customer_id`);
    const rows = reader.getRowObjects() as { customer_id: string; clv: number | null }[];
    const index = new Map(summary.customerId.map((id, i) => [id, i]));
    let worst = 0;
    for (const r of rows) {
      const want = here.clv[index.get(r.customer_id)!]!;
      if (r.clv !== null) worst = Math.max(worst, Math.abs(r.clv - want) / Math.max(1, Math.abs(want)));
    }
    print.line(
      `scoringSql (${sql.split('\n').length} lines of DuckDB SQL) scored ${formatNumber(rows.length)} customers inside DuckDB; largest relative difference from customerLifetimeValue: ${worst.toExponential(1)}`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The Spark dialect live: summarySql (and scoringSql) run on a local Spark session (pyspark, local[2];
 * one session for every statement of this file) and compared column by column with the in-process
 * results, on the bank fixture and on CDNOW. Skips with the reason where java or pyspark is absent,
 * except under CLVKIT_REQUIRE_SPARK=1 (CI), where that is a failure.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { readSummaries } from '../../src/io/read-summaries.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { scoringSql } from '../../src/sql/scoring-sql.js';
import { summarySql, type SummarySqlOptions } from '../../src/sql/summary-sql.js';
import { hasSharedData, sharedFile } from '../helpers/shared-data.js';
import { describeWithSpark, rowObjects, runSpark, type SparkResults, type SparkStatement, type SparkTable } from '../helpers/spark.js';
import { expectSameSummary } from './expect-same-summary.js';
import { expectSameScores, scoringCases, type ScoringCase } from './scoring-cases.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/bank/transactions.csv', import.meta.url));
const CDNOW = sharedFile('cdnow_sample_transactions.csv');

type Read = Omit<Parameters<typeof readSummaries>[1], 'days'>;
interface SummaryCase {
  readonly name: string;
  readonly file: string;
  readonly options: Read & Pick<SummarySqlOptions, 'aggregateBy' | 'timeUnit' | 'observationEnd' | 'calibrationEnd'>;
  readonly sql: Omit<SummarySqlOptions, 'dialect' | 'observationEnd' | 'timeUnit'>;
}

const SUMMARY_CASES: readonly SummaryCase[] = [
  {
    name: 'fixture weekly with holdout',
    file: FIXTURE,
    options: { observationEnd: '2024-12-31', calibrationEnd: '2024-06-30', timeUnit: 'week' },
    sql: { table: 'bank_tx' },
  },
  { name: 'fixture daily, rows after the end', file: FIXTURE, options: { observationEnd: '2024-09-30', timeUnit: 'day' }, sql: { table: 'bank_tx' } },
  {
    name: 'fixture monthly, every transaction a purchase',
    file: FIXTURE,
    options: { observationEnd: '2024-12-31', timeUnit: 'month', aggregateBy: 'none' },
    sql: { table: 'bank_tx', columns: { order: 'seq' } },
  },
  ...(hasSharedData
    ? ([
        {
          name: 'CDNOW weekly with holdout (YYYYMMDD text)',
          file: CDNOW,
          options: { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' },
          sql: { table: 'cdnow' },
        },
        {
          name: 'CDNOW daily, every transaction a purchase, order column',
          file: CDNOW,
          options: { observationEnd: '1997-09-30', timeUnit: 'day', aggregateBy: 'none' },
          sql: { table: 'cdnow', columns: { order: 'seq' } },
        },
        {
          name: 'CDNOW explicit YYYYMMDD pattern, monthly',
          file: CDNOW,
          options: { observationEnd: '1998-06-30', timeUnit: 'month' },
          sql: { table: 'cdnow', dateFormat: 'YYYYMMDD' },
        },
      ] as const satisfies readonly SummaryCase[])
    : []),
];

const FIXTURE_PERIOD = { observationEnd: '2024-12-31', timeUnit: 'week' } as const;
const CDNOW_PERIOD = { observationEnd: '1997-09-30', timeUnit: 'week' } as const;

describeWithSpark('summarySql and scoringSql on a live local Spark session', () => {
  let results: SparkResults;
  let sparkVersion: string;
  const scoring: { case: ScoringCase; key: string }[] = [];

  beforeAll(async () => {
    const tables: SparkTable[] = [
      { name: 'bank_tx', csv: FIXTURE, rowNumber: 'seq' },
      ...(hasSharedData ? [{ name: 'cdnow', csv: CDNOW, rowNumber: 'seq' }] : []),
    ];
    const statements: SparkStatement[] = SUMMARY_CASES.map((c) => ({ name: c.name, sql: summarySql({ ...c.sql, ...c.options, dialect: 'spark' }) }));
    // Scoring: the summary as a view in Spark, the models fitted in-process on the in-process summary.
    const sources = [
      { label: 'fixture', file: FIXTURE, table: 'bank_tx', period: FIXTURE_PERIOD },
      ...(hasSharedData ? [{ label: 'cdnow', file: CDNOW, table: 'cdnow', period: CDNOW_PERIOD }] : []),
    ];
    for (const source of sources) {
      const view = `${source.label}_summary`;
      statements.push({ sql: `CACHE TABLE ${view} AS ${summarySql({ ...source.period, table: source.table, dialect: 'spark' })}` });
      const cases = scoringCases(summarizeCustomers(await readTransactions(source.file), source.period), source.label);
      for (const [i, c] of cases.entries()) {
        const key = `scoring ${c.name}`;
        if (source.label === 'cdnow') {
          // The lookup inline (VALUES in the statement).
          statements.push({ name: key, sql: scoringSql({ ...c.options, table: view, dialect: 'spark' }).sql });
        } else {
          // The lookup as a table, loaded from lookup.rows (Spark parses a VALUES list of thousands of rows slowly).
          const name = `lk_${source.label}_${i}`;
          const out = scoringSql({ ...c.options, table: view, dialect: 'spark', lookup: { table: name } });
          const schema = out.lookup.columns.map((col) => `${col} ${col.endsWith('days') || col === 'x' ? 'BIGINT' : 'DOUBLE'}`).join(', ');
          tables.push({ name, columns: out.lookup.columns, rows: out.lookup.rows, schema });
          statements.push({ name: key, sql: out.sql });
        }
        scoring.push({ case: c, key });
      }
    }
    let seconds: number[];
    ({ results, sparkVersion, seconds } = runSpark(tables, statements));
    if (process.env.CLVKIT_SHOW_WORST === '1')
      console.log(statements.map((s, i) => `${seconds[i]} s ${s.name ?? s.sql.slice(0, 60)} (${s.sql.length} chars)`).join('\n'));
  }, 300_000);

  it('runs on Spark 3.5', () => {
    expect(sparkVersion).toMatch(/^3\.5\./);
  });

  for (const c of SUMMARY_CASES) {
    it(`${c.name}: every column equal to the in-process summary`, async () => {
      const result = results[c.name]!;
      expect(result.rows.length).toBeGreaterThan(0);
      const actual: CustomerSummary = await readSummaries(rowObjects(result), c.options);
      const expected = summarizeCustomers(await readTransactions(c.file), c.options);
      expectSameSummary(actual, expected);
    });
  }

  it('scoringSql (BG/NBD, MBG/NBD, Pareto/NBD with Gamma-Gamma): every score equal to the in-process one', () => {
    expect(scoring.length).toBeGreaterThanOrEqual(3);
    for (const s of scoring) expectSameScores(rowObjects(results[s.key]!), s.case);
  });
});

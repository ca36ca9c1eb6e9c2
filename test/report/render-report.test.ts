import { describe, expect, expectTypeOf, it } from 'vitest';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import { frequencyRecencyMatrix } from '../../src/clv/frequency-recency-matrix.js';
import type { HoldoutValidation } from '../../src/clv/holdout/holdout-validation.js';
import { modelFromJSON } from '../../src/clv/model-from-json.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import { ClvkitError } from '../../src/errors.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { renderReport, type RenderReportOptions } from '../../src/report/render-report.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { tierMigration } from '../../src/tiers/tier-migration.js';
import { valueMatrix } from '../../src/value/value-matrix.js';
import { clusterTable } from '../charts/chart-test-helpers.js';

const EVIL = '<img src=x onerror="alert(1)">';
const n = 60;
const ids = Array.from({ length: n }, (_, i) => (i === 0 ? EVIL : `C${String(i).padStart(3, '0')}`));
const aum = Array.from({ length: n }, (_, i) => (i === 0 ? 9_000_000 : 1000 * ((i * 37) % 101) + (i % 7) * 250_000));

const model = modelFromJSON({
  format: 'clvkit-model',
  version: 1,
  kind: 'bg-nbd',
  timeUnit: 'week',
  params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 },
  standardErrors: { r: 0.0127, alpha: 0.3782, a: 0.1848, b: 0.7053 },
  logLikelihood: -9582.4,
  converged: true,
  iterations: 17,
  customers: 2357,
}) as FittedTransactionModel;

function fullInput(): ReportInput {
  const pareto = paretoAnalysis(aum, { ids });
  const scores = rfmScores(
    {
      customerId: ids,
      recencyDays: ids.map((_, i) => (i * 53) % 400),
      frequency: ids.map((_, i) => (i * 7) % 11),
      monetary: ids.map((_, i) => 10 + ((i * 97) % 500)),
    },
    {},
  );
  const tiers = assignTiers(aum, { customerId: ids });
  const before = assignTiers(
    aum.map((v, i) => (i % 5 === 0 ? v * 3 : v)),
    { customerId: ids },
  );
  const table = { ...clusterTable(n), id: ids };
  const clusters = segmentCustomers(table, { features: ['aum', 'activity', 'products'], money: ['aum'], k: 3, seed: 1, id: 'id' });
  const holdout: HoldoutValidation = {
    customers: n,
    holdoutDuration: 26,
    timeUnit: 'week',
    predicted: new Float64Array(n).fill(1),
    actual: new Float64Array(n).fill(1),
    buckets: [{ label: '0', minFrequency: 0, customers: n, meanPredicted: 1.04, meanActual: 1.1 }],
    mae: 0.5,
    rmse: 0.7,
    totalPredicted: 62.4,
    totalActual: 66,
    tracking: {
      step: 'week',
      endDate: ['2024-01-07', '2024-01-14', '2024-01-21'],
      expected: Float64Array.from([1, 2, 3]),
      actual: Float64Array.from([1, 2, 4]),
      calibrationSteps: 2,
      transactionsOutsideSummary: 0,
      transactionsAfterEnd: 0,
    },
  };
  const explicit = aum.map((v, i) => (i % 9 === 0 ? -50 : v / 1000));
  const growth = aum.map((_, i) => (i % 4) * 10);
  const potential = aum.map((_, i) => ((i * 13) % 7) * 20);
  return {
    book: { customers: n, onBook: n, asOf: '2024-12-31', currency: 'CNY' },
    pareto: { analysis: pareto, valueName: 'AUM', values: aum, ids },
    rfm: { scores, segments: rfmSegments(scores) },
    tiers: { assignment: tiers, migration: tierMigration(before, tiers, {}), migrationFrom: '2023-12' },
    clusters: { result: clusters, table },
    models: { transaction: model },
    holdout,
    frequencyRecency: frequencyRecencyMatrix(model, { T: 40, maxFrequency: 4, recencySteps: 5, t: 52 }),
    clv: {
      result: {
        clv: Float64Array.from(aum, (v) => v / 100),
        expectedTransactions: Float64Array.from(aum, (_, i) => i % 5),
        assumptions: { horizon: { value: 12, unit: 'month' } },
      },
      customerId: ids,
      pAlive: Float64Array.from(aum, (_, i) => (i % 10) / 10),
    },
    value: { explicit, growth, potential, customerId: ids, tier: tiers.tierKey, tiers: tiers.table, matrix: valueMatrix({ explicit, growth, potential }) },
  };
}

async function rejection(p: Promise<unknown>): Promise<ClvkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClvkitError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('renderReport', () => {
  it('renders every section with its charts into one self-contained page', async () => {
    const input = fullInput();
    const html = await renderReport(input);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    const sections = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(['overview', 'concentration', 'rfm', 'tiers', 'clusters', 'model', 'clv', 'value-matrix']);
    // 2 Pareto + 2 RFM + 2 tiers + 2 clusters + tracking and 2 frequency/recency + 2 value.
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(13);
    expect((html.match(/<svg /g) ?? []).length).toBe(13);
    // Nothing that could make a request: no script, no stylesheet link, no remote URL, no @import.
    expect(html).not.toMatch(/<script|<link|<iframe|<object|@import/i);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    // Ids are unique across the inline SVGs.
    const idList = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(idList).size).toBe(idList.length);
  });

  it('escapes every string from the data', async () => {
    const html = await renderReport(fullInput());
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('shows the key numbers of the inputs', async () => {
    const input = fullInput();
    const html = await renderReport(input);
    const kpi = (key: string) => new RegExp(`data-kpi="${key}"><div class="kpi-value">([^<]*)<`).exec(html)?.[1];
    // Independent top-20% share: the 12 largest of 60 values.
    const sorted = [...aum].sort((a, b) => b - a);
    const top = sorted.slice(0, 12).reduce((s, v) => s + v, 0) / sorted.reduce((s, v) => s + v, 0);
    expect(kpi('top-20-share')).toBe(`${(top * 100).toFixed(1)}%`);
    const mvc = input.value!.matrix.cell.filter((c) => c === 'mvc').length;
    expect(kpi('mvc-customers')).toBe(String(mvc));
    expect(kpi('customers')).toBe('60');
    expect(kpi('holdout')).toBe('−5.5%');
    // The richest customer by AUM leads the top-customer table (escaped).
    expect(html).toContain('<td class="num">1</td><td>&lt;img src=x');
    expect(html).toContain('Migration (2023-12 → 2024-12-31):');
  });

  it('lists the sections that were not given', async () => {
    const html = await renderReport({ book: { customers: 4, asOf: '2024-12-31' }, pareto: { analysis: paretoAnalysis([5, 3, 1, 1]), valueName: 'AUM' } });
    expect([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual(['overview', 'concentration']);
    expect(html).toContain('Not in this run. RFM segments · Asset tiers · Clusters · Model fit and holdout check · Customer lifetime value · Value matrix');
  });

  it('zh-CN: Chinese text, lang and title; deterministic', async () => {
    const input = fullInput();
    const html = await renderReport(input, { locale: 'zh-CN', title: '我行客户价值 <2024>' });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>我行客户价值 &lt;2024&gt;</title>');
    expect(html).toContain('前 20% 客户持有');
    expect(html).toContain('价值集中度（洛伦兹曲线）');
    expect(await renderReport(input, { locale: 'zh-CN', title: '我行客户价值 <2024>' })).toBe(html);
  });

  it('errors: bad input, bad options, missing vega', async () => {
    expect((await rejection(renderReport(null as never))).code).toBe('INVALID_VALUE');
    expect((await rejection(renderReport({ book: { customers: 1, asOf: '2024-01-01' } }, { locale: 'de' as never }))).code).toBe('INVALID_OPTIONS');
    const failing = () => Promise.reject(new Error('no vega'));
    const e = await rejection(renderReport(fullInput(), { loadModules: failing }));
    expect(e.code).toBe('MISSING_DEPENDENCY');
    const bad = fullInput();
    expect((await rejection(renderReport({ ...bad, clv: { ...bad.clv!, customerId: ['x'] } }))).code).toBe('LENGTH_MISMATCH');
    expectTypeOf(renderReport).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf<RenderReportOptions>().toHaveProperty('locale');
  });
});

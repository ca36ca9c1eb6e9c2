import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  abcClasses,
  assignTiers,
  behaviorStatus,
  customerLifetimeValue,
  fitBgNbd,
  fitGammaGamma,
  holdoutValidation,
  lorenzCurve,
  paretoByGroup,
  readBankBook,
  readTransactionsSync,
  rfmScores,
  rfmSegments,
  scoreCustomers,
  segmentCustomers,
  summarizeCustomers,
  tagCustomers,
  valueMatrix,
} from '../../src/index.js';
import type { CustomerSummary } from '../../src/index.js';
import { DENO_INSPECT, JUPYTER_DISPLAY, recordColumns, withDisplay } from '../../src/display/with-display.js';
import type { Displayed, MimeBundle } from '../../src/display/with-display.js';
import { ClvkitError } from '../../src/errors.js';
import { describeWithSharedData, sharedFile } from '../helpers/shared-data.js';

const call = (x: object, s: symbol, ...args: unknown[]): unknown => (x as Record<symbol, (...a: unknown[]) => unknown>)[s]!(...args);

function demo(n: number) {
  return withDisplay(
    {
      length: n,
      id: Array.from({ length: n }, (_, i) => `C${i}`),
      x: Float64Array.from({ length: n }, (_, i) => i + 0.140000000000004),
      day: Int32Array.from({ length: n }, (_, i) => 10000 + i),
      table: [{ k: 1 }],
      note: 'kept',
    },
    { kind: 'Demo', rows: 'customers', dates: ['day'], notes: () => ['time unit week'] },
  );
}

describe('withDisplay', () => {
  it('keeps the result plain data: keys, spreading, structuredClone and JSON see only the data', () => {
    const r = demo(3);
    expect(Object.keys(r)).toEqual(['length', 'id', 'x', 'day', 'table', 'note']);
    const clone = structuredClone(r);
    expect(clone.x).toEqual(r.x);
    expect(Object.getOwnPropertySymbols(clone)).toEqual([]);
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    expect(json.x).toEqual(Array.from(r.x));
    expect(json.day).toEqual([10000, 10001, 10002]);
    expect(Object.keys(json)).toEqual(Object.keys(r));
  });

  it('toRecords, head and describe: rows with ISO dates, from the per-row columns only', () => {
    const r = demo(20);
    expect(r.toRecords()).toHaveLength(20);
    expect(r.head(2)).toEqual([
      { id: 'C0', x: r.x[0], day: '1997-05-19' },
      { id: 'C1', x: r.x[1], day: '1997-05-20' },
    ]);
    expect(r.head()).toHaveLength(5);
    expect(r.head(0)).toEqual([]);
    expect(r.describe().map((d) => [d.column, d.count, d.min, d.max])).toEqual([['x', 20, r.x[0], r.x[19]]]);
    expect(() => r.head(-1)).toThrow(ClvkitError);
    expect(() => r.head(1.5)).toThrow(/non-negative integer/);
  });

  it('prints a shape line and the first and last rows, rounded, in Node and Deno', () => {
    const r = demo(20);
    const text = inspect(r);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Demo: 20 customers × 3 columns, time unit week');
    expect(lines).toHaveLength(2 + 5 + 1 + 5);
    expect(text).toContain('0.14 ');
    expect(text).not.toContain('0.140000000000004');
    expect(lines[7]!.startsWith('…')).toBe(true);
    expect(lines[12]!.startsWith('19')).toBe(true);
    expect(call(r, DENO_INSPECT)).toBe(text);
    expect(String(r)).toBe(text);
    // nested deeper than inspect's depth: one line
    expect(inspect({ a: { b: { r } } })).toContain('[Demo: 20 customers × 3 columns]');
  });

  it('Jupyter display: text/plain and an HTML table of the first and last rows with the shape', () => {
    const bundle = call(demo(20), JUPYTER_DISPLAY) as MimeBundle;
    expect(Object.keys(bundle).sort()).toEqual(['text/html', 'text/plain']);
    const html = bundle['text/html'] as string;
    expect(html).toContain('Demo: 20 customers × 3 columns');
    expect(html.match(/<tr>/g)).toHaveLength(1 + 5 + 1 + 5);
    expect(html).toContain('1997-05-19');
  });

  it('keeps what a result already owns (a scoring result keeps its toRecords and toJSON)', () => {
    const own = { length: 1, v: [1], toRecords: () => [{ mine: true }], toJSON: () => 'mine' };
    const r = withDisplay(own, { kind: 'Own', rows: 'rows' });
    expect(r.toRecords()).toEqual([{ mine: true }]);
    expect(JSON.stringify(r)).toBe('"mine"');
    expect(typeof r.head).toBe('function');
  });

  it('records arrays print as tables too', () => {
    const text = inspect(demo(3).head(2));
    expect(text.split('\n')[0]).toBe('Demo: 2 customers × 3 columns');
  });

  it('has typed methods', () => {
    expectTypeOf(demo(1).head).returns.toEqualTypeOf<Record<string, import('../../src/display/records.js').RecordCell>[]>();
    expectTypeOf(rfmScores).returns.toHaveProperty('describe');
    expectTypeOf<Displayed<CustomerSummary>['head']>().returns.toBeArray();
  });
});

describe('every columnar result displays itself', () => {
  const fixtures = fileURLToPath(new URL('../../fixtures/bank/', import.meta.url));

  it('transactions, summaries, RFM, tiers, behaviour, tags, clusters, CLV, holdout, Pareto, value matrix, scores', async () => {
    const book = await readBankBook(fixtures);
    const t = book.transactions;
    const summary = summarizeCustomers(t, { observationEnd: '2024-12-31', calibrationEnd: '2024-09-30', timeUnit: 'week' });
    const rfm = rfmScores(summary, { bins: 5 });
    const model = fitBgNbd(summary);
    const spend = fitGammaGamma(summary, { nonPositiveValues: 'exclude' });
    const clv = customerLifetimeValue({
      transactionModel: model,
      spendModel: spend,
      customers: summary,
      horizon: { value: 12, unit: 'month' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    const seg = segmentCustomers(
      { frequency: summary.frequency, monetaryValue: summary.totalAmount },
      { features: ['frequency', 'monetaryValue'], k: 3, seed: 1 },
    );
    const scores = scoreCustomers(book);
    const results: [string, object][] = [
      ['TransactionTable', t],
      ['CustomerSummary', summary],
      ['RfmScores', rfm],
      ['RfmSegments', rfmSegments(rfm)],
      ['TierAssignment', assignTiers(summary.totalAmount.map((x) => x * 100))],
      ['BehaviorStatus', behaviorStatus(summary)],
      [
        'CustomerTags',
        tagCustomers(
          { length: summary.length, totalAmount: summary.totalAmount },
          { rules: [{ tag: 'big', label: 'Big', labelZh: '大', when: { column: 'totalAmount', op: '>', value: 1000 } }] },
        ),
      ],
      ['SegmentResult', seg],
      ['CustomerLifetimeValue', clv],
      ['HoldoutValidation', holdoutValidation(model, summary)],
      ['AbcClasses', abcClasses(summary.totalAmount)],
      ['LorenzCurve', lorenzCurve(summary.totalAmount)],
      ['ValueMatrix', valueMatrix({ explicit: clv.clv, growth: new Float64Array(clv.length), potential: clv.expectedSpend } as never)],
      ['CustomerScores', scores],
    ];
    for (const [kind, r] of results) {
      const text = inspect(r);
      expect(text.startsWith(`${kind}: `), `${kind}: ${text.slice(0, 80)}`).toBe(true);
      expect(text.length, kind).toBeLessThan(3000);
      expect(
        Object.keys(r).some((k) => ['toRecords', 'head', 'describe'].includes(k)),
        kind,
      ).toBe(false);
      // CustomerScores carries its fitted scoring model (with methods) inside: not cloneable, known and reported.
      if (kind !== 'CustomerScores') expect(() => structuredClone(r), kind).not.toThrow();
      const bundle = call(r, JUPYTER_DISPLAY) as MimeBundle;
      expect(bundle['text/html'], kind).toMatch(/^<div class="clvkit-table">/);
      const head = (r as { head(n: number): object[] }).head(2);
      expect(head.length, kind).toBe(Math.min(2, (r as { toRecords(): unknown[] }).toRecords().length));
    }
    expect((t as Displayed<typeof t>).head(1)[0]).toEqual({
      customerId: t.customerIds[t.customer[0]!],
      date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      amount: t.amount[0],
      ...Object.fromEntries(Object.entries(t.attributes).map(([k, c]) => [k, c.values[c.codes[0]!]])),
    });
    const groups = paretoByGroup(summary.totalAmount, { groups: rfmSegments(rfm).segment });
    expect(inspect(groups).split('\n')[0]).toMatch(/^ParetoGroups: \d+ groups × \d+ columns$/);
    expect(
      recordColumns(summary)
        .filter((c) => c.as === 'epoch-day')
        .map((c) => c.name),
    ).toEqual(['firstDay', 'lastDay']);
  }, 30_000);
});

describeWithSharedData('CDNOW master log (23,570 customers)', () => {
  it('a customer summary prints in under 3 KB, JSON writes arrays, structuredClone works', () => {
    const csv = readFileSync(sharedFile('cdnow_master_transactions.csv'), 'utf8');
    const t = readTransactionsSync(csv);
    const s = summarizeCustomers(t, { observationEnd: '1997-09-30', timeUnit: 'week' });
    const text = inspect(s);
    expect(s.length).toBe(23570);
    // Independent count of the rows after the period end, from the raw text (dates are YYYYMMDD).
    const later = csv
      .trim()
      .split('\n')
      .slice(1)
      .filter((line) => line.split(',')[1]! > '19970930').length;
    expect(text.split('\n')[0]).toBe(
      `CustomerSummary: 23,570 customers × 10 columns, time unit week, observed to 1997-09-30, ${later.toLocaleString('en-US')} later transactions left out`,
    );
    expect(Buffer.byteLength(text)).toBeLessThan(3000);
    expect(Buffer.byteLength(inspect(t))).toBeLessThan(3000);
    expect(text).not.toMatch(/\d\.\d{7,}/);
    const json = JSON.parse(JSON.stringify(s)) as { frequency: unknown };
    expect(Array.isArray(json.frequency)).toBe(true);
    expect(structuredClone(s).frequency).toEqual(s.frequency);
    expect(s.head(1)[0]).toMatchObject({ customerId: '1', firstDay: '1997-01-01', lastDay: '1997-01-01' });
  });
});

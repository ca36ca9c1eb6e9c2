import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { latestSnapshot } from '../../src/book/latest-snapshot.js';
import { readBook } from '../../src/book/read-book.js';
import { applyScoringModel, scoreCustomers } from '../../src/scoring/score-customers.js';
import { scoringModelFromJSON } from '../../src/scoring/scoring-model.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { readTransactionsSync } from '../../src/io/read-transactions.js';
import { expectCode } from '../helpers/expect-code.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('scoreCustomers — graceful degradation', () => {
  it('a 5-customer, 3-month book scores every customer and lists what it skipped, with reasons', () => {
    const tx = readTransactionsSync('customer_id,date,amount\nA,2024-01-05,10\nB,2024-01-20,30\nB,2024-03-02,20\nC,2024-02-11,5\nD,2024-03-30,8\n');
    const book = {
      customers: { length: 5, customerId: ['A', 'B', 'C', 'D', 'E'], attributes: { segment: ['retail', 'retail', 'sme', 'sme', 'retail'] } },
      transactions: tx,
      months: ['2024-01', '2024-02', '2024-03'],
      startDate: '2024-01-01',
      endDate: '2024-03-31',
    };
    const scores = scoreCustomers(book, {});
    expect(scores.length).toBe(5);
    const parts = scores.skipped.map((s) => s.part);
    // Transactions only: no value model, behaviour or tags.
    expect(parts).toEqual(expect.arrayContaining(['value model', 'behaviour', 'tags']));
    for (const s of scores.skipped) expect(s.reason.length).toBeGreaterThan(10);
    expect(scores.diagnostics.skipped).toEqual(scores.skipped);
    const records = scores.toRecords();
    expect(records.map((r) => r.hasTransactions)).toEqual([true, true, true, true, false]);
    expect(records[4]!.pAlive).toBeNull();
    expect(records[0]!.totalValue).toBeNull();
    expect(records[0]!.valueCell).toBeNull();
    // The model round-trips with its skipped parts and applies with the same result.
    const again = applyScoringModel(scoringModelFromJSON(JSON.stringify(scores.model)), book);
    expect(again.toCsv()).toBe(scores.toCsv());
    expect(again.skipped.map((s) => s.part)).toEqual(expect.arrayContaining(parts));
  });

  it('a simulated 5-customer, 3-month book: Gamma-Gamma undefined (no repeat buyer) is skipped, everyone scored', () => {
    const book = simulateBank({ customers: 5, months: 3, seed: 1 });
    const scores = scoreCustomers(book, {});
    expect(scores.length).toBe(5);
    expect(scores.skipped).toEqual([{ part: 'spend model (Gamma-Gamma)', reason: expect.stringMatching(/^EMPTY_INPUT: .*repeat transactions/) }]);
    const r = scores.toRecords();
    expect(r.every((x) => x.transactionClv === null && x.expectedSpend === null && x.totalValue !== null)).toBe(true);
    expect(r.filter((x) => x.hasTransactions).every((x) => x.pAlive !== null)).toBe(true);
    // Asked to be strict, the same book throws instead of skipping.
    expectCode(() => scoreCustomers(book, { onModelFailure: 'throw' }), 'EMPTY_INPUT');
  });

  it('snapshots only: tiers, behaviour, tags, value and matrix; the transaction models skipped', () => {
    const book = simulateBank({ customers: 300, months: 12, seed: 5 });
    const scores = scoreCustomers({ ...book, transactions: undefined }, {});
    expect(scores.skipped.map((s) => s.part)).toEqual(expect.arrayContaining(['transaction model', 'rfm']));
    expect(scores.value).not.toBeNull();
    expect(scores.matrixTable.length).toBeGreaterThan(0);
    const r = scores.toRecords();
    expect(r.every((x) => x.pAlive === null && x.totalValue !== null && x.behaviorStatus !== null)).toBe(true);
  });
});

describe('scoreCustomers — the observation end', () => {
  const book = simulateBank({ customers: 400, months: 24, seed: 9 });
  it('does not look ahead: scoring at month 12 equals scoring the book cut at month 12', () => {
    const end = '2023-12-31';
    const atEnd = scoreCustomers(book, { observationEnd: end, clusters: false });
    const m = book.months.indexOf('2023-12');
    expect(m).toBe(11);
    const keep: number[] = [];
    for (let j = 0; j < book.snapshots.length; j++) if (book.snapshots.month[j]! <= m) keep.push(j);
    const s = book.snapshots;
    const pick = <A extends Float64Array | Uint32Array | Uint16Array>(c: A) =>
      c.constructor === Float64Array
        ? Float64Array.from(keep, (j) => c[j]!)
        : c.constructor === Uint16Array
          ? Uint16Array.from(keep, (j) => c[j]!)
          : Uint32Array.from(keep, (j) => c[j]!);
    const cut = {
      customers: book.customers,
      transactions: book.transactions,
      snapshots: {
        length: keep.length,
        customer: pick(s.customer) as Uint32Array,
        month: pick(s.month) as Uint16Array,
        deposits: pick(s.deposits) as Float64Array,
        wealth: pick(s.wealth) as Float64Array,
        loans: pick(s.loans) as Float64Array,
        aum: pick(s.aum) as Float64Array,
        netRevenue: pick(s.netRevenue) as Float64Array,
        costToServe: pick(s.costToServe) as Float64Array,
        activity: pick(s.activity) as Uint16Array,
        products: pick(s.products) as Uint32Array,
      },
      months: book.months.slice(0, 12),
      startDate: book.startDate,
      endDate: end,
    };
    const truncated = scoreCustomers(cut, { clusters: false });
    expect(atEnd.diagnostics.snapshotsAfterEnd).toBe(book.snapshots.length - keep.length);
    expect(atEnd.diagnostics.asOfMonth).toBe(11);
    expect(atEnd.toCsv()).toBe(truncated.toCsv());
  });

  it('rejects an observation end after the book', () => {
    const e = expectCode(() => scoreCustomers(book, { observationEnd: '2030-01-31' }), 'INVALID_OPTIONS');
    expect(e.details.path).toEqual(['observationEnd']);
  });
});

describe('scoreCustomers — options checked at the entry', () => {
  it('nested rfm, value, matrix options fail before any fit, naming the path', () => {
    const book = simulateBank({ customers: 50, months: 6, seed: 2 });
    const started = performance.now();
    const e = expectCode(() => scoreCustomers(book, { rfm: { bins: 99 } }), 'INVALID_OPTIONS');
    expect(e.details.path?.[0]).toBe('rfm');
    expect(e.message).toMatch(/^scoreCustomers: rfm: /);
    expect(performance.now() - started).toBeLessThan(200); // no BG/NBD fit ran
    expect(expectCode(() => scoreCustomers(book, { value: { nope: 1 } as never }), 'INVALID_OPTIONS').details.path?.[0]).toBe('value');
    expect(expectCode(() => scoreCustomers(book, { matrix: { thresholds: { kind: 'bad' } } as never }), 'INVALID_OPTIONS').details.path?.[0]).toBe('matrix');
    expect(expectCode(() => scoreCustomers(book, { behavior: { lostAfter: -1 } as never }), 'INVALID_OPTIONS').details.path?.[0]).toBe('behavior');
  });

  it('latestSnapshot refuses a customer count it would exhaust memory on', () => {
    const book = simulateBank({ customers: 5, months: 2, seed: 1 });
    expectCode(() => latestSnapshot(book.snapshots, { customers: 1e9 }), 'INVALID_OPTIONS');
  });
});

describe('scoreCustomers — a book in its own words', () => {
  it('scores every customer of the own-vocabulary book, with its segment as peer group and its products as gaps', async () => {
    const book = await readBook(join(ROOT, 'fixtures/own-vocabulary/book.json'));
    const scores = scoreCustomers(book, {});
    expect(scores.length).toBe(240);
    expect(scores.model.settings.peerGroup).toEqual({ attribute: 'segment' });
    expect(scores.model.productNames).toHaveLength(14);
    expect(scores.matrixTable.reduce((n, r) => n + r.count, 0)).toBe(240);
    const gaps = new Set(scores.toRecords().flatMap((r) => r.productGaps));
    expect([...gaps].some((g) => ['savings', 'gold_account', 'pension_plan', 'fx_account', 'home_loan', 'term_deposit'].includes(g))).toBe(true);
    // The default tag rules name the simulator's products: tagging is skipped, with the reason.
    expect(scores.skipped.find((s) => s.part === 'tags')?.reason).toMatch(/unknown product/);
  });
});

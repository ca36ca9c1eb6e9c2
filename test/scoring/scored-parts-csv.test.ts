import { describe, expect, it } from 'vitest';
import { recordsToCsv } from '../../src/scoring/records-to-csv.js';
import { applyScoringModel, scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import type { CustomerScores } from '../../src/scoring/customer-scores.js';
import { ClvkitError } from '../../src/errors.js';
import { Writable } from 'node:stream';
import { writeScoresCsv } from '../../src/scoring/write-scores.js';
import { SCORED_PARTS } from '../../src/scoring/score-records.js';
import type { ScoredParts } from '../../src/scoring/score-records.js';

/** The generic writer over built records: what toCsv() wrote before the columnar path. */
const generic = (s: CustomerScores) => recordsToCsv(s.toRecords() as never, {});

describe('toCsv from the columns (scoredPartsToCsv)', () => {
  const book = simulateBank({ customers: 1500, months: 24, seed: 11 });
  const scores = scoreCustomers(book, {});

  it('equals recordsToCsv(toRecords()) byte for byte on a whole bank (all parts scored)', () => {
    expect(scores.toCsv()).toBe(generic(scores));
    expect(scores.toCsv({})).toBe(generic(scores));
  });

  it('equals it when parts are skipped: no snapshots (value null), no transactions (summary null), no clusters', () => {
    const noSnap = scoreCustomers({ ...book, snapshots: undefined }, {});
    expect(noSnap.value).toBeNull();
    expect(noSnap.toCsv()).toBe(generic(noSnap));
    const noTx = scoreCustomers({ ...book, transactions: undefined }, {});
    expect(noTx.toCsv()).toBe(generic(noTx));
    const noClusters = scoreCustomers(book, { clusters: false });
    expect(noClusters.toCsv()).toBe(generic(noClusters));
  });

  it('equals it for ids that need quoting, neutralising or UTF-8', () => {
    const odd = (id: string, i: number) => (i % 3 === 0 ? `=${id}` : i % 3 === 1 ? `客户"${id}",x` : id);
    const map = new Map(book.customers.customerId.map((id, i) => [id, odd(id, i)]));
    const renamed = applyScoringModel(scores.model, {
      ...book,
      customers: { ...book.customers, customerId: book.customers.customerId.map((id) => map.get(id)!) },
      transactions: { ...book.transactions!, customerIds: book.transactions!.customerIds.map((id) => map.get(id) ?? id) },
    });
    const text = renamed.toCsv();
    expect(text).toBe(generic(renamed));
    expect(text.split('\n')[1]!.startsWith("'=")).toBe(true);
  });

  it('refuses a non-finite number as the generic writer does, naming the customer and the column', () => {
    const broken = scoreCustomers(simulateBank({ customers: 300, months: 24, seed: 5 }), {});
    const parts = (broken as unknown as Record<symbol, ScoredParts>)[SCORED_PARTS]!;
    const row = parts.a.transactionRow.findIndex((r) => r >= 0);
    parts.transaction!.pAlive[parts.a.transactionRow[row]!] = Number.NaN;
    let columnar: unknown;
    let genericError: unknown;
    try {
      broken.toCsv();
    } catch (error) {
      columnar = error;
    }
    try {
      generic(broken);
    } catch (error) {
      genericError = error;
    }
    expect(columnar).toBeInstanceOf(ClvkitError);
    expect(genericError).toBeInstanceOf(ClvkitError);
    expect((columnar as ClvkitError).details).toMatchObject({ index: row, column: 'pAlive' });
    expect((genericError as ClvkitError).details).toMatchObject({ index: row, column: 'pAlive' });
  });

  it('equals it across blocks and number-cache windows (5,000 customers), and through writeScoresCsv', async () => {
    const big = scoreCustomers(simulateBank({ customers: 5000, months: 24, seed: 12 }), {});
    const text = big.toCsv();
    expect(text === generic(big)).toBe(true);
    const parts: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        parts.push(Buffer.from(chunk));
        done();
      },
    });
    await writeScoresCsv(big, sink);
    expect(Buffer.concat(parts).toString('utf8') === text).toBe(true);
  });

  it('other options still go through the generic writer', () => {
    expect(scores.toCsv({ delimiter: ';' })).toBe(recordsToCsv(scores.toRecords() as never, { delimiter: ';' }));
    expect(() => scores.toCsv({ bogus: 1 } as never)).toThrow(/bogus|INVALID_OPTIONS/);
  });
});

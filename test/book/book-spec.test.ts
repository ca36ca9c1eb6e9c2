import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bookSpecJsonSchema, parseBookSpec, type BookSpec } from '../../src/book/book-spec.js';
import { ClvkitError } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('book spec', () => {
  it('fills the default column names of each role', () => {
    const s = parseBookSpec({ transactions: { path: 'tx.csv' }, snapshots: { path: 's.csv' } });
    expect(s.transactions!.columns).toEqual({ customerId: 'customer_id', date: 'date', amount: 'amount' });
    expect(s.snapshots!.columns).toEqual({ customerId: 'customer_id', month: 'month', deposits: 'deposits', wealth: 'wealth', loans: 'loans' });
  });

  it("accepts the issue's example shape", () => {
    const example = {
      transactions: { path: 'tx.csv', columns: { customerId: 'cust_no', date: 'txn_date', amount: 'amt' }, dateFormat: 'DD/MM/YYYY' },
      customers: { path: 'cust.csv', columns: { customerId: 'cust_no' }, attributes: ['segment', 'branch'] },
      snapshots: {
        path: 'bal.csv',
        columns: { customerId: 'cust_no', month: 'period', deposits: 'dep_bal', wealth: 'wm_bal', loans: 'loan_bal' },
        products: { column: 'products', separator: ';' },
      },
      peerGroup: 'segment',
      currency: 'CNY',
    } satisfies BookSpec;
    expect(parseBookSpec(example).peerGroup).toBe('segment');
  });

  it('rejects an unknown role, two sources, no table or query, and a book with neither transactions nor snapshots', () => {
    const bad: unknown[] = [
      { transactions: { path: 'a.csv', columns: { customer: 'x' } } },
      { transactions: { path: 'a.csv', postgres: { connectionString: 'postgres://x', table: 't' } } },
      { transactions: { duckdb: { database: 'x.duckdb' } } },
      { customers: { path: 'c.csv' } },
      { snapshots: { path: 's.csv' }, holdings: { path: 'h.csv' }, unknown: 1 },
    ];
    for (const spec of bad) {
      expect(() => parseBookSpec(spec), JSON.stringify(spec)).toThrow(ClvkitError);
      try {
        parseBookSpec(spec);
      } catch (e) {
        expect((e as ClvkitError).code).toBe('INVALID_OPTIONS');
      }
    }
  });

  it('book-spec.schema.json is the JSON Schema of the zod spec (regenerate: npx tsx scripts/write-book-spec-schema.ts)', () => {
    const committed = JSON.parse(readFileSync(`${ROOT}book-spec.schema.json`, 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(bookSpecJsonSchema())));
    const schema = bookSpecJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties.snapshots!.properties!)).toEqual(expect.arrayContaining(['path', 'duckdb', 'postgres', 'columns', 'products']));
    // The own-vocabulary spec validates against the zod schema it was written for.
    expect(() => parseBookSpec(JSON.parse(readFileSync(`${ROOT}fixtures/own-vocabulary/book.json`, 'utf8')))).not.toThrow();
  });

  it('types', () => {
    expectTypeOf<BookSpec['peerGroup']>().toEqualTypeOf<string | undefined>();
  });
});

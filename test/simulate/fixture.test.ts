import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BANK_FIXTURE_DIR, BANK_FIXTURE_OPTIONS } from '../../scripts/make-fixture.js';
import { formatBankBook } from '../../src/simulate/format-bank-book.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('fixtures/bank', () => {
  const files = formatBankBook(simulateBank(BANK_FIXTURE_OPTIONS));

  it('is exactly what the generator produces today (regenerate with `npm run fixture`)', () => {
    for (const name of ['customers.csv', 'snapshots.csv', 'transactions.csv', 'truth.json'] as const) {
      const committed = readFileSync(join(BANK_FIXTURE_DIR, name));
      const generated = files[name];
      expect(generated, name).toBeDefined();
      expect(sha256(committed), `${name} differs from the generator: run npm run fixture`).toBe(sha256(generated!));
    }
  });

  it('stays small: at most 6 MB in all', () => {
    let total = 0;
    for (const name of ['customers.csv', 'snapshots.csv', 'transactions.csv', 'truth.json']) total += statSync(join(BANK_FIXTURE_DIR, name)).size;
    expect(total).toBeLessThanOrEqual(6 * 1024 * 1024);
  });

  it('has the documented layout', () => {
    expect(files['customers.csv'].slice(0, files['customers.csv'].indexOf('\n'))).toBe('customer_id,type,region,age,join_date');
    expect(files['snapshots.csv'].slice(0, files['snapshots.csv'].indexOf('\n'))).toBe(
      'customer_id,month,deposits,wealth,loans,net_revenue,cost_to_serve,activity,products',
    );
    expect(files['transactions.csv'].slice(0, files['transactions.csv'].indexOf('\n'))).toBe('customer_id,date,amount,channel,product');
    expect(files['customers.csv'].split('\n').length - 2).toBe(5000);
    const truth = JSON.parse(files['truth.json']!) as { seed: number; bgNbd: unknown; options: { months: number } };
    expect(truth.seed).toBe(BANK_FIXTURE_OPTIONS.seed);
    expect(truth.options.months).toBe(24);
  });
});

/**
 * Scores do not depend on the order of the transaction rows: the bundled book scored from its files and
 * from a copy whose transactions.csv rows are shuffled (seeded) gives the same records, bit for bit. Before
 * per-customer sums carried their rounding errors (summarize-customers.ts), plain double sums differed in
 * the last bits by order and an RFM monetary score at a quantile edge could flip.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readBook } from '../../src/book/read-book.js';
import { createRandom } from '../../src/random.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';

const BANK = fileURLToPath(new URL('../../fixtures/bank/', import.meta.url));

describe('scoreCustomers and the order of transaction rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-row-order-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the bundled book with its transactions shuffled scores exactly as the original', async () => {
    for (const file of ['customers.csv', 'snapshots.csv']) copyFileSync(join(BANK, file), join(dir, file));
    const [header, ...rows] = readFileSync(join(BANK, 'transactions.csv'), 'utf8').trimEnd().split('\n');
    const random = createRandom(2026);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    writeFileSync(join(dir, 'transactions.csv'), `${header}\n${rows.join('\n')}\n`);
    const options = { clusters: false } as const;
    const original = scoreCustomers(await readBook(BANK), options).toRecords();
    const shuffled = scoreCustomers(await readBook(dir), options).toRecords();
    expect(rows.length).toBeGreaterThan(10_000);
    expect(shuffled).toEqual(original);
  });
});

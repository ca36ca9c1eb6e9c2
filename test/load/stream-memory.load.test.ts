// Streaming memory: summarizeCustomers(streamTransactions(...)) over 1,000,000 generated rows must
// hold memory flat once the customers and customer-days have been seen: heap + array buffers,
// measured after a forced collection at every 200,000 rows, may not grow more than a bound after
// the first 200,000. (The 20-million-row version is bench/stream-memory.ts, not a unit test.)
import { describe, expect, it } from 'vitest';
import { streamTransactions } from '../../src/io/stream-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { MB, collectGarbage } from '../fuzz/fuzz-helpers.js';
import { generatedRows } from './generated-rows.js';

function retained(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe('streaming summary of 1,000,000 rows', () => {
  it('memory after the first 200,000 rows grows by less than 8 MB (a reader keeping 16 bytes a row would add 12.8 MB); every row is counted', async () => {
    const ROWS = 1_000_000;
    const marks: { rows: number; bytes: number }[] = [];
    // 20,000 customers × 10 days: at most 200,000 customer-days, mostly seen in the first 200k rows.
    const source = generatedRows({
      rows: ROWS,
      customers: 20_000,
      days: 10,
      onRows: (rows) => {
        if (rows % 200_000 === 0 && rows > 0) marks.push({ rows, bytes: retained() });
      },
    });
    const stream = streamTransactions(source);
    const summary = await summarizeCustomers(stream, { observationEnd: '2024-01-10', timeUnit: 'day' });
    expect(stream.stats).toEqual({ read: ROWS, accepted: ROWS, rejected: 0, negativeAmounts: 0 });
    expect(summary.length).toBe(20_000);
    expect(summary.transactionCount.reduce((a, b) => a + b, 0)).toBe(ROWS);
    expect(marks.map((m) => m.rows)).toEqual([200_000, 400_000, 600_000, 800_000, 1_000_000]);
    const base = marks[0]!.bytes;
    const growth = Math.max(...marks.map((m) => m.bytes)) - base;
    expect(growth, `retained bytes at each mark: ${marks.map((m) => `${m.rows}: ${(m.bytes / MB).toFixed(1)} MB`).join(', ')}`).toBeLessThan(8 * MB);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { expectCode } from '../helpers/expect-code.js';

/**
 * `clusters.threads` of scoreCustomers reaches segmentCustomers (whose worker threads are tested in
 * test/clustering/segment-customers.test.ts and parallel-lloyd.test.ts). segmentCustomers is wrapped
 * in a spy that records its options and then runs the real function.
 */
const seen = vi.hoisted(() => [] as unknown[]);
vi.mock('../../src/clustering/segment-customers.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/clustering/segment-customers.js')>();
  return {
    ...real,
    segmentCustomers: (...args: Parameters<typeof real.segmentCustomers>) => {
      seen.push(args[1]);
      return real.segmentCustomers(...args);
    },
  };
});

const book = simulateBank({ customers: 600, months: 12, seed: 3 });

describe('scoreCustomers clusters.threads', () => {
  it('is handed to segmentCustomers (default 1); below 100,000 customers the clusters are those of one thread', () => {
    seen.length = 0;
    const one = scoreCustomers(book, {});
    const two = scoreCustomers(book, { clusters: { k: 4, threads: 2 } });
    expect(seen.map((o) => (o as { threads: unknown }).threads)).toEqual([1, 2]);
    const clusters = (s: typeof one) => s.toRecords().map((r) => r.cluster);
    expect(clusters(one).every((c) => c !== null)).toBe(true);
    expect(clusters(two)).toEqual(clusters(one));
    expect(two.model.toJSON()).toEqual(one.model.toJSON());
  });

  it('a bad thread count is INVALID_OPTIONS before any work', () => {
    seen.length = 0;
    for (const threads of [0, 1.5, 257]) expectCode(() => scoreCustomers(book, { clusters: { threads } }), 'INVALID_OPTIONS');
    expect(seen).toHaveLength(0);
  });
});

// Finite inputs whose sums overflow a double. The reader caps transaction amounts at ±1e15
// (MAX_AMOUNT), so only hand-built tables and snapshot columns reach these aggregates with values
// like 1e308. Each module must then throw NUMERIC_FAILURE (or stay finite): the standard is that no
// NaN or Infinity leaks into any output.
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { readTransactionsSync } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { gini } from '../../src/pareto/gini.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { valueDecomposition } from '../../src/value/value-decomposition.js';

const HUGE = '9'.repeat(308); // 1e308 written out: a valid decimal, a finite double

/** Run `f`: NUMERIC_FAILURE (or another ClvkitError) is fine; otherwise every number it returns must be finite. */
function finiteOrTyped(f: () => readonly number[]): void {
  let values: readonly number[];
  try {
    values = f();
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    return;
  }
  expect(values.filter((v) => !Number.isFinite(v))).toEqual([]);
}

describe('sums that overflow', () => {
  it('the reader rejects amounts beyond ±1e15: a 308-digit one (finite) and a 400-digit one (INVALID_NUMBER)', () => {
    const t = readTransactionsSync(`customer_id,date,amount\nA,2024-01-01,${HUGE}\nB,2024-01-01,1${'0'.repeat(400)}\nC,2024-01-01,1000000000000000\n`, {
      onInvalid: 'collect',
    });
    expect(t.stats).toMatchObject({ accepted: 1, rejected: 2 });
    expect(t.rejects.map((r) => r.code)).toEqual(['INVALID_NUMBER', 'INVALID_NUMBER']);
  });

  it('Gini of values whose total overflows: NUMERIC_FAILURE', () => {
    finiteOrTyped(() => [gini([1e308, 1e308, 1]).gini]);
  });

  it('RFM segment means over huge monetary values stay finite', () => {
    finiteOrTyped(() => {
      const r = rfmScores({ customerId: ['a', 'b', 'c'], recencyDays: [1, 2, 3], frequency: [1, 2, 3], monetary: [1.7e308, 1.7e308, 1] });
      return rfmSegments(r).table.flatMap((row) => (row.meanMonetary === null ? [] : [row.meanMonetary]));
    });
  });

  // FIXED: summarizeCustomers added amounts without an overflow check (two amounts of 1e308 gave
  // totalAmount Infinity, monetaryValue Infinity or NaN). The readers now reject amounts beyond
  // ±1e15, so the 1e308 amounts come in a hand-built table; the sums are guarded.
  it('summarizeCustomers: NUMERIC_FAILURE (or finite totals) when a customer total overflows', () => {
    const t = {
      ...readTransactionsSync(`customer_id,date,amount\nA,2024-01-01,1\nA,2024-01-01,1\nA,2024-01-05,1\n`),
      amount: new Float64Array([Number(HUGE), Number(HUGE), 1]),
    };
    expect(() => summarizeCustomers(t, { observationEnd: '2024-02-01', timeUnit: 'week' })).toThrow(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
    finiteOrTyped(() => {
      const s = summarizeCustomers(t, { observationEnd: '2024-02-01', timeUnit: 'week' });
      return [...s.totalAmount, ...s.monetaryValue];
    });
  });

  // Fixed (issue 11): values [Number.MAX_VALUE, Number.MAX_VALUE] gave totalValue Infinity and the
  // band's valueShare NaN; the totals are now checked (NUMERIC_FAILURE).
  it('assignTiers: NUMERIC_FAILURE (or finite shares) when the value total overflows', () => {
    expect(() => assignTiers([Number.MAX_VALUE, Number.MAX_VALUE])).toThrow(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
    finiteOrTyped(() => {
      const t = assignTiers([Number.MAX_VALUE, Number.MAX_VALUE]);
      return [t.totalValue, ...t.table.map((r) => r.valueShare), ...t.table.map((r) => r.totalValue)];
    });
  });

  // Fixed (issue 11): a monthly contribution near 1.7e308 gave currentContribution Infinity,
  // explicit Infinity and total NaN; contributions, their sums and each value are now checked.
  it('valueDecomposition: NUMERIC_FAILURE (or finite values) when a contribution overflows', () => {
    finiteOrTyped(() => {
      const v = valueDecomposition(
        {
          customerId: ['a'],
          snapshots: { length: 2, customer: [0, 0], month: [0, 1], netRevenue: [1.7e308, 1.7e308], costToServe: [-1.7e308, 0], aum: [1, 1], products: [0, 0] },
        },
        { minPeers: 1 },
      );
      return [v.currentContribution[0]!, v.explicit[0]!, v.growth[0]!, v.potential[0]!, v.total[0]!];
    });
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { valueDecomposition } from '../../src/value/value-decomposition.js';
import { VALUE_CELLS, VALUE_CELL_TREATMENTS, valueMatrix } from '../../src/value/value-matrix.js';
import type { ValueCell, ValueMatrix, ValueMatrixOptions } from '../../src/value/value-matrix.js';
import { expectCode } from '../helpers/expect-code.js';
import type { Displayed } from '../../src/display/with-display.js';

describe('valueMatrix — worked example', () => {
  const parts = { explicit: [900, 800, 10, 5, -50], growth: [50, 0, 0, 0, 0], potential: [400, 0, 300, 0, 0] };

  it('cells from current (explicit) and future (growth + potential) value', () => {
    const m = valueMatrix(parts, { thresholds: { kind: 'share', current: 0.5, future: 0.5 } });
    // Non-BZC: 4 customers; top half = the 2nd largest: current 800, future 300.
    expect(m.thresholds).toEqual({ current: 800, future: 300 });
    expect(m.cell).toEqual(['mvc', 'maintain', 'mgc', 'low_value', 'bzc']);
    const row = (c: ValueCell) => m.table.find((r) => r.cell === c)!;
    // Total value: 1350 + 800 + 310 + 5 − 50 = 2415.
    expect(row('mvc')).toMatchObject({ count: 1, share: 0.2, totalValue: 1350, valueShare: 1350 / 2415 });
    expect(row('bzc')).toMatchObject({ count: 1, totalValue: -50, valueShare: -50 / 2415 });
    expect(row('off_book').count).toBe(0);
    expect(m.table.map((r) => r.cell)).toEqual([...VALUE_CELLS]);
  });

  it('default: the Pareto rule, top 20% of non-BZC customers on each axis', () => {
    const explicit = Array.from({ length: 10 }, (_, i) => (i + 1) * 100); // 100..1000
    const m = valueMatrix({ explicit, growth: explicit.map(() => 0), potential: explicit.map((_, i) => (i % 2) * 50) }, {});
    // ⌈0.2 · 10⌉ = 2 → current threshold 900; future values are 0 or 50: the 2nd largest is 50.
    expect(m.thresholds).toEqual({ current: 900, future: 50 });
    expect(m.cell.slice(8)).toEqual(['maintain', 'mvc']);
    expect(m.cell.filter((c) => c === 'mgc').length).toBe(4);
  });

  it('absolute thresholds; zero values are never "high"', () => {
    const m = valueMatrix({ explicit: [0, 5, 5], growth: [0, 0, 2], potential: [0, 0, 0] }, { thresholds: { kind: 'absolute', current: 0, future: 0 } });
    expect(m.cell).toEqual(['low_value', 'maintain', 'mvc']);
  });

  it('customers off the book go to their own cell and do not move the thresholds', () => {
    const m = valueMatrix(
      { onBook: [1, 1, 0], explicit: [10, 20, 0], growth: [0, 0, 0], potential: [5, 0, 0] },
      { thresholds: { kind: 'share', current: 0.5, future: 0.5 } },
    );
    expect(m.cell).toEqual(['mgc', 'maintain', 'off_book']);
  });

  it('treatments and channels in both languages', () => {
    for (const c of VALUE_CELLS) {
      const t = VALUE_CELL_TREATMENTS[c];
      expect(t.cell).toBe(c);
      for (const text of [t.label, t.labelZh, t.treatment, t.treatmentZh, t.channel, t.channelZh]) expect(text.length).toBeGreaterThan(0);
    }
    expect(VALUE_CELL_TREATMENTS.mvc.channel).toMatch(/relationship manager with a product-manager team/i);
    expect(VALUE_CELL_TREATMENTS.mgc.channel).toMatch(/wealth centre and branch/i);
    expect(VALUE_CELL_TREATMENTS.low_value.channel).toMatch(/batch and electronic/i);
    expect(VALUE_CELL_TREATMENTS.bzc.treatment).toMatch(/exit/);
  });
});

describe('valueMatrix — on a simulated bank', () => {
  const book = simulateBank({ customers: 1000, months: 24, seed: 8 });
  const v = valueDecomposition({ customerId: book.customers.customerId, snapshots: book.snapshots, peerGroup: book.customers.type }, {});
  const m = valueMatrix(v, {});

  it('every BZC customer has negative explicit value, and no customer with negative explicit value is outside BZC', () => {
    let bzc = 0;
    for (let i = 0; i < v.length; i++) {
      if (m.cell[i] === 'bzc') {
        bzc++;
        expect(v.explicit[i]).toBeLessThan(0);
      }
      if (v.explicit[i]! < 0) expect(m.cell[i]).toBe('bzc');
    }
    expect(bzc).toBeGreaterThan(0);
  });

  it('counts and shares add up; "high" is about 20% of the non-BZC customers on the book', () => {
    expect(m.table.reduce((s, r) => s + r.count, 0)).toBe(v.length);
    expect(m.table.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
    expect(m.table.reduce((s, r) => s + r.valueShare, 0)).toBeCloseTo(1, 12);
    const row = (c: ValueCell) => m.table.find((r) => r.cell === c)!.count;
    const eligible = v.length - row('bzc') - row('off_book');
    expect(row('mvc') + row('maintain')).toBe(Math.ceil(0.2 * eligible));
    expect(row('off_book')).toBe(v.customersOffBook);
  });
});

describe('valueMatrix — bad input', () => {
  it('throws the documented codes', () => {
    expectCode(() => valueMatrix({ explicit: [], growth: [], potential: [] }), 'EMPTY_INPUT');
    expectCode(() => valueMatrix({ explicit: [1], growth: [1] } as never), 'MISSING_COLUMN');
    expectCode(() => valueMatrix({ explicit: [1], growth: [1, 2], potential: [1] }), 'LENGTH_MISMATCH');
    expectCode(() => valueMatrix({ explicit: [1], growth: [Number.POSITIVE_INFINITY], potential: [1] }), 'INVALID_VALUE');
    expectCode(() => valueMatrix({ onBook: [2], explicit: [1], growth: [1], potential: [1] }), 'INVALID_VALUE');
    expectCode(() => valueMatrix({ explicit: [1], growth: [1], potential: [1] }, { thresholds: { kind: 'share', current: 0 } }), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(valueMatrix).returns.toEqualTypeOf<Displayed<ValueMatrix>>();
    expectTypeOf<ValueMatrixOptions>().toBeObject();
  });
});

describe('valueMatrix: overflow (issue 11)', () => {
  it('a customer total or a cell total that overflows a double: NUMERIC_FAILURE, never NaN shares', () => {
    // One customer: explicit + growth overflows.
    expect(expectCode(() => valueMatrix({ explicit: [1e308, 1], growth: [1e308, 0], potential: [0, 0] }), 'NUMERIC_FAILURE').details).toMatchObject({
      fn: 'valueMatrix',
      index: 0,
    });
    // Two finite customer totals whose sum overflows.
    expectCode(() => valueMatrix({ explicit: [1.7e308, 1.7e308, 1], growth: [0, 0, 0], potential: [0, 0, 0] }), 'NUMERIC_FAILURE');
    // Large but summable: finite shares that add up to 1.
    const m = valueMatrix({ explicit: [8e307, 8e307, 1], growth: [0, 0, 0], potential: [0, 0, 0] });
    expect(m.table.reduce((s, r) => s + r.valueShare, 0)).toBeCloseTo(1, 12);
  });
});

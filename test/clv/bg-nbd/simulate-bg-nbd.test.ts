import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgExpectedTransactions } from '../../../src/clv/bg-nbd/bg-family.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import type { BgNbdSimulation } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { checkRfmColumns } from '../../../src/clv/core/check-rfm.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('simulateBgNbd', () => {
  it('draws valid (x, t_x, T) columns whose mean frequency is E[X(T)]', () => {
    const sim = simulateBgNbd({ params, customers: 100_000, T: 39, seed: 11 });
    expect(() => checkRfmColumns(sim, { fn: 't' })).not.toThrow();
    const mean = sim.frequency.reduce((s, v) => s + v, 0) / 100_000;
    const sd = Math.sqrt(sim.frequency.reduce((s, v) => s + (v - mean) ** 2, 0) / 100_000);
    expect(Math.abs(mean - bgExpectedTransactions(params, 0, 39, 't'))).toBeLessThan((4 * sd) / Math.sqrt(100_000));
    for (let i = 0; i < 1000; i++) if (sim.frequency[i] === 0) expect(sim.alive[i]).toBe(1);
  });

  it('is deterministic, per-customer stable, and accepts per-customer T', () => {
    const a = simulateBgNbd({ params, customers: 10, T: 39, seed: 5 });
    const b = simulateBgNbd({ params, T: Array(20).fill(39) as number[], seed: 5 });
    expect([...b.frequency.slice(0, 10)]).toEqual([...a.frequency]);
    expect([...b.T]).toEqual(Array(20).fill(39));
  });

  it.each([
    [{ params, T: 39, seed: 1 }, 'INVALID_OPTIONS'],
    [{ params: { ...params, r: -1 }, customers: 2, T: 39, seed: 1 }, 'INVALID_OPTIONS'],
    [{ params, customers: 3, T: [1, 2], seed: 1 }, 'LENGTH_MISMATCH'],
    [{ params, T: [], seed: 1 }, 'EMPTY_INPUT'],
    [{ params, T: [1, 0], seed: 1 }, 'INVALID_VALUE'],
  ])('throws %j → %s', (options, code) => {
    expect(() => simulateBgNbd(options as never)).toThrowError(expect.objectContaining({ code }));
  });

  it('types', () => {
    expectTypeOf(simulateBgNbd).returns.toEqualTypeOf<BgNbdSimulation>();
  });
});

import { errorFunction } from 'simple-statistics';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { abcClasses } from '../../src/pareto/abc-classes.js';
import { gini } from '../../src/pareto/gini.js';
import type { Label } from '../../src/pareto/label-column.js';
import { lorenzCurve } from '../../src/pareto/lorenz-curve.js';
import { paretoAnalysis, type ParetoAnalysis, type ParetoAnalysisOptions } from '../../src/pareto/pareto-analysis.js';
import { paretoByGroup } from '../../src/pareto/pareto-by-group.js';
import { paretoPoint } from '../../src/pareto/pareto-point.js';
import type { ParetoBasis } from '../../src/pareto/pareto-values.js';
import { topShares } from '../../src/pareto/top-shares.js';
import { createRandom } from '../../src/random.js';
import { codeOf, errorOf, randomValues, topShareByWalking } from './brute-force.js';
import type { Displayed } from '../../src/display/with-display.js';

const ids10 = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];

describe('paretoAnalysis', () => {
  it('worked example: ten customers, one loss-making', () => {
    const r = paretoAnalysis([120, 40, 15, 10, 8, 4, 2, 1, 0, -5], { ids: ids10 });
    expect(r.basis).toEqual({
      kind: 'non-negative',
      customers: 10,
      basisCustomers: 9,
      zeroCustomers: 1,
      total: 200,
      negatives: { customers: 1, total: -5, drag: 0.025 },
    });
    // Top 20% of 9 customers = 1.8 customers: 120 + 0.8·40 = 152 of 200.
    expect(r.topShares[3]!.customers).toBeCloseTo(1.8, 14);
    expect(r.topShares[3]!.valueShare).toBeCloseTo(0.76, 14);
    // 80% = 160 = 120 + 40: exactly 2 customers, c0 and c1.
    expect(r.paretoPoint.customers).toBe(2);
    expect(r.paretoPoint.customerShare).toBeCloseTo(2 / 9, 15);
    expect(r.paretoPoint.memberIds).toEqual(['c0', 'c1']);
    expect(r.abc.classes.map((c) => c.customers)).toEqual([2, 3, 4]);
    expect(Array.from(r.abc.classIndex)).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 2, 3]);
    expect(r.lorenz.x.length).toBe(101);
    expect('groups' in r).toBe(false);
  });

  it('is exactly the composition of the single-concept functions', () => {
    const rng = createRandom(3);
    const values = randomValues(3, 1500, { round: true, zeros: 0.05, negatives: 0.1 });
    const ids = values.map((_, i) => `C${1000 + i}`);
    const groups = values.map(() => ['retail', 'private', 'sme'][rng.int(3)]!);
    // Target equal to the A cut-off (class A reused as the Pareto point) and different from it.
    for (const target of [0.7, 0.6]) {
      const options = { ids, groups, points: 21, shares: [0.05, 0.2], target, cutoffs: [0.7, 0.9] as [number, number] };
      const r = paretoAnalysis(values, options);
      const g = gini(values);
      expect([r.gini, r.giniCorrected]).toEqual([g.gini, g.giniCorrected]);
      const curve = lorenzCurve(values, { points: 21 });
      expect(r.lorenz).toEqual({ x: curve.x, y: curve.y });
      expect(r.topShares).toEqual(topShares(values, { shares: [0.05, 0.2] }).rows);
      const { basis: _b1, ...point } = paretoPoint(values, { ids, target });
      expect(r.paretoPoint).toEqual(point);
      const { basis: _b2, ...abc } = abcClasses(values, { cutoffs: [0.7, 0.9] });
      expect(r.abc).toEqual(abc);
      expect(r.groups).toEqual(paretoByGroup(values, { groups, shares: [0.05, 0.2], target }));
      expect(r.basis).toEqual(g.basis);
    }
  });

  it('negative customers do not move the statistics, only the report beside them', () => {
    const positive = randomValues(4, 400, { zeros: 0.1 });
    const withLosses = [...positive, -10, -250, -3];
    const a = paretoAnalysis(positive);
    const b = paretoAnalysis(withLosses);
    expect(b.gini).toBe(a.gini);
    expect(b.topShares).toEqual(a.topShares);
    expect(b.lorenz).toEqual(a.lorenz);
    expect(b.basis.kind).toBe('non-negative');
    expect(b.basis.customers).toBe(403);
    expect(b.basis.basisCustomers).toBe(400);
    expect(b.basis.negatives.customers).toBe(3);
    expect(b.basis.negatives.total).toBe(-263);
    expect(b.basis.negatives.drag).toBeCloseTo(263 / a.basis.total, 14);
    expect(Array.from(b.abc.classIndex.subarray(400))).toEqual([3, 3, 3]);
  });

  it('recovers the known Gini and top shares of a log-normal population (simulation, radix-sort path)', () => {
    // For log-normal(μ, σ): Gini = erf(σ/2); top share p holds 1 − Φ(Φ⁻¹(1 − p) − σ).
    const sigma = 1;
    const rng = createRandom(2026);
    const values = Float64Array.from({ length: 200_000 }, () => Math.exp(rng.normal(5, sigma)));
    const r = paretoAnalysis(values, { shares: [0.2] });
    const phi = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));
    const z80 = 0.8416212335729143; // Φ⁻¹(0.8)
    expect(r.gini).toBeCloseTo(errorFunction(sigma / 2), 2);
    expect(r.topShares[0]!.valueShare).toBeCloseTo(1 - phi(z80 - sigma), 2);
    // And exactly the brute-force walk on the same sample.
    expect(r.topShares[0]!.valueShare).toBeCloseTo(topShareByWalking(Array.from(values), 0.2), 10);
    const sorted = Array.from(values).sort((a, b) => a - b);
    const n = sorted.length;
    const giniSortedForm = sorted.reduce((s, x, i) => s + (2 * (i + 1) - n - 1) * x, 0) / (n * sorted.reduce((s, x) => s + x, 0));
    expect(r.gini).toBeCloseTo(giniSortedForm, 10);
  });

  it('all-equal values: Gini 0, straight Lorenz line, 80% of customers in the Pareto point', () => {
    const r = paretoAnalysis(new Array(50).fill(12));
    expect(r.gini).toBe(0);
    expect(r.giniCorrected).toBe(0);
    for (let j = 0; j < r.lorenz.x.length; j++) expect(r.lorenz.y[j]).toBeCloseTo(r.lorenz.x[j]!, 14);
    expect(r.paretoPoint.customerShare).toBeCloseTo(0.8, 14);
    expect(r.topShares.map((t) => +t.valueShare.toFixed(12))).toEqual([0.01, 0.05, 0.1, 0.2, 0.5]);
  });

  it('output is plain data with no NaN or Infinity anywhere', () => {
    const values = randomValues(8, 300, { zeros: 0.3, negatives: 0.3 });
    const groups = values.map((_, i) => (i < 3 ? 'tiny' : i % 2 === 0 ? 'even' : 'odd'));
    const r = paretoAnalysis(values, { groups, ids: values.map((_, i) => i) });
    const text = JSON.stringify(r, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    expect(text).not.toMatch(/NaN|Infinity|null/);
  });

  it('throws each documented code', () => {
    expect(codeOf(() => paretoAnalysis([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => paretoAnalysis([5]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => paretoAnalysis([5, -1, -2]))).toBe('TOO_FEW_VALUES');
    const zero = errorOf(() => paretoAnalysis([0, 0, 0], { column: 'aum' }));
    expect(zero.code).toBe('INVALID_VALUE');
    expect(zero.message).toBe('paretoAnalysis: total value is zero: concentration is undefined when every value ≥ 0 is 0 (column aum)');
    const nan = errorOf(() => paretoAnalysis([1, 2, 3, -Infinity], { column: 'aum' }));
    expect(nan.details).toMatchObject({ fn: 'paretoAnalysis', column: 'aum', index: 3 });
    expect(codeOf(() => paretoAnalysis([1, 2], { ids: ['a'] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => paretoAnalysis([1, 2], { groups: ['a', 'b', 'c'] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => paretoAnalysis([1, 2], { groups: ['a', undefined] as unknown as Label[] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => paretoAnalysis([Number.MAX_VALUE, Number.MAX_VALUE]))).toBe('NUMERIC_FAILURE');
    expect(codeOf(() => paretoAnalysis([1, 2], { target: 2 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => paretoAnalysis([1, 2], { points: 1 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => paretoAnalysis([1, 2], { cutoffs: [0.95, 0.8] }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => paretoAnalysis([1, 2], { shares: [] }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => paretoAnalysis([1, 2], { top: 0.2 } as unknown as ParetoAnalysisOptions))).toBe('INVALID_OPTIONS');
  });

  it('has the documented types', () => {
    expectTypeOf(paretoAnalysis).returns.toEqualTypeOf<Displayed<ParetoAnalysis>>();
    expectTypeOf<ParetoAnalysis['basis']>().toEqualTypeOf<ParetoBasis>();
    expectTypeOf<ParetoAnalysisOptions>().toHaveProperty('groups');
    expectTypeOf<ParetoAnalysis['paretoPoint']['members']>().toEqualTypeOf<Uint32Array>();
  });
});

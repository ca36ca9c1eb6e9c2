import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  fitShiftedBetaGeometric,
  shiftedBetaGeometricFromJSON,
  type FittedShiftedBetaGeometricModel,
} from '../../../src/clv/sbg/fit-shifted-beta-geometric.js';
import { simulateShiftedBetaGeometric } from '../../../src/clv/sbg/simulate-shifted-beta-geometric.js';
import { expectCode } from '../../helpers/expect-code.js';

const REGULAR = [631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [869, 743, 653, 593, 551, 517, 491];

// Independent reference: mpmath (30 digits) maximising the same likelihood by findroot on its gradient, the
// covariance from the inverse of its numerical Hessian, and DERL from mpmath.hyp2f1 (/tmp script in the PR).
const MPMATH = {
  regular: { alpha: 0.704077298474, beta: 1.18204302621, ll: -1680.26518846, seAlpha: 0.065598964, seBeta: 0.15247563 },
  highEnd: { alpha: 0.668088351106, beta: 3.80609496406, ll: -1611.15814739, seAlpha: 0.10373493, seBeta: 0.78553169 },
};

/** Σ_{k≥0} S(t+1+k)/S(t) (1+d)^{−k}, summed until the terms are negligible: DERL by brute force. */
function bruteForceDerl(alpha: number, beta: number, t: number, d: number): number {
  let ratio = 1; // S(t+1+k)/S(t)
  let total = 0;
  for (let k = 0; k < 200_000; k++) {
    ratio *= (beta + t + k) / (alpha + beta + t + k);
    const term = ratio / (1 + d) ** k;
    total += term;
    if (term < 1e-18 * total) break;
  }
  return total;
}

describe('fitShiftedBetaGeometric: Fader & Hardie (2007)', () => {
  const regular = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: REGULAR }] });
  const highEnd = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: HIGH_END }] });

  it('reproduces the published estimates (regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806)', () => {
    expect(regular.converged).toBe(true);
    expect(highEnd.converged).toBe(true);
    expect(regular.params.alpha).toBeCloseTo(0.704, 3);
    expect(regular.params.beta).toBeCloseTo(1.182, 3);
    expect(highEnd.params.alpha).toBeCloseTo(0.668, 3);
    expect(highEnd.params.beta).toBeCloseTo(3.806, 3);
    expect(regular.customers).toBe(1000);
  });

  it('agrees with an independent mpmath maximisation to 6 digits, log-likelihood and standard errors included', () => {
    for (const [model, ref] of [
      [regular, MPMATH.regular],
      [highEnd, MPMATH.highEnd],
    ] as const) {
      expect(model.params.alpha).toBeCloseTo(ref.alpha, 6);
      expect(model.params.beta).toBeCloseTo(ref.beta, 5);
      expect(model.logLikelihood).toBeCloseTo(ref.ll, 6);
      expect(model.standardErrors!.alpha / ref.seAlpha).toBeCloseTo(1, 4);
      expect(model.standardErrors!.beta / ref.seBeta).toBeCloseTo(1, 4);
    }
  });

  it('is the maximum on a brute-force grid around it', () => {
    const ll = (a: number, b: number): number => {
      let s = 1;
      let total = 0;
      let prev = 1000;
      REGULAR.forEach((n, i) => {
        const t = i + 1;
        const p = s * (a / (a + b + t - 1));
        s -= p;
        total += (prev - n) * Math.log(p);
        prev = n;
      });
      return total + prev * Math.log(s);
    };
    expect(ll(regular.params.alpha, regular.params.beta)).toBeCloseTo(regular.logLikelihood, 8);
    for (let i = -5; i <= 5; i++) {
      for (let j = -5; j <= 5; j++) {
        if (i === 0 && j === 0) continue;
        expect(ll(regular.params.alpha * (1 + i * 0.002), regular.params.beta * (1 + j * 0.002))).toBeLessThan(regular.logLikelihood);
      }
    }
  });

  it('projects survival and retention as in the paper (survivors of 1,000: 1000·S(t); retention rises)', () => {
    const expected = [0.6267060541, 0.4738193218, 0.3879739541, 0.332067911, 0.2923470992, 0.2624558185, 0.239023614, 0.2200849665, 0.2044107866, 0.191190191];
    const s = regular.survivalCurve(10);
    expect(s[0]).toBe(1);
    expected.forEach((v, i) => expect(s[i + 1]).toBeCloseTo(v, 6));
    expect(regular.survival(3)).toBeCloseTo(expected[2]!, 6);
    const r = regular.retentionCurve(12);
    for (let t = 1; t < 12; t++) expect(r[t]!).toBeGreaterThan(r[t - 1]!);
    for (let t = 1; t <= 10; t++) expect(r[t - 1]).toBeCloseTo(s[t]! / s[t - 1]!, 12);
    expect(regular.retentionRate(1)).toBeCloseTo(1 - regular.meanChurnProbability, 14);
    expect(regular.churnProbability(2)).toBeCloseTo(s[1]! - s[2]!, 14);
    expect(Array.from(regular.expectedSurvivors(1000, 2))).toEqual([1000 * regular.survival(1), 1000 * regular.survival(2)]);
    // Year 8–10 projection of the high-end segment beyond its 7 years of data (mpmath: S(10) = 0.4141723979).
    expect(highEnd.survival(10)).toBeCloseTo(0.4141723979, 6);
  });

  it('gives DERL by FH 2010 eq. 6 (checked against mpmath and a brute-force sum) and DEL = 1 + DERL(0)/(1+d)', () => {
    const derl = regular.discountedExpectedResidualLifetime(0.25, { periods: [0, 6, 6], churned: [0, 0, 1] });
    expect(derl[0]).toBeCloseTo(1.88034843825534, 7);
    expect(derl[1]).toBeCloseTo(3.64118453517243, 7);
    expect(derl[2]).toBe(0);
    const high = highEnd.discountedExpectedResidualLifetime(0.25, { periods: [0, 6] });
    expect(high[0]).toBeCloseTo(3.12883360437046, 7);
    expect(high[1]).toBeCloseTo(3.93347952952966, 7);
    for (const d of [0.05, 0.1, 0.25, 1]) {
      for (const t of [0, 1, 6, 40]) {
        const [v] = regular.discountedExpectedResidualLifetime(d, { periods: [t] });
        expect(v! / bruteForceDerl(regular.params.alpha, regular.params.beta, t, d)).toBeCloseTo(1, d < 0.2 ? 6 : 9);
      }
    }
    expect(regular.discountedExpectedLifetime(0.25)).toBeCloseTo(2.50427875060427, 7);
    expect(regular.discountedExpectedLifetime(0.25)).toBeCloseTo(1 + derl[0]! / 1.25, 10);
    // Survivors are worth more: DERL rises with tenure (the heterogeneity FH 2010 warns about ignoring).
    const byTenure = regular.discountedExpectedResidualLifetime(0.1, { periods: [0, 1, 2, 5, 10, 50] });
    for (let i = 1; i < byTenure.length; i++) expect(byTenure[i]!).toBeGreaterThan(byTenure[i - 1]!);
  });

  it('expected lifetime: infinite for α ≤ 1, (α+β−1)/(α−1) otherwise; the truncated form sums the survival curve', () => {
    expect(regular.expectedLifetime()).toBe(Infinity);
    const m = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: [500, 300, 200, 140, 100] }] });
    expect(m.params.alpha).toBeGreaterThan(1);
    expect(m.expectedLifetime()).toBeCloseTo((m.params.alpha + m.params.beta - 1) / (m.params.alpha - 1), 12);
    expect(m.expectedLifetimeWithin(20_000)).toBeCloseTo(m.expectedLifetime(), 2);
    expect(regular.expectedLifetimeWithin(3)).toBeCloseTo(1 + regular.survival(1) + regular.survival(2), 14);
    expect(regular.nextRetention({ periods: [0, 4], churned: [false, false] })[1]).toBeCloseTo(regular.retentionRate(5), 14);
  });
});

describe('fitShiftedBetaGeometric: input forms agree', () => {
  it('per-customer rows (with weights) give the same fit as the cohort counts', () => {
    const periods: number[] = [];
    const churned: number[] = [];
    const weights: number[] = [];
    let prev = 1000;
    REGULAR.forEach((n, i) => {
      periods.push(i + 1);
      churned.push(1);
      weights.push(prev - n);
      prev = n;
    });
    periods.push(7);
    churned.push(0);
    weights.push(241);
    const a = fitShiftedBetaGeometric({ periods, churned }, { weights });
    const b = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: REGULAR }] });
    expect(a.params.alpha).toBeCloseTo(b.params.alpha, 8);
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 8);
  });

  it('pools cohorts of different ages (the younger one censored earlier)', () => {
    const both = fitShiftedBetaGeometric({
      cohorts: [
        { customers: 1000, survivors: REGULAR },
        { customers: 800, survivors: [505, 380] },
      ],
    });
    expect(both.customers).toBe(1800);
    expect(both.converged).toBe(true);
    expect(both.params.alpha).toBeGreaterThan(0.5);
  });

  it('recovers known parameters from a simulated cohort within 3 standard errors', () => {
    const truth = { alpha: 0.9, beta: 2.5 };
    const sim = simulateShiftedBetaGeometric({ params: truth, customers: 20_000, periods: 12, seed: 7 });
    const fromCohort = fitShiftedBetaGeometric({ cohorts: [sim.cohort] });
    const fromRows = fitShiftedBetaGeometric({ periods: sim.periods, churned: sim.churned });
    expect(fromRows.params.alpha).toBeCloseTo(fromCohort.params.alpha, 8);
    for (const name of ['alpha', 'beta'] as const) {
      expect(Math.abs(fromCohort.params[name] - truth[name])).toBeLessThan(3 * fromCohort.standardErrors![name]);
    }
  });

  it('restores from JSON with the same predictions; rejects a bad saved model', () => {
    const m = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: HIGH_END }] });
    const again = shiftedBetaGeometricFromJSON(JSON.parse(JSON.stringify(m)));
    expect(again.params).toEqual(m.params);
    expect(again.survival(9)).toBe(m.survival(9));
    expectCode(() => shiftedBetaGeometricFromJSON({ ...m.toJSON(), params: { alpha: -1, beta: 1 } }), 'INVALID_MODEL');
    expectCode(() => shiftedBetaGeometricFromJSON({ ...m.toJSON(), kind: 'bg-nbd' }), 'INVALID_MODEL');
  });

  it('types', () => {
    expectTypeOf(fitShiftedBetaGeometric).returns.toEqualTypeOf<FittedShiftedBetaGeometricModel>();
  });
});

describe('fitShiftedBetaGeometric: bad input throws, naming the place', () => {
  it('rejects bad cohorts and rows', () => {
    expect(expectCode(() => fitShiftedBetaGeometric({ cohorts: [{ customers: 100, survivors: [60, 70] }] }), 'INVALID_VALUE').details.index).toBe(1);
    expectCode(() => fitShiftedBetaGeometric({ cohorts: [{ customers: 100, survivors: [120] }] }), 'INVALID_VALUE');
    expectCode(() => fitShiftedBetaGeometric({ cohorts: [{ customers: 0, survivors: [] }] }), 'INVALID_VALUE');
    expectCode(() => fitShiftedBetaGeometric({ cohorts: [{ customers: 10, survivors: [Number.NaN] }] }), 'INVALID_VALUE');
    expectCode(() => fitShiftedBetaGeometric({ cohorts: [] }), 'EMPTY_INPUT');
    expectCode(() => fitShiftedBetaGeometric({ periods: [1, 2], churned: [1] }), 'LENGTH_MISMATCH');
    expectCode(() => fitShiftedBetaGeometric({ periods: [1.5], churned: [1] }), 'INVALID_VALUE');
    expectCode(() => fitShiftedBetaGeometric({ periods: [0], churned: [1] }), 'INVALID_VALUE');
    expectCode(() => fitShiftedBetaGeometric({ periods: [1], churned: [2] }), 'INVALID_VALUE');
    expectCode(() => fitShiftedBetaGeometric({ periods: [], churned: [] }), 'EMPTY_INPUT');
    expectCode(() => fitShiftedBetaGeometric({ periods: [1] } as never), 'MISSING_COLUMN');
    expectCode(() => fitShiftedBetaGeometric(null as never), 'INVALID_VALUE');
    expectCode(() => fitShiftedBetaGeometric({ cohorts: [{ customers: 10, survivors: [5] }] }, { weights: [1] }), 'INVALID_OPTIONS');
    expectCode(() => fitShiftedBetaGeometric({ cohorts: [{ customers: 10, survivors: [5] }] }, { penalty: 1 } as never), 'INVALID_OPTIONS');
  });

  it('refuses data in which nobody churns (the likelihood rises towards α = 0: nothing to estimate)', () => {
    expectCode(() => fitShiftedBetaGeometric({ cohorts: [{ customers: 100, survivors: [100, 100, 100] }] }), 'TOO_FEW_VALUES');
    expectCode(() => fitShiftedBetaGeometric({ periods: [3, 4], churned: [0, 0] }), 'TOO_FEW_VALUES');
  });

  it('rejects bad prediction arguments', () => {
    const m = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: REGULAR }] });
    expectCode(() => m.discountedExpectedResidualLifetime(0, { periods: [1] }), 'INVALID_VALUE');
    expectCode(() => m.discountedExpectedResidualLifetime(0.1, { periods: [-1] }), 'INVALID_VALUE');
    expectCode(() => m.survival(1.5), 'INVALID_VALUE');
    expectCode(() => m.retentionRate(0), 'INVALID_VALUE');
    expectCode(() => m.expectedSurvivors(-1, 3), 'INVALID_VALUE');
  });
});

describe('sBG predictions over the stress grid (α, β from 1e-4 to 1e4)', () => {
  it('survival and retention are in [0, 1] and monotone; DERL is finite, ≥ 0 and rises with tenure, or a typed NUMERIC_FAILURE', () => {
    const GRID = [1e-4, 1e-2, 1, 1e2, 1e4];
    let failures = 0;
    for (const alpha of GRID) {
      for (const beta of GRID) {
        const saved = {
          format: 'clvkit-model',
          version: 1,
          kind: 'sbg',
          timeUnit: 'period',
          params: { alpha, beta },
          standardErrors: null,
          logLikelihood: 0,
          converged: true,
          iterations: 0,
          customers: 1,
          extra: { penalizer: 0 },
        };
        const m = shiftedBetaGeometricFromJSON(saved);
        const s = m.survivalCurve(1000);
        for (let t = 1; t <= 1000; t++) {
          expect(s[t]!).toBeGreaterThanOrEqual(0);
          expect(s[t]!).toBeLessThanOrEqual(s[t - 1]!);
        }
        const r = m.retentionCurve(50);
        for (let t = 0; t < 50; t++) {
          expect(r[t]!).toBeGreaterThanOrEqual(0);
          expect(r[t]!).toBeLessThanOrEqual(1);
          if (t > 0) expect(r[t]!).toBeGreaterThanOrEqual(r[t - 1]!);
        }
        try {
          const d = m.discountedExpectedResidualLifetime(0.1, { periods: [0, 10, 1000] });
          for (let i = 0; i < 3; i++) {
            expect(Number.isFinite(d[i]!)).toBe(true);
            expect(d[i]!).toBeGreaterThanOrEqual(0);
            expect(d[i]!).toBeLessThanOrEqual(11 + 1e-9); // ≤ Σ 1.1^−k = 11
            if (i > 0) expect(d[i]!).toBeGreaterThanOrEqual(d[i - 1]! * (1 - 1e-9));
          }
        } catch (e) {
          expect((e as { code?: string }).code).toBe('NUMERIC_FAILURE');
          failures++;
        }
      }
    }
    expect(failures).toBe(0);
  });
});

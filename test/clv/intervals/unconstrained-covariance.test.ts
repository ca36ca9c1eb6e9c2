import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bgLikelihoodProblem, bgPatternsOf } from '../../../src/clv/bg-nbd/bg-family.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { unconstrainedCovariance } from '../../../src/clv/intervals/unconstrained-covariance.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

describe('unconstrainedCovariance', () => {
  it('inverts the observed information of a quadratic log-likelihood exactly', () => {
    // LL(u) = −½ uᵀ A u with A = [[4, 1], [1, 2]]: Σ = A⁻¹ = [[2, −1], [−1, 4]] / 7
    const grad = (u: Float64Array, g: Float64Array): number => {
      g[0] = -(4 * u[0]! + u[1]!);
      g[1] = -(u[0]! + 2 * u[1]!);
      return -0.5 * (4 * u[0]! ** 2 + 2 * u[0]! * u[1]! + 2 * u[1]! ** 2);
    };
    const { covariance } = unconstrainedCovariance(grad, Float64Array.of(0.3, -0.2));
    expect(Array.from(covariance!).map((v) => v * 7)).toEqual([expect.closeTo(2, 8), expect.closeTo(-1, 8), expect.closeTo(-1, 8), expect.closeTo(4, 8)]);
  });

  it('reports a flat direction instead of inverting it', () => {
    const flat = (u: Float64Array, g: Float64Array): number => {
      g[0] = -u[0]!;
      g[1] = 0;
      return -0.5 * u[0]! ** 2;
    };
    const out = unconstrainedCovariance(flat, Float64Array.of(0, 0));
    expect(out.covariance).toBeNull();
    expect(out.reason).toMatch(/not positive definite/);
  });
});

describeWithSharedData('unconstrainedCovariance agrees with the fitting core’s standard errors (CDNOW BG/NBD)', () => {
  it('θ·√Σ_uu equals fitBgNbd’s natural-scale standard errors (two Hessian routes)', () => {
    const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
    const c = { frequency: rows.map((r) => Number(r.frequency)), recency: rows.map((r) => Number(r.recency)), T: rows.map((r) => Number(r.T)) };
    const model = fitBgNbd(c, { timeUnit: 'week', tolerance: 1e-12 });
    const theta = Float64Array.of(model.params.r, model.params.alpha, model.params.a, model.params.b);
    const problem = bgLikelihoodProblem(
      't',
      bgPatternsOf({ frequency: Float64Array.from(c.frequency), recency: Float64Array.from(c.recency), T: Float64Array.from(c.T) }, undefined),
      0,
      [[1, 1, 1, 1]],
    );
    const grad = (u: Float64Array, out: Float64Array): number => {
      const t = Float64Array.from(u, Math.exp);
      const ll = problem.gradient!(t, out);
      for (let i = 0; i < 4; i++) out[i] = out[i]! * t[i]!;
      return ll;
    };
    const { covariance } = unconstrainedCovariance(grad, Float64Array.from(theta, Math.log));
    const se = model.standardErrors!;
    (['r', 'alpha', 'a', 'b'] as const).forEach((k, i) => {
      expect(theta[i]! * Math.sqrt(covariance![i * 4 + i]!)).toBeCloseTo(se[k], 4);
    });
  });
});

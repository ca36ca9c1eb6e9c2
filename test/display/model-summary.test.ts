import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitBgBb, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, bgNbdFromJSON, modelFromJSON } from '../../src/index.js';
import { describeModel, summarizeModel, Z_975 } from '../../src/display/model-summary.js';
import type { ModelSummary } from '../../src/display/model-summary.js';
import { JUPYTER_DISPLAY } from '../../src/display/with-display.js';
import type { MimeBundle } from '../../src/display/with-display.js';
import { describeWithSharedData, sharedFile } from '../helpers/shared-data.js';

function readCdnow(): { frequency: number[]; recency: number[]; T: number[]; monetaryValue: number[] } {
  const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
  return {
    frequency: rows.map((r) => Number(r.frequency)),
    recency: rows.map((r) => Number(r.recency)),
    T: rows.map((r) => Number(r.T)),
    monetaryValue: rows.map((r) => Number(r.monetary_value)),
  };
}

describe('summarizeModel', () => {
  it('a worked example: Wald intervals, AIC = 2k − 2LL, BIC = k ln n − 2LL', () => {
    const s = summarizeModel({
      kind: 'bg-nbd',
      timeUnit: 'week',
      params: { r: 1, alpha: 2 },
      standardErrors: { r: 0.1, alpha: 0.5 },
      logLikelihood: -100,
      converged: true,
      iterations: 7,
      customers: 50,
      penalizer: 0,
    });
    expect(s.rows[0]).toEqual({ parameter: 'r', estimate: 1, standardError: 0.1, lower95: 1 - 0.1 * Z_975, upper95: 1 + 0.1 * Z_975 });
    expect([s.aic, s.bic, s.parameters, s.exclusions]).toEqual([204, 2 * Math.log(50) + 200, 2, null]);
    expect(Z_975).toBeCloseTo(1.959963984540054, 15);
  });

  it('no standard errors: null cells and the reason in the print', () => {
    const s = summarizeModel({
      kind: 'pareto-nbd',
      params: { r: 1 },
      standardErrors: null,
      logLikelihood: -1,
      converged: false,
      iterations: 500,
      customers: 3,
      reason: 'Hessian not positive definite',
    });
    expect(s.rows[0]).toMatchObject({ standardError: null, lower95: null, upper95: null });
    expect(String(s)).toContain('NOT converged in 500 iterations');
    expect(String(s)).toContain('note: Hessian not positive definite');
  });

  it('is plain data with a table display', () => {
    const s = summarizeModel({
      kind: 'gamma-gamma',
      params: { p: 6 },
      standardErrors: { p: 1 },
      logLikelihood: -5,
      converged: true,
      iterations: 3,
      customers: 9,
      excluded: { zeroFrequency: 4, nonPositiveValue: 0 },
    });
    expect(() => structuredClone(s)).not.toThrow();
    expect(Object.keys(s)).not.toContain('toString');
    const bundle = (s as unknown as Record<symbol, () => MimeBundle>)[JUPYTER_DISPLAY]!();
    expect(bundle['text/html']).toContain('Gamma-Gamma fit: 9 customers');
    expect(bundle['text/html']).toContain('excluded: 4 zeroFrequency, 0 nonPositiveValue');
    expectTypeOf(s).toEqualTypeOf<ModelSummary>();
  });

  it('describeModel is one line with four significant digits', () => {
    expect(
      describeModel({
        kind: 'bg-nbd',
        timeUnit: 'week',
        params: { r: 0.242593, alpha: 4.413532 },
        standardErrors: null,
        logLikelihood: 0,
        converged: true,
        iterations: 1,
        customers: 2357,
      }),
    ).toBe('<BG/NBD: fitted on 2,357 customers (week), r: 0.2426, alpha: 4.414>');
  });
});

describeWithSharedData('fitted models on CDNOW (lifetimes and Fader–Hardie–Lee 2005 publish the figures)', () => {
  const cdnow = readCdnow();
  const model = fitBgNbd(cdnow, { timeUnit: 'week' });

  it('BG/NBD summary matches lifetimes’ published summary table and the paper’s log-likelihood', () => {
    // lifetimes BetaGeoFitter.summary on this data: coef, se(coef), lower and upper 95% bound.
    const published = [
      ['r', 0.242593, 0.012557, 0.217981, 0.267205],
      ['alpha', 4.413532, 0.378221, 3.672218, 5.154846],
      ['a', 0.792886, 0.185719, 0.428877, 1.156895],
      ['b', 2.425752, 0.705345, 1.043276, 3.808229],
    ] as const;
    const s = model.summary();
    published.forEach(([name, est, se, lo, hi], i) => {
      const row = s.rows[i]!;
      expect(row.parameter).toBe(name);
      expect(row.estimate).toBeCloseTo(est, 3);
      expect(row.standardError!).toBeCloseTo(se, 3);
      expect(row.lower95!).toBeCloseTo(lo, 2);
      expect(row.upper95!).toBeCloseTo(hi, 2);
    });
    expect(s.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(s.aic).toBeCloseTo(2 * 4 + 2 * 9582.4, 0);
    expect(s.customers).toBe(2357);
  });

  it('toString is one line, printing is compact, the model is unchanged as data', () => {
    expect(`${model}`).toBe('<BG/NBD: fitted on 2,357 customers (week), r: 0.2426, alpha: 4.414, a: 0.7929, b: 2.426>');
    const text = inspect(model);
    expect(text).not.toMatch(/\[Function/);
    expect(text).not.toMatch(/\d\.\d{8,}/);
    expect(text.split('\n')[0]).toBe(`${model}`);
    expect(Object.keys(model)).not.toContain('summary');
    expect(bgNbdFromJSON(JSON.parse(JSON.stringify(model))).summary().rows).toEqual(model.summary().rows);
    expect(String(modelFromJSON(model.toJSON()))).toBe(String(model));
  });

  it('every model has a summary and a one-line description', () => {
    const spend = fitGammaGamma(cdnow);
    expect(String(spend)).toMatch(/^<Gamma-Gamma: fitted on [\d,]+ customers, p: [\d.]+, q: [\d.]+, gamma: [\d.]+>$/);
    expect(spend.summary().exclusions).toEqual({ ...spend.excluded });
    expect(String(fitModifiedBgNbd(cdnow, { timeUnit: 'week' }))).toMatch(/^<MBG\/NBD: fitted on 2,357 customers \(week\), r: /);
    expect(
      fitParetoNbd(cdnow, { timeUnit: 'week' })
        .summary()
        .rows.map((r) => r.parameter),
    ).toEqual(['r', 'alpha', 's', 'beta']);
  });
});

describe('BG/BB', () => {
  it('summary and description of a discrete-time model', () => {
    const m = fitBgBb({ frequency: [0, 1, 2, 3, 0, 4, 2, 1], recency: [0, 2, 4, 5, 0, 6, 3, 6], T: [6, 6, 6, 6, 6, 6, 6, 6] });
    expect(String(m)).toMatch(/^<BG\/BB: fitted on 8 customers \(period\), alpha: /);
    expect(m.summary().rows).toHaveLength(4);
  });
});

import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/math/log-gamma.js';
import { logPochhammer } from '../../src/math/log-pochhammer.js';

describe('logPochhammer', () => {
  it('is ln Γ(x+s) − ln Γ(x), against mpmath (mp.dps = 60), including where subtracting ln Γ values fails', () => {
    const rows: [number, number, number][] = [
      [1e15, 0.6, 20.723265836946410269],
      [25.5, 100.25, 424.27598365333738597],
      [0.3, 0.7, -1.0957979948180755285],
      [1e-300, 3, -690.08238071765375987],
      [20, -19.5, -38.767519244274793949],
      [1e8, 1e8, 1880697510.1606520184],
      [7, 1e-12, 1.8727843350985438743e-12],
      [1e300, 2, 1381.5510557964274104],
    ];
    for (const [x, s, expected] of rows) {
      expect(Math.abs(logPochhammer(x, s) / expected - 1), `(${x})_${s}`).toBeLessThan(1e-13);
    }
    // The naive difference is off by far more at x = 1e15 (rounding of ln Γ(1e15) ≈ 3.35e16).
    expect(Math.abs(logGamma(1e15 + 0.6) - logGamma(1e15) - 20.723265836946410269)).toBeGreaterThan(1e-3);
  });

  it('is exact for whole s (ln of a product), 0 at s = 0 and NaN outside its domain', () => {
    expect(logPochhammer(3, 2)).toBeCloseTo(Math.log(12), 14);
    expect(logPochhammer(5, 0)).toBe(0);
    expect(logPochhammer(-1, 2)).toBeNaN();
    expect(logPochhammer(1, -2)).toBeNaN();
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEFAULT_TIER_BANDS, bandIndexOf, checkTierBands, describeTiers } from '../../src/tiers/tier-bands.js';
import type { TierBand, TierDescriptor } from '../../src/tiers/tier-bands.js';
import { expectCode } from '../helpers/expect-code.js';

const band = (key: string, lower: number, upper: number): TierBand => ({ key, label: key, labelZh: key, lower, upper, serviceLevel: 's', serviceLevelZh: 's' });

describe('tier bands', () => {
  it('default bands are valid, CNY thresholds 20万/100万/200万/600万', () => {
    expect(() => checkTierBands(DEFAULT_TIER_BANDS, 't')).not.toThrow();
    expect(DEFAULT_TIER_BANDS.map((b) => b.lower)).toEqual([-Infinity, 200_000, 1_000_000, 2_000_000, 6_000_000]);
    expect(DEFAULT_TIER_BANDS.map((b) => b.labelZh)).toEqual(['普通客户', '中高端客户', '高端客户', '高净值客户', '私人银行客户']);
  });

  it('bandIndexOf: half-open [lower, upper) exactly at the edges', () => {
    expect(bandIndexOf(199_999.99, DEFAULT_TIER_BANDS)).toBe(0);
    expect(bandIndexOf(200_000, DEFAULT_TIER_BANDS)).toBe(1);
    expect(bandIndexOf(999_999.99, DEFAULT_TIER_BANDS)).toBe(1);
    expect(bandIndexOf(1_000_000, DEFAULT_TIER_BANDS)).toBe(2);
    expect(bandIndexOf(5_999_999.99, DEFAULT_TIER_BANDS)).toBe(3);
    expect(bandIndexOf(6_000_000, DEFAULT_TIER_BANDS)).toBe(4);
    expect(bandIndexOf(-1e9, DEFAULT_TIER_BANDS)).toBe(0);
    expect(bandIndexOf(1e15, DEFAULT_TIER_BANDS)).toBe(4);
    const finite = [band('a', 0, 10), band('b', 10, 20)];
    expect(bandIndexOf(-0.01, finite)).toBe(-1);
    expect(bandIndexOf(20, finite)).toBe(-1);
    expect(bandIndexOf(19.99, finite)).toBe(1);
  });

  it('rejects unsorted, overlapping, gapped, empty and mis-opened bands', () => {
    expect(expectCode(() => checkTierBands([band('a', 0, 10), band('b', 5, 20)], 't'), 'INVALID_CONFIG').message).toContain('overlaps');
    expect(expectCode(() => checkTierBands([band('a', 0, 10), band('b', 11, 20)], 't'), 'INVALID_CONFIG').message).toContain('gap');
    expectCode(() => checkTierBands([band('b', 10, 20), band('a', 0, 10)], 't'), 'INVALID_CONFIG');
    expectCode(() => checkTierBands([], 't'), 'INVALID_CONFIG');
    expectCode(() => checkTierBands([band('a', 10, 10)], 't'), 'INVALID_CONFIG');
    expectCode(() => checkTierBands([band('a', 0, Infinity), band('b', Infinity, Infinity)], 't'), 'INVALID_CONFIG');
    expectCode(() => checkTierBands([band('a', 0, 10), band('a', 10, 20)], 't'), 'INVALID_CONFIG');
    const e = expectCode(() => checkTierBands([band('a', -Infinity, 10), band('b', 10, 20), band('c', 25, Infinity)], 't'), 'INVALID_CONFIG');
    expect(e.details.path).toEqual(['bands', 2]);
  });

  it('describeTiers reports open ends as null', () => {
    const d = describeTiers(DEFAULT_TIER_BANDS);
    expect(d[0]!.lower).toBeNull();
    expect(d[4]!.upper).toBeNull();
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expectTypeOf(d).toEqualTypeOf<TierDescriptor[]>();
  });
});

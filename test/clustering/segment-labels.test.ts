import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_NAMES, labelSegments } from '../../src/clustering/segment-labels.js';

const N = [DEFAULT_FEATURE_NAMES.aum!, DEFAULT_FEATURE_NAMES.activity!, DEFAULT_FEATURE_NAMES.loans!];

describe('labelSegments', () => {
  it('names dominant features by |scaled centre|, high/low by sign, at most `words`', () => {
    const centres = Float64Array.from([
      1.8,
      -0.9,
      0.2, // high assets, low activity
      -0.3,
      0.1,
      0.2, // nothing ≥ 0.5: average
      0.6,
      0.7,
      2.5, // loans, activity, assets → first two
    ]);
    const r = labelSegments(centres, 3, N, 0.5, 2);
    expect(r.en).toEqual(['high assets, low activity', 'average', 'high loans, high activity']);
    expect(r.zh).toEqual(['高资产、低活跃', '整体均衡', '高贷款、高活跃']);
  });

  it('threshold is inclusive and words caps the label', () => {
    const r = labelSegments(Float64Array.from([0.5, -0.5, 0.5, 0, 0, 0]), 2, N, 0.5, 1);
    expect(r.en).toEqual(['high assets', 'average']);
  });

  it('clashing labels add the next feature, then a number', () => {
    const centres = Float64Array.from([
      2,
      0.1,
      -0.3, // high assets (then: low loans)
      1.5,
      0.2,
      0.1, // high assets (then: high activity)
      1,
      0.2,
      0.1, // high assets, same order as the second → numbered
    ]);
    const r = labelSegments(centres, 3, N, 0.5, 2);
    expect(r.en[0]).toBe('high assets, low loans');
    expect(r.en[1]).toBe('high assets, high activity, high loans');
    expect(r.en[2]).toBe('high assets, high activity, high loans #2');
    expect(r.zh[2]).toBe('高资产、高活跃、高贷款 #2');
    expect(new Set(r.en).size).toBe(3);
    expect(new Set(r.zh).size).toBe(3);
  });

  it('two average clusters are told apart by their leading feature', () => {
    const r = labelSegments(Float64Array.from([0.3, 0, 0, -0.2, 0, 0]), 2, N, 0.5, 2);
    expect(r.en).toEqual(['high assets', 'low assets']);
  });
});

describe('labelSegments phrases', () => {
  it('uses a feature’s own high/low phrases', () => {
    const names = [DEFAULT_FEATURE_NAMES.daysSinceLastPurchase!, { en: 'x', zh: 'X' }];
    const r = labelSegments(Float64Array.from([1.2, -0.7, -0.9, 0.8]), 2, names, 0.5, 2);
    expect(r.en).toEqual(['lapsed, low x', 'recent buyers, high x']);
    expect(r.zh).toEqual(['久未交易、低X', '近期交易、高X']);
  });
});

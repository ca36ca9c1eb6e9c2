import { describe, expect, expectTypeOf, it } from 'vitest';
import { sampleIndices, silhouetteScore, type SilhouetteResult } from '../../src/clustering/silhouette-score.js';
import { createRandom } from '../../src/random.js';
import { makeBlobs } from './blobs.js';
import { codeOf } from '../helpers/expect-code.js';

/** Textbook O(n²) silhouette, written independently: per point, mean distances to every cluster. */
function bruteSilhouette(rows: number[][], labels: number[]): number {
  const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, j) => v - b[j]!));
  const clusters = [...new Set(labels)];
  let total = 0;
  rows.forEach((p, i) => {
    const mean = (c: number, excludeSelf: boolean) => {
      const members = rows.filter((_, q) => labels[q] === c && !(excludeSelf && q === i));
      return members.reduce((s, m) => s + dist(p, m), 0) / members.length;
    };
    const own = labels[i]!;
    if (labels.filter((l) => l === own).length === 1) return;
    const a = mean(own, true);
    const b = Math.min(...clusters.filter((c) => c !== own).map((c) => mean(c, false)));
    total += (b - a) / Math.max(a, b);
  });
  return total / rows.length;
}

describe('silhouetteScore', () => {
  it('worked example', () => {
    // Point 0: a = 1, b = 10.5 → 0.904762; point 1: a = 1, b = 9.5 → 0.894737; symmetric.
    const r = silhouetteScore([0, 1, 10, 11], [0, 0, 1, 1], { dimensions: 1 });
    expect(r.sampleSize).toBe(4);
    expect(r.mean).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 14);
  });

  it('matches a brute-force O(n²) computation (with a singleton cluster)', () => {
    const { data, d } = makeBlobs(
      [
        [0, 0, 0],
        [1.5, 0, 1],
        [0, 2, 0],
      ],
      [40, 30, 25],
      1,
      8,
    );
    const rows = Array.from({ length: data.length / d }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
    const rng = createRandom(4);
    const labels = rows.map(() => rng.int(3));
    labels[0] = 3; // a singleton: s = 0
    const r = silhouetteScore(data, labels, { dimensions: d });
    expect(r.mean).toBeCloseTo(bruteSilhouette(rows, labels), 12);
    // Label names do not matter (negative and large labels are fine).
    const renamed = labels.map((l) => [-5, 1e9, 7, 42][l]!);
    expect(silhouetteScore(data, renamed, { dimensions: d }).mean).toBeCloseTo(r.mean, 12);
  });

  it('samples: on a sample it equals the brute force on the sampled rows', () => {
    const { data, truth, d } = makeBlobs(
      [
        [0, 0],
        [4, 0],
        [0, 4],
      ],
      [200, 150, 100],
      1,
      2,
    );
    const labels = Array.from(truth);
    const r = silhouetteScore(data, labels, { dimensions: d, sampleSize: 60, seed: 9 });
    expect(r.sampleSize).toBe(60);
    const idx = sampleIndices(450, 60, createRandom(9));
    const rows = Array.from(idx, (i) => Array.from(data.subarray(i * d, (i + 1) * d)));
    expect(r.mean).toBeCloseTo(
      bruteSilhouette(
        rows,
        Array.from(idx, (i) => labels[i]!),
      ),
      12,
    );
  });

  it('sampleIndices gives distinct sorted indices, deterministically', () => {
    const a = sampleIndices(1000, 100, createRandom(1));
    expect(new Set(a).size).toBe(100);
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
    expect(Array.from(a)).toEqual(Array.from(sampleIndices(1000, 100, createRandom(1))));
    expect(Array.from(sampleIndices(5, 10, createRandom(1)))).toEqual([0, 1, 2, 3, 4]);
  });

  it('bad input', () => {
    expect(codeOf(() => silhouetteScore([], [], { dimensions: 1 }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => silhouetteScore([1, 2], [0], { dimensions: 1 }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => silhouetteScore([1, 2], [0, 0.5], { dimensions: 1 }))).toBe('INVALID_VALUE');
    expect(codeOf(() => silhouetteScore([1, NaN], [0, 1], { dimensions: 1 }))).toBe('INVALID_VALUE');
    expect(codeOf(() => silhouetteScore([1, 1e160], [0, 1], { dimensions: 1 }))).toBe('NUMERIC_FAILURE');
    expect(codeOf(() => silhouetteScore([1, 2], [0, 0], { dimensions: 1 }))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => silhouetteScore([1, 2], [0, 1], { dimensions: 1, sampleSize: 1 }))).toBe('INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(silhouetteScore).returns.toEqualTypeOf<SilhouetteResult>();
  });
});

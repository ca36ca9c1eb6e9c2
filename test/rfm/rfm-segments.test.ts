import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ClvkitError, isClvkitError } from '../../src/errors.js';
import { createRandom } from '../../src/random.js';
import { DEFAULT_RFM_SEGMENTS } from '../../src/rfm/default-rfm-segments.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';
import type { RfmSegments, RfmSegmentsOptions } from '../../src/rfm/rfm-segments.js';
import type { Displayed } from '../../src/display/with-display.js';
import { expectCode } from '../helpers/expect-code.js';

function scoresOf(r: number[], f: number[], m: number[], bins = 5) {
  return rfmScores({ customerId: r.map((_, i) => `c${i}`), recencyDays: r, frequency: f, monetary: m }, { bins });
}

describe('rfmSegments', () => {
  it('segments the doc example and builds the segment table', () => {
    const scores = scoresOf([3, 90, 400], [9, 2, 0], [900, 80, 15]);
    expect(scores.cell).toEqual(['544', '422', '211']);
    const seg = rfmSegments(scores);
    expect(seg.segment).toEqual(['champions', 'potential_loyalist', 'about_to_sleep']);
    const champions = seg.table.find((r) => r.key === 'champions')!;
    expect(champions).toMatchObject({ label: 'Champions', labelZh: '重要价值客户', count: 1, meanRecencyScore: 5, meanMonetary: 900 });
    expect(champions.share).toBeCloseTo(1 / 3, 12);
    const lost = seg.table.find((r) => r.key === 'lost')!;
    expect(lost).toMatchObject({ count: 0, share: 0, meanRecencyScore: null, meanMonetary: null });
    expect(seg.table.at(-1)).toMatchObject({ key: 'others', label: 'Others', labelZh: '其他客户', count: 0 });
    expect(seg.table.map((r) => r.key)).toEqual([...DEFAULT_RFM_SEGMENTS.map((s) => s.key), 'others']);
  });

  it('maps hand-picked cells of the default map', () => {
    const rfm = rfmSegments(scoresOf([1], [1], [1])).cellSegment;
    expect(rfm['555']).toBe('champions');
    expect(rfm['553']).toBe('loyal_customers');
    expect(rfm['355']).toBe('loyal_customers');
    expect(rfm['511']).toBe('new_customers');
    expect(rfm['415']).toBe('promising');
    expect(rfm['431']).toBe('potential_loyalist');
    expect(rfm['322']).toBe('need_attention');
    expect(rfm['215']).toBe('about_to_sleep');
    expect(rfm['244']).toBe('at_risk');
    expect(rfm['143']).toBe('at_risk');
    expect(rfm['155']).toBe('cant_lose_them');
    expect(rfm['111']).toBe('lost');
  });

  it('custom map: gaps go to Others; a 3-level map works', () => {
    const scores = scoresOf([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], [1, 1, 1, 1, 1, 1], 3);
    expect(scores.cell).toEqual(['331', '331', '221', '221', '111', '111']);
    const seg = rfmSegments(scores, {
      segments: [
        { key: 'best', label: 'Best', labelZh: '最佳', boxes: [{ recency: [3, 3], frequency: [3, 3] }] },
        { key: 'worst', label: 'Worst', labelZh: '最差', boxes: [{ recency: [1, 1] }] },
      ],
      others: { key: 'rest', label: 'Rest', labelZh: '其余' },
    });
    expect(seg.segment).toEqual(['best', 'best', 'rest', 'rest', 'worst', 'worst']);
    expect(seg.table.map((r) => [r.key, r.count])).toEqual([
      ['best', 2],
      ['worst', 2],
      ['rest', 2],
    ]);
    expect(seg.table[2]!.meanRecencyDays).toBe(3.5);
  });

  it('overlapping segments are an INVALID_CONFIG error naming both, whatever their order', () => {
    const scores = scoresOf([1, 2], [1, 2], [1, 2]);
    const a = { key: 'vip', label: 'VIP', labelZh: '贵宾', boxes: [{ recency: [4, 5], frequency: [4, 5] }] } as const;
    const b = { key: 'recent', label: 'Recent', labelZh: '近期', boxes: [{ recency: [5, 5], monetary: [1, 2] }] } as const;
    for (const segments of [
      [a, b],
      [b, a],
    ]) {
      const error = expectCode(
        () => rfmSegments(scores, { segments: segments.map((s) => ({ ...s, boxes: s.boxes.map((x) => ({ ...x })) })) as never }),
        'INVALID_CONFIG',
      );
      expect(error.message).toContain('"vip"');
      expect(error.message).toContain('"recent"');
      expect(error.details.segments).toEqual(segments.map((s) => s.key));
    }
  });

  it('cross-check: the default map partitions the cube, every random customer gets exactly one segment', () => {
    // Brute force over all 125 cells: each covered by exactly one segment's boxes.
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++) {
          const owners = DEFAULT_RFM_SEGMENTS.filter((s) =>
            s.boxes.some((b) =>
              [b.recency, b.frequency, b.monetary].every((range, k) => range === undefined || ([r, f, m][k]! >= range[0] && [r, f, m][k]! <= range[1])),
            ),
          );
          expect(owners, `cell ${r}${f}${m}`).toHaveLength(1);
        }
    const rng = createRandom(11);
    const N = 2000;
    const r = Array.from({ length: N }, () => rng.int(400));
    const f = Array.from({ length: N }, () => (rng.next() < 0.6 ? 0 : rng.poisson(3)));
    const m = Array.from({ length: N }, () => rng.gamma(1, 200));
    const scores = scoresOf(r, f, m);
    const seg = rfmSegments(scores);
    expect(seg.table.reduce((a, row) => a + row.count, 0)).toBe(N);
    expect(seg.table.at(-1)!.count).toBe(0);
    for (let i = 0; i < N; i++) {
      expect(seg.segment[i]).toBe(seg.cellSegment[scores.cell[i]!]);
      expect(seg.table[seg.segmentIndex[i]!]!.key).toBe(seg.segment[i]);
    }
    // Segment means equal a direct recomputation.
    for (const row of seg.table.filter((x) => x.count > 0)) {
      const members = seg.segment.flatMap((s, i) => (s === row.key ? [i] : []));
      const mean = (xs: ArrayLike<number>) => members.reduce((a, i) => a + xs[i]!, 0) / members.length;
      expect(row.meanMonetary).toBeCloseTo(mean(scores.monetary), 8);
      expect(row.meanFrequencyScore).toBeCloseTo(mean(scores.frequencyScore), 12);
    }
  });

  it('rejects bad maps and scores', () => {
    const scores = scoresOf([1, 2], [1, 2], [1, 2]);
    expectCode(() => rfmSegments(scoresOf([1, 2], [1, 2], [1, 2], 4)), 'INVALID_CONFIG');
    expectCode(() => rfmSegments(scores, { segments: [{ key: 'x', label: 'X', labelZh: 'X', boxes: [{ recency: [3, 2] }] }] }), 'INVALID_OPTIONS');
    expectCode(() => rfmSegments(scores, { segments: [{ key: 'x', label: 'X', labelZh: 'X', boxes: [] }] }), 'INVALID_OPTIONS');
    expectCode(() => rfmSegments(scores, { segments: [{ key: 'x', label: 'X', labelZh: 'X', boxes: [{ recency: [1, 6] }] }] }), 'INVALID_CONFIG');
    expectCode(
      () =>
        rfmSegments(scores, {
          segments: [
            { key: 'x', label: 'X', labelZh: 'X', boxes: [{ recency: [1, 1] }] },
            { key: 'x', label: 'Y', labelZh: 'Y', boxes: [{ recency: [2, 2] }] },
          ],
        }),
      'INVALID_CONFIG',
    );
    expectCode(() => rfmSegments(scores, { segments: [{ key: 'others', label: 'X', labelZh: 'X', boxes: [{ recency: [1, 1] }] }] }), 'INVALID_CONFIG');
    expectCode(() => rfmSegments({ ...scores, recencyScore: Uint8Array.from([1]) }), 'LENGTH_MISMATCH');
    expectCode(() => rfmSegments({ ...scores, recencyScore: Uint8Array.from([1, 7]) }), 'INVALID_VALUE');
    expectCode(() => rfmSegments({ ...scores, length: 0, customerId: [] }), 'EMPTY_INPUT');
  });

  it('exposes its public types', () => {
    expectTypeOf(rfmSegments).returns.toEqualTypeOf<Displayed<RfmSegments>>();
    expectTypeOf<RfmSegments['table'][number]['meanRecencyScore']>().toEqualTypeOf<number | null>();
    expectTypeOf<NonNullable<RfmSegmentsOptions>['segments']>().not.toBeAny();
  });
});

describe('rfmSegments: garbage (issue 11)', () => {
  const codeAndFn = (f: () => unknown): [string, unknown] => {
    try {
      f();
    } catch (error) {
      expect(isClvkitError(error), String(error)).toBe(true);
      return [(error as ClvkitError).code, (error as ClvkitError).details.fn];
    }
    return ['none', undefined];
  };
  it('not scores: INVALID_VALUE naming rfmSegments; a missing column: MISSING_COLUMN', () => {
    for (const garbage of [undefined, null, 42, 'x', [], 10n, {}]) {
      expect(codeAndFn(() => rfmSegments(garbage as never))).toEqual(['INVALID_VALUE', 'rfmSegments']);
    }
    const scores = rfmScores({ customerId: ['a', 'b', 'c'], recencyDays: [1, 2, 3], frequency: [1, 2, 3], monetary: [1, 2, 3] });
    const { monetary: _dropped, ...withoutMonetary } = scores;
    expect(codeAndFn(() => rfmSegments(withoutMonetary as never))).toEqual(['MISSING_COLUMN', 'rfmSegments']);
    expect(codeAndFn(() => rfmSegments({ ...scores, frequency: 3 } as never))).toEqual(['INVALID_VALUE', 'rfmSegments']);
    expect(codeAndFn(() => rfmSegments({ ...scores, length: 'x' } as never))).toEqual(['INVALID_VALUE', 'rfmSegments']);
    expect(rfmSegments(scores).table.length).toBeGreaterThan(0);
  });
});

describe('rfmSegments: overflowing segment totals (issue 11)', () => {
  it('two monetary values of 1.7e308 in one segment: NUMERIC_FAILURE instead of an infinite mean', () => {
    const scores = rfmScores({ customerId: ['a', 'b', 'c', 'd'], recencyDays: [1, 1, 30, 60], frequency: [9, 9, 2, 1], monetary: [1.7e308, 1.7e308, 5, 1] });
    expect(scores.monetaryScore[0]).toBe(scores.monetaryScore[1]);
    let caught: unknown;
    try {
      rfmSegments(scores);
    } catch (error) {
      caught = error;
    }
    expect(isClvkitError(caught, 'NUMERIC_FAILURE')).toBe(true);
    expect((caught as ClvkitError).details).toMatchObject({ fn: 'rfmSegments', column: 'monetary' });
    // Half of it is fine and the mean is exact.
    const half = rfmScores({ customerId: ['a', 'b', 'c', 'd'], recencyDays: [1, 1, 30, 60], frequency: [9, 9, 2, 1], monetary: [8e307, 8e307, 5, 1] });
    const row = rfmSegments(half).table.find((r) => r.count >= 2 && r.meanMonetary !== null && r.meanMonetary > 1e307);
    expect(row?.meanMonetary).toBe(8e307);
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { rfmHeatmap, type RfmHeatmapCell } from '../../src/charts/rfm-heatmap.js';
import { createRandom } from '../../src/random.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

function table(n: number) {
  const rng = createRandom(11);
  return {
    customerId: Array.from({ length: n }, (_, i) => `c${i}`),
    recencyDays: Array.from({ length: n }, () => Math.floor(rng.next() * 365)),
    frequency: Array.from({ length: n }, () => rng.int(12)),
    monetary: Array.from({ length: n }, () => Math.round(rng.next() * 5000) / 10),
  };
}

describe('rfmHeatmap', () => {
  it('colours each recency × frequency cell by the mean monetary value of its customers', async () => {
    const scores = rfmScores(table(400), { bins: 4 });
    const spec = rfmHeatmap(scores, { currency: 'CNY' });
    compileStrict(spec);
    const cells = dataOf(spec) as unknown as RfmHeatmapCell[];
    // Independent: filter the customers of every cell.
    let nonEmpty = 0;
    for (let r = 1; r <= 4; r++) {
      for (let f = 1; f <= 4; f++) {
        const members = Array.from({ length: scores.length }, (_, i) => i).filter((i) => scores.recencyScore[i] === r && scores.frequencyScore[i] === f);
        const cell = cells.find((c) => c.recencyScore === r && c.frequencyScore === f);
        if (members.length === 0) {
          expect(cell).toBeUndefined();
          continue;
        }
        nonEmpty++;
        expect(cell!.customers).toBe(members.length);
        expect(cell!.meanMonetary).toBeCloseTo(members.reduce((s, i) => s + scores.monetary[i]!, 0) / members.length, 9);
      }
    }
    expect(cells).toHaveLength(nonEmpty);
    expect(cells.reduce((s, c) => s + c.customers, 0)).toBe(400);
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(nonEmpty);
    expect(countMarks(svg, 'text')).toBe(nonEmpty);
  });
  it('zh-CN labels', () => {
    const spec = rfmHeatmap(rfmScores(table(50), { bins: 3 }), { locale: 'zh-CN' });
    compileStrict(spec);
    expect(JSON.stringify(spec)).toContain('最近度评分');
  });
  it('bad input', () => {
    const s = { bins: 2, recencyScore: [1, 2], frequencyScore: [1, 2], monetary: [1, 2] };
    expect(errorCode(() => rfmHeatmap({ ...s, recencyScore: [] }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => rfmHeatmap({ ...s, monetary: [1] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => rfmHeatmap({ ...s, recencyScore: [1, 3] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => rfmHeatmap({ ...s, frequencyScore: [0, 1] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => rfmHeatmap({ ...s, monetary: [1, Number.NaN] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => rfmHeatmap({ ...s, bins: 0 }))).toBe('INVALID_VALUE');
    expect(errorCode(() => rfmHeatmap(s, { extra: 1 } as never))).toBe('INVALID_OPTIONS');
    expectTypeOf<RfmHeatmapCell>().toHaveProperty('meanMonetary').toEqualTypeOf<number>();
  });
});

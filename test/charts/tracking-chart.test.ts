import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { trackingChart, type TrackingInput } from '../../src/charts/tracking-chart.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const tracking: TrackingInput = {
  endDate: ['2024-01-07', '2024-01-14', '2024-01-21', '2024-01-28', '2024-02-04'],
  expected: [1.5, 3.2, 5.1, 7.0, 8.8],
  actual: [2, 3, 5, 8, 9],
  calibrationSteps: 3,
};

describe('trackingChart', () => {
  it('expected and actual series step by step with the calibration boundary', async () => {
    const spec = trackingChart(tracking);
    compileStrict(spec);
    const layers = spec.layer as { data: { values: Record<string, unknown>[] } }[];
    const series = layers[0]!.data.values as { date: string; series: string; transactions: number }[];
    expect(series.filter((v) => v.series === 'Expected (model)').map((v) => v.transactions)).toEqual([1.5, 3.2, 5.1, 7.0, 8.8]);
    expect(series.filter((v) => v.series === 'Actual').map((v) => v.transactions)).toEqual([2, 3, 5, 8, 9]);
    expect(layers[1]!.data.values).toEqual([{ date: '2024-01-21', label: 'End of calibration' }]);
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'line')).toBe(2);
    expect(countMarks(svg, 'rule')).toBe(1);
    // Month ticks (the first of February is the only month start in the range).
    expect([...svg.matchAll(/>(\d{4}-\d{2})</g)].map((m) => m[1])).toEqual(['2024-02']);
  });
  it('dates are UTC days: the month labels are the same in a time zone behind UTC', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-tz-'));
    try {
      const script = join(dir, 'labels.mts');
      const src = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
      writeFileSync(
        script,
        `import { trackingChart } from ${src('src/charts/tracking-chart.ts')};\n` +
          `import { renderSvg } from ${src('src/charts/render-svg.ts')};\n` +
          `const svg = await renderSvg(trackingChart({ endDate: ['2024-01-01', '2024-02-01', '2024-03-01'], expected: [1, 2, 3], actual: [1, 2, 3], calibrationSteps: 2 }));\n` +
          `console.log(JSON.stringify([new Date(0).getTimezoneOffset(), [...svg.matchAll(/>(\\d{4}-\\d{2})</g)].map((m) => m[1])]));\n`,
      );
      const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [script], { env: { ...process.env, TZ: 'America/Los_Angeles' }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual([480, ['2024-01', '2024-02', '2024-03']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no boundary when every step is calibration; zh-CN', () => {
    const spec = trackingChart({ ...tracking, calibrationSteps: 5 }, { locale: 'zh-CN' });
    compileStrict(spec);
    expect(dataOf(spec, 1)).toEqual([]);
    expect(JSON.stringify(spec)).toContain('预期（模型）');
  });
  it('bad input', () => {
    expect(errorCode(() => trackingChart({ ...tracking, endDate: [] }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => trackingChart({ ...tracking, actual: [1] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => trackingChart({ ...tracking, endDate: ['2024-02-30', ...tracking.endDate.slice(1)] }))).toBe('INVALID_DATE');
    expect(errorCode(() => trackingChart({ ...tracking, endDate: ['07/01/2024', ...tracking.endDate.slice(1)] }))).toBe('INVALID_DATE');
    expect(errorCode(() => trackingChart({ ...tracking, expected: [1, 2, 3, 4, Number.NaN] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => trackingChart({ ...tracking, calibrationSteps: 6 }))).toBe('INVALID_VALUE');
    expect(errorCode(() => trackingChart(tracking, { title: 5 as never }))).toBe('INVALID_OPTIONS');
    expectTypeOf(trackingChart).parameter(0).toEqualTypeOf<TrackingInput>();
  });
});

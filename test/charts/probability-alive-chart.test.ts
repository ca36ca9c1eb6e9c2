import { describe, expect, it } from 'vitest';
import { probabilityAliveChart } from '../../src/charts/probability-alive-chart.js';
import { probabilityAliveHistory } from '../../src/clv/toolbox/probability-alive-history.js';
import { modelFromJSON } from '../../src/clv/model-from-json.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

const model = modelFromJSON({
  format: 'clvkit-model',
  version: 1,
  kind: 'bg-nbd',
  timeUnit: 'week',
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  standardErrors: null,
  logLikelihood: 0,
  converged: true,
  iterations: 0,
  customers: 1,
}) as FittedTransactionModel;

describe('probabilityAliveChart', () => {
  it('draws the history line and one tick per repeat purchase', async () => {
    const history = probabilityAliveHistory(model, [4, 9.5], { until: 30, points: 31 });
    const spec = probabilityAliveChart(history, { timeUnit: 'weeks' });
    compileStrict(spec);
    expect(dataOf(spec, 0)).toHaveLength(history.t.length);
    expect(dataOf(spec, 1)).toHaveLength(2);
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'line')).toBe(1);
    expect(countMarks(svg, 'rect')).toBe(2); // Vega draws ticks as rects
  });
  it('rejects probabilities outside [0, 1]', () => {
    expect(errorCode(() => probabilityAliveChart({ t: [0, 1], pAlive: [1, 1.2], purchases: [] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => probabilityAliveChart({ t: [], pAlive: [], purchases: [] }))).toBe('EMPTY_INPUT');
  });
});

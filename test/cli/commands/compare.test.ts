import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describe('clvkit compare', () => {
  it('prints one scorecard row per model; JSON has the winners and the decile calibration', async () => {
    const r = await run(
      ['compare', TX, '--observation-end', '2024-12-31', '--calibration-end', '2024-06-30', '--models', 'bg-nbd,pareto-nbd', '--format', 'csv'],
      dir,
    );
    expect(r.code).toBe(0);
    const csv = parseCsv(r.stdout);
    expect(csv.header).toEqual([
      'model',
      'parameters',
      'converged',
      'log_likelihood',
      'aic',
      'bic',
      'holdout_predicted',
      'holdout_actual',
      'mae',
      'rmse',
      'decile_gap',
    ]);
    expect(csv.rows.map((row) => row[0])).toEqual(['bg-nbd', 'pareto-nbd']);
    const j = await run(
      ['compare', TX, '--observation-end', '2024-12-31', '--calibration-end', '2024-06-30', '--models', 'bg-nbd', '--groups', '5', '--format', 'json'],
      dir,
    );
    const json = JSON.parse(j.stdout) as { best: { aic: string }; scores: { calibration: { groups: unknown[] } }[] };
    expect(json.best.aic).toBe('bg-nbd');
    expect(json.scores[0]!.calibration.groups).toHaveLength(5);
  });

  it('needs a calibration end and known models', async () => {
    expect((await run(['compare', TX, '--observation-end', '2024-12-31'], dir)).code).toBe(2);
    expect((await run(['compare', TX, '--observation-end', '2024-12-31', '--calibration-end', '2024-06-30', '--models', 'bg-bb'], dir)).code).toBe(2);
  });
});

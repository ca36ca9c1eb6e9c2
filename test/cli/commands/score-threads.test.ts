import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run, workDir } from '../cli-harness.js';

/**
 * `--threads` of `clvkit score` and `clvkit report` reaches segmentCustomers through scoreCustomers'
 * `clusters.threads` (`clvkit cluster --threads` is tested in cluster.test.ts). segmentCustomers is
 * wrapped in a spy that records its options and runs the real function.
 */
const seen = vi.hoisted(() => [] as { threads?: number }[]);
vi.mock('../../../src/clustering/segment-customers.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/clustering/segment-customers.js')>();
  return {
    ...real,
    segmentCustomers: (...args: Parameters<typeof real.segmentCustomers>) => {
      seen.push(args[1] as { threads?: number });
      return real.segmentCustomers(...args);
    },
  };
});

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describe('clvkit score / report --threads', () => {
  it('score: --threads reaches k-means (default 1); the scores are those of one thread below 100,000 customers', async () => {
    seen.length = 0;
    const one = await run(['score', 'fixtures/bank'], dir);
    const two = await run(['score', 'fixtures/bank', '--threads', '2'], dir);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(seen.map((o) => o.threads)).toEqual([1, 2]);
    expect(two.stdout).toBe(one.stdout);
  });

  it('report: --threads reaches k-means', async () => {
    seen.length = 0;
    const r = await run(['report', 'fixtures/bank', '--threads', '2', '--holdout-months', '0', '--out', 'r.html'], dir);
    expect(r.code).toBe(0);
    expect(seen.map((o) => o.threads)).toEqual([2]);
  });

  it('--threads with --model (nothing fitted) is a usage error, not silently ignored', async () => {
    const saved = await run(['score', 'fixtures/bank', '--clusters', '3', '--save-model', 'model.json'], dir);
    expect(saved.code).toBe(0);
    seen.length = 0;
    for (const command of ['score', 'report']) {
      const r = await run([command, 'fixtures/bank', '--model', 'model.json', '--threads', '2', '--out', `x.${command}`], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/'--threads' applies when fitting/);
    }
    expect(seen).toHaveLength(0);
  });

  it('a bad --threads is a usage error, before any work', async () => {
    seen.length = 0;
    for (const command of ['score', 'report']) {
      for (const t of ['0', '1.5', 'x', '257']) {
        const r = await run([command, 'fixtures/bank', '--threads', t], dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/option '--threads'/);
      }
    }
    expect(seen).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { NumberFormatWorker } from '../../src/scoring/number-format-worker.js';
import { ScoreCsvWriter } from '../../src/scoring/score-csv-writer.js';
import { writeScoredParts } from '../../src/scoring/scored-parts-csv.js';
import { SCORED_PARTS } from '../../src/scoring/score-records.js';
import type { ScoredParts } from '../../src/scoring/score-records.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { createRandom } from '../../src/random.js';

/** The bytes a writer with these threads (and worker) gives for a scored bank. */
function csvBytes(parts: ScoredParts, threads: 1 | 2, worker?: NumberFormatWorker): string {
  const out: Buffer[] = [];
  const w = new ScoreCsvWriter((b) => out.push(Buffer.from(b)), 1 << 16, threads, worker);
  w.text('header\n');
  writeScoredParts(w, parts, 0, parts.a.n, 'test');
  w.flush();
  w.close();
  return Buffer.concat(out).toString('utf8');
}

describe('NumberFormatWorker and ScoreCsvWriter threads: 2', () => {
  const scores = scoreCustomers(simulateBank({ customers: 6000, months: 24, seed: 21 }), {});
  const parts = (scores as unknown as Record<symbol, ScoredParts>)[SCORED_PARTS]!;
  const one = csvBytes(parts, 1);

  it('formats batches as JSON.stringify on this thread does, in two alternating slots', () => {
    const worker = new NumberFormatWorker(1000);
    try {
      const rng = createRandom(4);
      for (let batch = 0; batch < 5; batch++) {
        const input = worker.nextInput();
        const numbers = Array.from({ length: 1 + rng.int(1000) }, () => rng.normal(0, 10 ** rng.int(30)) * (rng.next() < 0.1 ? 1e-310 : 1));
        input.set(numbers);
        const seq = worker.submit(numbers.length);
        expect(worker.take(seq)!.toString('latin1')).toBe(JSON.stringify(numbers));
      }
      expect(worker.alive).toBe(true);
    } finally {
      worker.close();
    }
    expect(worker.alive).toBe(false);
  });

  it('writes the same bytes with a worker as on one thread (several blocks in flight)', () => {
    expect(csvBytes(parts, 2) === one).toBe(true);
    expect(one.split('\n').length).toBe(6002);
  });

  it('falls back to this thread, same bytes, when the worker throws or never answers', () => {
    // A worker whose formatting fails raises the failed slot (slot 2 of the control array).
    const failing = new NumberFormatWorker(
      45_056,
      10_000,
      `import('node:worker_threads').then(({ workerData }) => { const c = new Int32Array(workerData.control); Atomics.store(c, 2, 1); Atomics.notify(c, 1); });`,
    );
    const started = Date.now();
    expect(csvBytes(parts, 2, failing) === one).toBe(true);
    expect(failing.alive).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    // One that dies at once, or never answers, is given up after the wait limit.
    for (const source of [`throw new Error('boom');`, `setInterval(() => {}, 1000);`]) {
      const worker = new NumberFormatWorker(45_056, 100, source);
      expect(csvBytes(parts, 2, worker) === one).toBe(true);
      expect(worker.alive).toBe(false);
    }
  });
});

// Load: the same analysis run serially, concurrently in one thread (Promise.all, the reads
// interleaving at every chunk) and in parallel worker threads must give bit-identical results:
// clvkit keeps no shared mutable state between calls.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readTransactions } from '../../src/io/read-transactions.js';
import { streamTransactions } from '../../src/io/stream-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { runPipeline, type PipelineResult } from './pipeline.js';

const SEEDS = [11, 12, 13];

function inWorker(seeds: number[]): Promise<PipelineResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pipeline-worker.mjs', import.meta.url), { workerData: { seeds } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('worker timed out'));
    }, 60_000);
    worker.once('message', (results: PipelineResult[]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(results);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('concurrent analyses give identical results', () => {
  let serial: PipelineResult[] = [];

  it('serial baseline: one run per seed, and a repeat of the first is identical', async () => {
    serial = [];
    for (const seed of SEEDS) serial.push(await runPipeline(seed));
    expect(await runPipeline(SEEDS[0]!)).toEqual(serial[0]);
    // Different seeds give different books (the comparison below is not vacuous).
    expect(serial[0]!.bgNbd).not.toEqual(serial[1]!.bgNbd);
    for (const r of serial) for (const v of [...r.probabilityAlive, ...r.expected52]) expect(Number.isFinite(v)).toBe(true);
  });

  it('Promise.all over the seeds, each twice, interleaved: identical to serial', async () => {
    const seeds = [...SEEDS, ...[...SEEDS].reverse()];
    const results = await Promise.all(seeds.map((seed) => runPipeline(seed)));
    results.forEach((r, i) => expect(r).toEqual(serial[SEEDS.indexOf(seeds[i]!)]));
  });

  it('two worker threads (tsx-loaded source) in parallel: identical to serial', async () => {
    const [a, b] = await Promise.all([inWorker(SEEDS), inWorker([...SEEDS].reverse())]);
    expect(a).toEqual(serial);
    expect(b).toEqual([...serial].reverse());
  });
});

describe('concurrent reads of one file', () => {
  const FILE = fileURLToPath(new URL('../../fixtures/bank/transactions.csv', import.meta.url));

  it('four readTransactions and four streaming summaries of the same file at once agree with a serial read', async () => {
    const serial = await readTransactions(FILE);
    const options = { observationEnd: '2024-12-31', timeUnit: 'week' } as const;
    const serialSummary = summarizeCustomers(serial, options);
    const [tables, summaries] = await Promise.all([
      Promise.all([1, 2, 3, 4].map(() => readTransactions(FILE))),
      Promise.all([1, 2, 3, 4].map(() => summarizeCustomers(streamTransactions(FILE), options))),
    ]);
    for (const t of tables) {
      expect(t.stats).toEqual(serial.stats);
      expect(t.customerIds).toEqual(serial.customerIds);
      expect(t.amount).toEqual(serial.amount);
      expect(t.day).toEqual(serial.day);
    }
    for (const s of summaries) {
      expect(s.customerId).toEqual(serialSummary.customerId);
      expect(s.frequency).toEqual(serialSummary.frequency);
      expect(s.totalAmount).toEqual(serialSummary.totalAmount);
    }
  });
});

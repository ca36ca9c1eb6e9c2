// `clvkit summarize` (and every command that summarises transactions) streams: it never collects the
// rows into a TransactionTable, so its memory grows with customers, not rows (bench/stream-memory.ts
// measures it at 50M rows). Here the collecting reader is replaced by one that fails: the command must
// not need it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsv, run, TX, workDir } from '../cli-harness.js';

vi.mock('../../../src/io/read-transactions.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/io/read-transactions.js')>();
  return {
    ...original,
    readTransactions: () => {
      throw new Error('readTransactions collects every row: the CLI must stream');
    },
  };
});

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describe('clvkit summarize streams its input', () => {
  it('summarize, fit and rfm run without the row-collecting reader', async () => {
    const r = await run(['summarize', TX, '--observation-end', '2024-12-31'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout).rows).toHaveLength(5000);
    for (const argv of [
      ['fit', TX, '--observation-end', '2024-12-31'],
      ['rfm', TX, '--observation-end', '2024-12-31'],
    ]) {
      expect((await run(argv, dir)).code, argv[0]).toBe(0);
    }
  });
});

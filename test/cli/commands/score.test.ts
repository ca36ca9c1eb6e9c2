import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreCustomers } from '../../../src/scoring/score-customers.js';
import { readBankBook } from '../../../src/simulate/read-bank-book.js';
import { parseCsv, ROOT, run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
let fitted: Awaited<ReturnType<typeof run>>;
beforeAll(async () => {
  ({ dir, cleanup } = workDir());
  fitted = await run(['score', 'fixtures/bank', '--save-model', 'model.json'], dir);
});
afterAll(() => cleanup());

describe('clvkit score', () => {
  it('scores every customer of the book exactly as scoreCustomers does, and saves the model', async () => {
    expect(fitted.code).toBe(0);
    expect(fitted.stderr).toBe('');
    const library = scoreCustomers(await readBankBook(join(ROOT, 'fixtures/bank')), {});
    expect(fitted.stdout).toBe(library.toCsv());
    const { header, rows } = parseCsv(fitted.stdout);
    expect(rows).toHaveLength(5000);
    expect(header).toContain('valueCell');
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(library.model)));
  });

  it('--model applies the saved model without refitting: on the training book, identical scores', async () => {
    const applied = await run(['score', 'fixtures/bank', '--model', 'model.json'], dir);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toBe(fitted.stdout);
  });

  it('the matrix view counts every customer; JSON has records, matrix and diagnostics', async () => {
    const m = parseCsv((await run(['score', 'fixtures/bank', '--model', 'model.json', '--view', 'matrix'], dir)).stdout);
    expect(m.header).toEqual(['cell', 'label', 'customers', 'share', 'total_value', 'value_share', 'treatment']);
    expect(m.rows.reduce((s, r) => s + Number(r[2]), 0)).toBe(5000);
    const j = JSON.parse((await run(['score', 'fixtures/bank', '--model', 'model.json', '--format', 'json'], dir)).stdout) as {
      format: string;
      customers: unknown[];
      diagnostics: { customers: number };
    };
    expect(j.format).toBe('clvkit-scores');
    expect(j.customers).toHaveLength(5000);
    expect(j.diagnostics.customers).toBe(5000);
  });

  it('a CLV model from fit, a broken model, a missing book: exit 1 naming the file; flag conflicts: exit 2', async () => {
    writeFileSync(join(dir, 'clv.json'), (await run(['fit', 'fixtures/bank/transactions.csv', '--observation-end', '2024-12-31'], dir)).stdout);
    const clv = await run(['score', 'fixtures/bank', '--model', 'clv.json'], dir);
    expect(clv.code).toBe(1);
    expect(clv.stderr).toMatch(/INVALID_MODEL.*clvkit predict.*\(clv\.json\)/);
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ format: 'clvkit-scoring-model', version: 2 }));
    expect((await run(['score', 'fixtures/bank', '--model', 'v2.json'], dir)).stderr).toMatch(/INVALID_MODEL.*v2\.json, option version/);
    const missing = await run(['score', 'no-book', '--out', 'never.csv'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/IO_ERROR.*file not found.*no-book/);
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
    expect((await run(['score', 'fixtures/bank', '--model', 'model.json', '--save-model', 'x.json'], dir)).code).toBe(2);
    expect((await run(['score', 'fixtures/bank', '--horizon-months', '0'], dir)).code).toBe(2);
  });
});

describe('clvkit score --retention-model', () => {
  it('sBG by default, one-year-ratio on request: the saved model says which, and the scores match the library', async () => {
    const saved = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { value: { assumptions: { retentionModel: string } } };
    expect(saved.value.assumptions.retentionModel).toBe('sbg');
    const ratio = await run(['score', 'fixtures/bank', '--retention-model', 'one-year-ratio', '--save-model', 'ratio.json'], dir);
    expect(ratio.code).toBe(0);
    const library = scoreCustomers(await readBankBook(join(ROOT, 'fixtures/bank')), { value: { retentionModel: 'one-year-ratio' } });
    expect(ratio.stdout).toBe(library.toCsv());
    expect(ratio.stdout).not.toBe(fitted.stdout);
    const model = JSON.parse(readFileSync(join(dir, 'ratio.json'), 'utf8')) as { value: { assumptions: { retentionModel: string } } };
    expect(model.value.assumptions.retentionModel).toBe('one-year-ratio');
    const bad = await run(['score', 'fixtures/bank', '--retention-model', 'ratio'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/retention-model/);
    // A saved model keeps its own retention: the flag would be ignored, so it is refused.
    const withModel = await run(['score', 'fixtures/bank', '--model', 'model.json', '--retention-model', 'sbg'], dir);
    expect(withModel.code).toBe(2);
    expect(withModel.stderr).toMatch(/--retention-model/);
  }, 60_000);
});

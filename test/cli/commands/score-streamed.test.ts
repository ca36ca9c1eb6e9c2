import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workDir } from '../cli-harness.js';

describe('clvkit score --stream', () => {
  const { dir, cleanup } = workDir();
  afterAll(cleanup);
  let inMemory: string;
  beforeAll(async () => {
    expect((await run(['score', 'fixtures/bank', '--save-model', 'model.json', '--out', 'fit.csv'], dir)).code).toBe(0);
    expect((await run(['score', 'fixtures/bank', '--model', 'model.json', '--out', 'applied.csv'], dir)).code).toBe(0);
    inMemory = readFileSync(join(dir, 'applied.csv'), 'utf8');
  }, 60_000);

  it('writes, chunk by chunk, the same CSV as applying the model in memory', async () => {
    const r = await run(['score', 'fixtures/bank', '--model', 'model.json', '--stream', '--chunk-size', '2000', '--out', 'streamed.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(join(dir, 'streamed.csv'), 'utf8')).toBe(inMemory);
  }, 60_000);

  it('writes Parquet and JSON lines by the extension of --out', async () => {
    expect((await run(['score', 'fixtures/bank', '--model', 'model.json', '--stream', '--chunk-size', '2500', '--out', 's.jsonl'], dir)).code).toBe(0);
    const lines = readFileSync(join(dir, 's.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(5000);
    expect((JSON.parse(lines[0]!) as { customerId: string }).customerId).toBe(inMemory.split('\n')[1]!.split(',')[0]);
    expect((await run(['score', 'fixtures/bank', '--model', 'model.json', '--stream', '--chunk-size', '2500', '--out', 's.parquet'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 's.parquet')).subarray(0, 4).toString()).toBe('PAR1');
  }, 60_000);

  it('usage errors: no --model, no --out, an unknown extension, --view matrix', async () => {
    for (const argv of [
      ['score', 'fixtures/bank', '--stream', '--out', 'x.csv'],
      ['score', 'fixtures/bank', '--model', 'model.json', '--stream'],
      ['score', 'fixtures/bank', '--model', 'model.json', '--stream', '--out', 'x.txt'],
      ['score', 'fixtures/bank', '--model', 'model.json', '--stream', '--out', 'x.csv', '--view', 'matrix'],
      ['score', 'fixtures/bank', '--model', 'model.json', '--stream', '--chunk-size', '0', '--out', 'x.csv'],
    ]) {
      const r = await run(argv, dir);
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 2]);
    }
  });

  it('refuses the flags that shape a fit, with --stream and with --model alike (the saved model keeps its own)', async () => {
    for (const flag of [
      ['--tags', 'fixtures/own-vocabulary/tag-rules.json'],
      ['--threads', '2'],
      ['--retention-model', 'sbg'],
      ['--bands', 'bands.json'],
      ['--peer-group', 'segment'],
    ]) {
      for (const mode of [
        ['--stream', '--out', 'x.csv'],
        ['--out', 'y.csv'],
      ]) {
        const argv = ['score', 'fixtures/bank', '--model', 'model.json', ...mode, ...flag];
        const r = await run(argv, dir);
        expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 2]);
        expect(r.stderr).toContain(`'${flag[0]}' applies when fitting`);
      }
    }
  }, 60_000);
});

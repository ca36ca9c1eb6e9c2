import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, TX, workDir } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

/** The real bin entry in a child process (through tsx, so the test needs no build). */
function clvkit(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'node_modules/tsx/dist/esm/index.mjs'), join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the clvkit bin, end to end in a child process', () => {
  it('--version, and exit codes 0 / 1 / 2 as the process exit status', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(clvkit(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n` });
    const usage = clvkit(['rfm', TX, '--observation-end', '2024-12-31', '--bins', 'x']);
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
    const bad = clvkit(['summarize', '-', '--observation-end', '2024-12-31', '--out', 'never.csv'], 'customer_id,date,amount\nA,2024-01-01,ten\n');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/INVALID_NUMBER.*<stdin>, line 2, column amount/);
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });

  it('fit → predict through files, with nothing on stderr when it is not a terminal', () => {
    const fit = clvkit(['fit', TX, '--observation-end', '2024-12-31', '--out', 'model.json']);
    expect(fit).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const predict = clvkit(['predict', TX, '--model', 'model.json', '--observation-end', '2024-12-31']);
    expect(predict.status).toBe(0);
    expect(predict.stderr).toBe('');
    expect(predict.stdout.split('\n')[0]).toBe('customer_id,frequency,recency,T,p_alive,expected_transactions');
    expect(predict.stdout.trim().split('\n')).toHaveLength(5001);
  });

  it('a full disk on standard output (/dev/full: ENOSPC) is a typed IO_ERROR with exit status 1', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', join(ROOT, 'node_modules/tsx/dist/esm/index.mjs'), join(ROOT, 'src/cli/main.ts'), 'summarize', TX, '--observation-end', '2024-12-31'],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^clvkit: error \[IO_ERROR\]: cannot write to standard output: ENOSPC/);
  });
});

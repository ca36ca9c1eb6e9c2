import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
let pkg: string;
let consumer: string;

/**
 * Build the package's public entries (library, clvkit/danfo, CLI) with a test-only tsup config into a
 * temporary package folder — never touching the project's dist/ — with the package.json the package
 * ships (plus the `./danfo` export and the `bin` it needs) and node_modules linked to the project's.
 */
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'clvkit-built-'));
  pkg = join(base, 'clvkit');
  mkdirSync(join(pkg, 'examples/deno'), { recursive: true });
  const build = spawnSync(join(ROOT, 'node_modules/.bin/tsup'), ['--config', 'test/examples/tsup.test-config.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CLVKIT_TEST_OUT: join(pkg, 'dist') },
  });
  if (build.status !== 0) throw new Error(`tsup failed:\n${build.stdout}\n${build.stderr}`);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin?: unknown };
  manifest.exports['./danfo'] ??= { import: { default: './dist/danfo/index.js' }, require: { default: './dist/danfo/index.cjs' } };
  manifest.bin ??= { clvkit: './dist/cli/main.js' };
  writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2));
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  mkdirSync(join(pkg, 'fixtures'));
  symlinkSync(join(ROOT, 'fixtures/bank'), join(pkg, 'fixtures/bank'));
  copyFileSync(join(ROOT, 'examples/deno/quick-start.js'), join(pkg, 'examples/deno/quick-start.js'));
  // A project that depends on clvkit (and danfojs) by name.
  consumer = join(base, 'consumer');
  mkdirSync(join(consumer, 'node_modules'), { recursive: true });
  symlinkSync(pkg, join(consumer, 'node_modules/clvkit'));
  symlinkSync(join(ROOT, 'node_modules/danfojs'), join(consumer, 'node_modules/danfojs'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  return () => rmSync(base, { recursive: true, force: true });
}, 120_000);

describe('the built package', () => {
  it('runs under Deno from dist/, offline, with npm dependencies from node_modules', () => {
    const r = spawnSync(
      join(ROOT, 'node_modules/.bin/deno'),
      ['run', '--allow-read', '--node-modules-dir=manual', '--no-remote', 'examples/deno/quick-start.js'],
      {
        cwd: pkg,
        encoding: 'utf8',
        env: { ...process.env, DENO_DIR: join(pkg, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Deno \d+\.\d+\.\d+: 5000 customers, 29282 transactions\n/);
    expect(r.stdout).toMatch(/Gini of spend 0\.\d{3}/);
  });

  it('imports by package name under tsx: ESM, CommonJS and clvkit/danfo give the same results', () => {
    writeFileSync(
      join(consumer, 'check.ts'),
      `import { createRequire } from 'node:module';
import * as dfd from 'danfojs';
import { fitBgNbd, readTransactionsSync, summarizeCustomers, ClvkitError } from 'clvkit';
import { fromDataFrame, toDataFrame } from 'clvkit/danfo';
const require = createRequire(import.meta.url);
const cjs = require('clvkit') as typeof import('clvkit');
const csv = 'customer_id,date,amount\\nA,2024-01-01,10\\nA,2024-02-01,12\\nB,2024-01-10,5\\nC,2024-01-05,7\\nC,2024-01-20,3\\nC,2024-03-01,9';
const esmSummary = summarizeCustomers(readTransactionsSync(csv), { observationEnd: '2024-03-31', timeUnit: 'week' });
const cjsSummary = cjs.summarizeCustomers(cjs.readTransactionsSync(csv), { observationEnd: '2024-03-31', timeUnit: 'week' });
const df = new dfd.DataFrame({ customer_id: ['A', 'A', 'B', 'C', 'C', 'C'], date: ['2024-01-01', '2024-02-01', '2024-01-10', '2024-01-05', '2024-01-20', '2024-03-01'], amount: [10, 12, 5, 7, 3, 9] });
const fromDf = summarizeCustomers(fromDataFrame(df, { as: 'transactions' }), { observationEnd: '2024-03-31', timeUnit: 'week' });
const back = toDataFrame(fromDf, dfd, { columns: ['customerId', 'frequency'] });
console.log(JSON.stringify({
  esm: Array.from(esmSummary.frequency), cjs: Array.from(cjsSummary.frequency), danfo: back.column('frequency').values,
  errors: [new ClvkitError('EMPTY_INPUT', 'x').code, new cjs.ClvkitError('EMPTY_INPUT', 'x').code], fit: typeof fitBgNbd,
}));
`,
    );
    const r = spawnSync(process.execPath, ['--import', TSX, 'check.ts'], { cwd: consumer, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toEqual({ esm: [1, 0, 2], cjs: [1, 0, 2], danfo: [1, 0, 2], errors: ['EMPTY_INPUT', 'EMPTY_INPUT'], fit: 'function' });
  });

  it('the built bin (ESM and CommonJS) prints its version and exits 2 on a usage error', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const bin of ['dist/cli/main.js', 'dist/cli/main.cjs']) {
      const v = spawnSync(process.execPath, [join(pkg, bin), '--version'], { cwd: pkg, encoding: 'utf8' });
      expect(v.stdout).toBe(`${version}\n`);
      const bad = spawnSync(process.execPath, [join(pkg, bin), 'pareto'], { cwd: pkg, encoding: 'utf8' });
      expect(bad.status).toBe(2);
      const ok = spawnSync(process.execPath, [join(pkg, bin), 'pareto', 'fixtures/bank/transactions.csv', '--observation-end', '2024-12-31'], {
        cwd: pkg,
        encoding: 'utf8',
      });
      expect(ok.status).toBe(0);
      expect(ok.stdout.split('\n')[6]).toMatch(/^gini,0\.59/);
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferWriter } from '../../../src/cli/cli-io.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { reportCommand } from '../../../src/cli/commands/report.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { workDir } from '../cli-harness.js';

// The command list with `report` (added here too, so the test does not depend on the registry line).
const commands = COMMANDS.some((c) => c.name === 'report') ? COMMANDS : [...COMMANDS, reportCommand];

async function run(argv: readonly string[], cwd: string) {
  const stdout = bufferWriter();
  const stderr = bufferWriter();
  const code = await runCli(argv, { stdout, stderr, stderrIsTTY: false, cwd }, commands);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describe('clvkit report', () => {
  it('writes the HTML report of the bundled book to --out', async () => {
    const r = await run(['report', 'fixtures/bank', '--out', 'report.html', '--holdout-months', '6'], dir);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual([
      'overview',
      'concentration',
      'rfm',
      'tiers',
      'clusters',
      'model',
      'clv',
      'value-matrix',
    ]);
    expect(html).toContain('Holdout repeat purchases: predicted');
    expect(html).toContain('Value (AUM)');
    // The value section says which retention model the survival used: sBG by default.
    expect(html).toMatch(/tier retention from shifted-beta-geometric fits on the acquisition cohorts \(annual: Mass retail [0-9.]+%, Affluent [0-9.]+%/);
  });

  it('--retention-model one-year-ratio: the report says so', async () => {
    const r = await run(['report', 'fixtures/bank', '--retention-model', 'one-year-ratio', '--holdout-months', '0', '--clusters', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('still on it (annual: ');
    expect(r.stdout).not.toContain('shifted-beta-geometric');
    expect((await run(['report', 'fixtures/bank', '--retention-model', 'sBG'], dir)).code).toBe(2);
  });

  it('zh-CN with a title, to stdout; no holdout', async () => {
    const r = await run(['report', 'fixtures/bank', '--locale', 'zh-CN', '--title', '客户价值 <测试>', '--holdout-months', '0', '--clusters', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<title>客户价值 &lt;测试&gt;</title>');
    expect(r.stdout).not.toContain('<section id="clusters">');
    expect(r.stdout).not.toContain('留出期重复购买');
    expect(r.stdout).toContain('移位贝塔几何（sBG）');
  });

  it('usage and input errors', async () => {
    expect((await run(['report', 'fixtures/bank', '--locale', 'fr'], dir)).code).toBe(2);
    expect((await run(['report', 'fixtures/bank', '--format', 'json'], dir)).code).toBe(2);
    const missing = await run(['report', 'no-such-book', '--out', 'x.html'], dir);
    expect(missing.code).toBe(1);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});

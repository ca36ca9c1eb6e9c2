import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liveTempFiles, releaseTempFile, trackTempFile } from '../../src/cli/temp-files.js';
import { ROOT } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-temp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Child {
  readonly child: ReturnType<typeof spawn>;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A child that starts an atomic write's temporary file, says "ready" and waits to be stopped. */
function childWithTempFile(temp: string): Child {
  const script = `
    import { writeFileSync } from 'node:fs';
    import { trackTempFile } from ${JSON.stringify(join(ROOT, 'src/cli/temp-files.ts'))};
    const temp = ${JSON.stringify(temp)};
    writeFileSync(temp, 'partial output');
    trackTempFile(temp);
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', join(ROOT, 'node_modules/tsx/dist/esm/index.mjs'), '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return {
    child,
    ready: new Promise<void>((r) => child.stdout!.once('data', () => r())),
    exited: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal }))),
  };
}

describe('temporary files on signals', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} removes a live temporary file and the process still ends by ${signal}`, async () => {
      const temp = join(dir, `.out.csv.${signal}.tmp`);
      const c = childWithTempFile(temp);
      await c.ready;
      expect(existsSync(temp)).toBe(true);
      c.child.kill(signal);
      const end = await c.exited;
      expect(end.signal).toBe(signal);
      expect(existsSync(temp)).toBe(false);
    }, 20_000);
  }

  it('installs its handlers only while a temporary file is live', () => {
    const before = process.listenerCount('SIGTERM');
    trackTempFile(join(dir, 'a.tmp'));
    trackTempFile(join(dir, 'b.tmp'));
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(liveTempFiles()).toHaveLength(2);
    releaseTempFile(join(dir, 'a.tmp'));
    releaseTempFile(join(dir, 'b.tmp'));
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(liveTempFiles()).toEqual([]);
  });
});

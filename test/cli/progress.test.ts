import { describe, expect, it } from 'vitest';
import { bufferWriter } from '../../src/cli/cli-io.js';
import { createProgress } from '../../src/cli/progress.js';

describe('createProgress', () => {
  it('is silent when stderr is not a terminal', () => {
    const stderr = bufferWriter();
    const p = createProgress({ stdout: bufferWriter(), stderr, stderrIsTTY: false });
    expect(p.onRead).toBeUndefined();
    p.step('fitting');
    p.done();
    expect(stderr.text()).toBe('');
  });

  it('draws a bar by bytes, a row count without a size, a step label, and clears its line', () => {
    const stderr = bufferWriter();
    const p = createProgress({ stdout: bufferWriter(), stderr, stderrIsTTY: true });
    p.onRead!({ rows: 1_234_567, bytes: 50, totalBytes: 200 });
    expect(stderr.text()).toBe('\r\u001b[2Kreading [######..................] 25% 1,234,567 rows');
    p.onRead!({ rows: 10, bytes: 5, totalBytes: undefined });
    expect(stderr.text().endsWith('\r\u001b[2Kreading 10 rows')).toBe(true);
    p.step('fitting bg-nbd');
    expect(stderr.text().endsWith('fitting bg-nbd…')).toBe(true);
    p.done();
    expect(stderr.text().endsWith('\r\u001b[2K')).toBe(true);
    const before = stderr.text();
    p.done();
    expect(stderr.text()).toBe(before);
  });
});

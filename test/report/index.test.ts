import { describe, expect, it } from 'vitest';
import * as report from '../../src/report/index.js';

describe('report entry', () => {
  it('exports the report functions', () => {
    for (const name of ['buildReport', 'renderReport', 'reportInputFromScores', 'escapeHtml'])
      expect(typeof (report as Record<string, unknown>)[name], name).toBe('function');
  });
});

import { describe, expect, it } from 'vitest';
import { REPORT_CSS } from '../../src/report/report-style.js';

describe('REPORT_CSS', () => {
  it('loads nothing: no url(), @import or @font-face; system font stacks with a generic family', () => {
    expect(REPORT_CSS).not.toMatch(/url\(|@import|@font-face/i);
    expect(REPORT_CSS).toMatch(/font-family:[^;]*sans-serif;/);
    expect(REPORT_CSS).toContain('@media print');
  });
});

import { describe, expect, it } from 'vitest';
import { htmlTable } from '../../src/display/html-table.js';

describe('htmlTable', () => {
  it('escapes every text from data, including the shape line and column names', () => {
    const html = htmlTable('<b>T</b>', { names: ['<id>'], head: [{ '<id>': '<script>alert(1)</script>' }], tailStart: 1, tail: [] });
    expect(html).not.toMatch(/<script|<b>|<id>/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('has one body row per shown row plus a … row between head and tail', () => {
    const html = htmlTable('T', { names: ['x'], head: [{ x: 1 }, { x: 2 }], tailStart: 8, tail: [{ x: 9 }] });
    expect(html.match(/<tr>/g)).toHaveLength(1 + 2 + 1 + 1);
    expect(html).toContain('>8</th>');
    expect(html).toContain('>…</td>');
  });
});

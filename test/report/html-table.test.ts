import { describe, expect, it } from 'vitest';
import { htmlTable, num } from '../../src/report/html-table.js';

describe('htmlTable', () => {
  it('escapes headers, cells and caption; right-aligns numbers', () => {
    const html = htmlTable(['<b>id</b>', 'n'], [['<script>x</script>', num('1,234')]], 'a & b');
    expect(html).toContain('<th scope="col">&lt;b&gt;id&lt;/b&gt;</th>');
    expect(html).toContain('<td>&lt;script&gt;x&lt;/script&gt;</td>');
    expect(html).toContain('<td class="num">1,234</td>');
    expect(html).toContain('<caption>a &amp; b</caption>');
    expect(html).not.toContain('<script>');
  });
});

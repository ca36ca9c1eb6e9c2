import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(escapeHtml("a & b's")).toBe('a &amp; b&#39;s');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
  it('keeps ordinary text, CJK and emoji; replaces control characters and lone surrogates', () => {
    expect(escapeHtml('客户 C0001 😀\n\t')).toBe('客户 C0001 😀\n\t');
    expect(escapeHtml('a\u0000b\u001bc')).toBe('a\ufffdb\ufffdc');
    expect(escapeHtml('x\ud800y')).toBe('x\ufffdy');
    expect(escapeHtml('x\udc00')).toBe('x\ufffd');
  });
  it('never leaves a raw < > " or \' (property over many strings)', () => {
    const pieces = ['<', '>', '"', "'", '&', 'a', '中', '\u0001', '\ud83d\ude00'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let k = 0; k < 8; k++) s += pieces[(i * 7 + k * 13 + ((i >> k) & 3)) % pieces.length];
      expect(escapeHtml(s)).not.toMatch(/[<>"']/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { listCells } from '../../src/scoring/list-cells.js';
import { scoreTextCell } from '../../src/scoring/score-csv-writer.js';

describe('listCells', () => {
  it('gives the escaped joined words, by key or (long lists, large vocabularies) as text', () => {
    const cells = listCells();
    const bytesOf = (words: string[]) => {
      const cell = cells(words);
      return cell === null ? null : typeof cell === 'string' ? scoreTextCell(cell) : cell.toString('utf8');
    };
    const lists = [[], ['a'], ['=x'], ['a', 'b,c'], ['b', 'a'], ['a', 'b'], ['q"', '普通', 'c', 'd', 'e'], ['a', 'b', 'c', 'd', 'e', 'f']];
    for (const words of [...lists, ...lists]) expect(bytesOf(words)).toBe(words.length === 0 ? null : scoreTextCell(words.join('|')));
    const many = Array.from({ length: 1100 }, (_, k) => [`w${k}`, `w${k + 1}`]);
    for (const words of many) expect(bytesOf(words)).toBe(words.join('|'));
    expect(typeof cells(['w1099', 'w1100'])).toBe('string'); // the vocabulary is full: text from here on
  });

  it('gives equal bytes for lists that join equally, and a fresh cache per call', () => {
    const cells = listCells();
    expect((cells(['a|b']) as Buffer).toString()).toBe((cells(['a', 'b']) as Buffer).toString());
    expect(listCells()(['x'])).not.toBe(cells(['x']));
  });
});
